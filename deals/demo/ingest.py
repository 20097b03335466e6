"""The demo's articles through article ingest, the way a submitted article goes.

Each article is stored (origin "demo") and run through the real pipeline in
process: clean -> extract -> resolve -> store proposals. The seed article's
proposals are then decided as the demo editor, so the DeepSeek round, CATL's
participation, the milestones and their citations are made by the code an
editor's click runs; the other articles' proposals stay pending, for review.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from deals.ingest.pipeline import ingest_article
from deals.ingest.resolve import match_investor
from deals.ingest.store import article_get_or_create
from deals.models import Article, Citation, Company, Investor, Milestone, Proposal, Round
from deals.services.milestones import milestone_save
from deals.services.proposals import proposal_accept, proposal_fields, proposal_reject

from . import seed
from .report import LoadReport
from .spec import DemoArticle, DemoMilestone, DemoRound, resolve


class DemoLoadError(Exception):
    """The demo did not load as it should; the load is rolled back."""


def demo_article_ingest(*, spec: DemoArticle, report: LoadReport) -> Article:
    """The article on file and through the pipeline; on a later run, unchanged.

    Idempotency is the pipeline's: the URL finds the article already stored, and
    an article past extraction is not worked on again, so no proposal is added.
    """
    article, created = article_get_or_create(
        origin=Article.Origin.DEMO,
        url=spec.url,
        text=spec.path.read_text(encoding="utf-8"),
        title=spec.title,
        published_at=spec.published_at,
    )
    if created:
        # "In June" is read from the day the page was fetched: the story's day, not today's.
        article.fetched_at = spec.fetched_at
        article.save(update_fields=["fetched_at", "updated_at"])
    article = Article.objects.get(pk=ingest_article(article.pk) or article.pk)
    if article.status == Article.Status.FAILED:
        raise DemoLoadError(f"Ingest of {spec.filename} failed: {article.failure_reason}")
    if created:
        proposed = article.proposals.count()
        if not proposed:
            raise DemoLoadError(f"The extractor proposed nothing from {spec.filename}.")
        report.created["proposals"] += proposed
    report.note("articles", created=created, changed=False)
    return article


def seed_decide(*, article: Article, editor: Any, report: LoadReport) -> None:
    """Decide the seed article's proposals as an editor would, then check the records.

    1. The DeepSeek round proposal and one milestone proposal of each expected
       kind are accepted. Where the extractor read a field differently from the
       story, the story's value goes in as the editor's correction (proposal_accept's
       overrides) and is reported. When this was written it read the valuation as
       "about $48 billion" (the article's USD gloss) instead of "exceed 350 billion
       yuan", and titled the release "Release V4.1"; an extractor that does not tell
       an investor in talks from one that invested reads CATL as confirmed.
    2. Anything else proposed from the article is rejected.
    3. The round close is linked to the round, as in the milestone edit form.
    4. The records are checked against the story; a difference raises DemoLoadError.
    Once the proposals are decided (an earlier run) nothing is done: from then on
    the records are the demo editors', and a restart must neither undo nor refuse
    their edits.
    """
    pending = list(article.proposals.filter(status=Proposal.Status.PENDING).order_by("id"))
    if not pending:
        return
    company = Company.objects.get(slug=seed.ROUND.company)
    round_proposal = _take(pending, kind=Proposal.Kind.ROUND, company=company)
    milestone_proposals = {
        spec: _take(pending, kind=Proposal.Kind.MILESTONE, company=company, of_kind=spec.kind)
        for spec in seed.MILESTONES
    }

    round_ = _accept(
        round_proposal, _round_expected(seed.ROUND), label="round", editor=editor, report=report
    )
    assert isinstance(round_, Round)
    milestones: dict[DemoMilestone, Milestone] = {}
    for spec, proposal in milestone_proposals.items():
        expected = _milestone_expected(spec, article=article)
        milestone = _accept(
            proposal, expected, label=f"milestone {spec.title!r}", editor=editor, report=report
        )
        assert isinstance(milestone, Milestone)
        milestones[spec] = milestone
    for proposal in pending:
        proposal_reject(proposal=proposal, user=editor)
        report.decided["rejected"] += 1

    close = milestones[seed.ROUND_CLOSE]
    if close.round_id != round_.pk:
        close.round = round_
        milestone_save(milestone=close, reason=f"Linked to its round, from article {article.pk}")

    problems = _seed_problems(article=article, round_=round_, milestones=milestones)
    if problems:
        raise DemoLoadError("The seed story did not load as reported: " + "; ".join(problems))


def _take(pending: list[Proposal], *, kind: str, company: Company, of_kind: str = "") -> Proposal:
    """The first pending proposal of this kind about `company`, taken off the list."""
    for proposal in pending:
        payload = proposal.payload or {}
        if proposal.kind != kind or (payload.get("company_match") or {}).get("id") != company.pk:
            continue
        if of_kind and payload.get("kind") != of_kind:
            continue
        pending.remove(proposal)
        return proposal
    what = f"{of_kind} milestone" if of_kind else kind
    raise DemoLoadError(f"The extractor proposed no {company.name} {what} from the seed article.")


def _round_expected(spec: DemoRound) -> dict[str, Any]:
    start, end = spec.expected_close or (None, None)
    return {
        "stage": spec.stage,
        "status": spec.status,
        "amount": spec.amount,
        "currency": spec.currency,
        "amount_qualifier": spec.amount_qualifier,
        "amount_usd": spec.amount_usd,
        "valuation": spec.valuation,
        "valuation_currency": spec.valuation_currency,
        "valuation_basis": spec.valuation_basis,
        "valuation_qualifier": spec.valuation_qualifier,
        "announced_on": spec.announced_on,
        "expected_close_start": start,
        "expected_close_end": end,
        "investors": [
            {
                "name": Investor.objects.get(slug=slug).name,
                "lead": lead,
                "commitment": spec.commitment_of(slug),
            }
            for slug, lead in spec.investors
        ],
    }


def _milestone_expected(spec: DemoMilestone, *, article: Article) -> dict[str, Any]:
    assert article.fetched_at is not None
    start, end, precision = resolve(spec.when, today=article.fetched_at.date())
    return {
        "title": spec.title,
        "kind": spec.kind,
        "date_start": start,
        "date_end": end,
        "precision": precision,
    }


def _accept(
    proposal: Proposal,
    expected: dict[str, Any],
    *,
    label: str,
    editor: Any,
    report: LoadReport,
) -> Round | Milestone:
    proposed = proposal_fields(proposal=proposal)
    overrides = {
        name: value
        for name, value in expected.items()
        if not _same(name, proposed.get(name), value)
    }
    for name, value in overrides.items():
        report.corrections.append(f"{label} {name}: {_show(proposed.get(name))} -> {_show(value)}")
    try:
        decided = proposal_accept(proposal=proposal, user=editor, overrides=overrides or None)
    except ValidationError as exc:
        raise DemoLoadError(f"Accepting the seed {label} failed: {exc}") from exc
    report.decided["accepted"] += 1
    return decided


def _same(name: str, proposed: Any, expected: Any) -> bool:
    if name == "investors":
        # Another spelling of the same investor ("Contemporary Amperex") is no error; an
        # investor read as confirmed that the story has only considering is.
        def who(entries: list[dict[str, Any]]) -> set[tuple[int | None, bool, str]]:
            return {
                (match_investor(e["name"]).id, bool(e["lead"]), e.get("commitment", "confirmed"))
                for e in entries
            }

        return who(proposed or []) == who(expected)
    return proposed == expected


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_show_investor(e) for e in value) or "none"
    return "none" if value in (None, "") else str(value)


def _show_investor(entry: dict[str, Any]) -> str:
    commitment = entry.get("commitment", "confirmed")
    tags = (["lead"] if entry["lead"] else []) + ([commitment] if commitment != "confirmed" else [])
    return entry["name"] + "".join(f" ({tag})" for tag in tags)


def _seed_problems(
    *, article: Article, round_: Round, milestones: dict[DemoMilestone, Milestone]
) -> list[str]:
    """How the accepted records differ from the story; empty when they tell it."""
    problems = []
    for name, value in _round_expected(seed.ROUND).items():
        if name == "investors":
            continue
        if getattr(round_, name) != value:
            problems.append(f"round {name} is {getattr(round_, name)!r}, not {value!r}")
    if round_.amount_usd_source != "article":
        problems.append("the round's USD figure is not the article's")
    participations = {
        slug: (lead, commitment)
        for slug, lead, commitment in round_.participations.values_list(
            "investor__slug", "lead", "commitment"
        )
    }
    expected = {slug: (lead, seed.ROUND.commitment_of(slug)) for slug, lead in seed.ROUND.investors}
    if participations != expected:
        problems.append(f"the round's investors are {participations}")
    cited = Citation.objects.filter(article=article)
    if not cited.filter(round=round_).exists():
        problems.append("the round cites no sentence")
    if round_.participations.exclude(citations__article=article).exists():
        problems.append("an investor's participation cites no sentence")
    for spec, milestone in milestones.items():
        for name, value in _milestone_expected(spec, article=article).items():
            if getattr(milestone, name) != value:
                problems.append(f"{spec.title!r} {name} is {getattr(milestone, name)!r}")
        if not cited.filter(milestone=milestone).exists():
            problems.append(f"{spec.title!r} cites no sentence")
    if milestones[seed.ROUND_CLOSE].round_id != round_.pk:
        problems.append("the round close is not linked to the round")
    problems += [
        f"a citation quotes text not in the article: {c.sentence[:60]!r}"
        for c in cited
        if c.sentence not in article.text
    ]
    return problems
