"""An editor's decision on what article ingest proposes: accept, edit-then-accept,
reject, or merge into a round already on file.

Every accepted fact keeps its source: the round, each participation named in the
sentence and the milestone get a Citation (article + sentence). A report of a
round already on file adds a citation and fills the round's blanks; it never
makes a second round.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from deals.ingest.resolve import find_matching_round, match_company, match_investor
from deals.ingest.types import DateRange, ExtractedRound, Money
from deals.models import Article, Citation, Company, Investor, Milestone, Proposal, Round
from deals.models.choices import Commitment
from deals.models.rounds import ROUND_FIELDS
from deals.services.claims import claims_before, claims_record, leads_differ
from deals.services.milestone_proposals import accept_milestone, source_sentence
from deals.services.round_closes import closes_link, closes_proposed


def proposal_fields(*, proposal: Proposal) -> dict[str, Any]:
    """The proposal as flat model-field values: what acceptance saves and the edit form shows."""
    p = proposal.payload or {}
    published = proposal.article.published_at or proposal.article.fetched_at
    if proposal.kind == Proposal.Kind.MILESTONE:
        when = p.get("date") or {}
        return {
            "company": p.get("company", ""),
            "title": p.get("title", ""),
            "kind": p.get("kind") or "other",
            "date_start": _date(when.get("start")),
            "date_end": _date(when.get("end")),
            "precision": when.get("precision") or "day",
        }
    amount = p.get("amount") or {}
    valuation = p.get("valuation") or {}
    close = p.get("expected_close") or {}
    return {
        "company": p.get("company", ""),
        # A fact the payload holds flat under the field's name; those below are nested
        # or defaulted as the extraction types (deals.ingest.types) shape them.
        **{f: _payload_value(f, p.get(f)) for f in ROUND_FIELDS},
        "stage": p.get("stage") or "unknown",
        "status": p.get("status") or "completed",
        "amount": _decimal(amount.get("value")),
        "currency": amount.get("currency", ""),
        "amount_qualifier": amount.get("qualifier") or "exact",
        "amount_usd": _decimal(p.get("amount_usd")),
        "valuation": _decimal(valuation.get("value")),
        "valuation_currency": valuation.get("currency", ""),
        "valuation_basis": p.get("valuation_basis") or "unknown",
        "valuation_qualifier": valuation.get("qualifier") or "exact",
        # The report's own date, else the article's: when the round became known.
        "announced_on": _date(p.get("announced")) or (published.date() if published else None),
        "expected_close_start": _date(close.get("start")),
        "expected_close_end": _date(close.get("end")),
        "investors": [
            {
                "name": i["name"],
                "lead": bool(i.get("lead")),
                # Proposals stored before commitments were read name investors only.
                "commitment": _commitment(i.get("commitment")),
            }
            for i in p.get("investors", [])
            if i.get("name")
        ],
    }


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, user: Any, overrides: dict[str, Any] | None = None
) -> Round | Milestone:
    """Make the proposed fact a record (or add it to the one on file), with its citation.

    `overrides` are the edit form's corrections, keyed like proposal_fields().
    Raises ValidationError when the proposal was decided already or the data is invalid.
    """
    proposal = _locked_pending(proposal)
    data = {**proposal_fields(proposal=proposal), **(overrides or {})}
    hint = None if overrides and "company" in overrides else _company_hint(proposal)
    company = _company(data["company"], hint=hint)
    if proposal.kind == Proposal.Kind.MILESTONE:
        milestone = accept_milestone(proposal, data, company, user)
        proposal.created_milestone = milestone
        _decide(proposal, Proposal.Status.ACCEPTED, user)
        return milestone
    target = proposal.matched_round
    if target is not None and target.company_id != company.pk:
        target = None
    round_ = _accept_round(proposal, data, company, target, explicit=set(overrides or {}))
    proposal.matched_round = round_
    _decide(proposal, Proposal.Status.ACCEPTED, user)
    closes_link(proposal, round_, user)
    return round_


@transaction.atomic
def proposal_merge(*, proposal: Proposal, round: Round, user: Any) -> Round:
    """Treat a round proposal as another report of `round`: cite it, fill the round's blanks."""
    proposal = _locked_pending(proposal)
    if proposal.kind != Proposal.Kind.ROUND:
        raise ValidationError("Only a proposed round can be merged into a round.")
    data = proposal_fields(proposal=proposal)
    result = _accept_round(proposal, data, round.company, round, explicit=set())
    proposal.matched_round = result
    _decide(proposal, Proposal.Status.MERGED, user)
    closes_link(proposal, result, user)
    return result


@transaction.atomic
def proposal_reject(*, proposal: Proposal, user: Any) -> Proposal:
    """Reject the proposal, and with a round the close milestones proposed for it."""
    proposal = _locked_pending(proposal)
    _decide(proposal, Proposal.Status.REJECTED, user)
    for dependent in proposal_dependents(proposal=proposal):
        _decide(_locked_pending(dependent), Proposal.Status.REJECTED, user)
    return proposal


def proposal_dependents(*, proposal: Proposal) -> list[Proposal]:
    """The pending milestone proposals that stand or fall with this round proposal."""
    return closes_proposed(proposal, status=Proposal.Status.PENDING)


def _locked_pending(proposal: Proposal) -> Proposal:
    # The row lock makes two editors' clicks on one proposal act once.
    locked = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if locked.status != Proposal.Status.PENDING:
        raise ValidationError(f"This proposal was already {locked.get_status_display().lower()}.")
    return locked


def _decide(proposal: Proposal, status: str, user: Any) -> None:
    proposal.status = status
    proposal.decided_by = user if getattr(user, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.save()
    article = proposal.article
    if not article.proposals.filter(status=Proposal.Status.PENDING).exists():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEWED)


def _company_hint(proposal: Proposal) -> int | None:
    match = (proposal.payload or {}).get("company_match") or {}
    return match.get("id")


def _company(name: str, *, hint: int | None) -> Company:
    from deals.services.companies import company_get_or_create

    if hint is not None:
        found = Company.objects.filter(pk=hint).first()
        if found is not None:
            return found
    name = (name or "").strip()
    if not name:
        raise ValidationError({"company": ["Name the company."]})
    # Resolved again now: another proposal may have created the company since ingest.
    match = match_company(name)
    if match.id is not None:
        return Company.objects.get(pk=match.id)
    company, _ = company_get_or_create(name=name)
    return company


def _accept_round(
    proposal: Proposal,
    data: dict[str, Any],
    company: Company,
    target: Round | None,
    *,
    explicit: set[str],
) -> Round:
    from deals.services.rounds import InvestorEntry, round_save

    if target is None:
        target = find_matching_round(
            company_id=company.pk, extracted=_as_extracted(data), reported_on=data["announced_on"]
        )
    if target is None:
        round_ = Round(company=company, **{f: data[f] for f in ROUND_FIELDS if f in data})
        _none_to_blank(round_)
        entries = []
        before: dict[str, Any] = {}
    else:
        round_ = Round.objects.select_for_update().get(pk=target.pk)
        before = claims_before(round_)
        _fill(round_, data, explicit)
        entries = [
            InvestorEntry(
                investor=p.investor, name=p.investor.name, lead=p.lead, commitment=p.commitment
            )
            for p in round_.participations.select_related("investor")
        ]
    proposed = [
        InvestorEntry(
            investor=_investor(i["name"]),
            name=i["name"],
            lead=i["lead"],
            commitment=_commitment(i.get("commitment")),
        )
        for i in data.get("investors", [])
        if i["name"].strip()
    ]
    if target is not None and leads_differ(before, data):
        # Another lead than the round's: kept as this article's claim, not merged in.
        proposed = [replace(e, lead=False) for e in proposed]
    round_ = round_save(
        round=round_, investors=entries + proposed, reason=f"From article {proposal.article_id}"
    )
    sentence = source_sentence(proposal)
    Citation.objects.get_or_create(article=proposal.article, round=round_, sentence=sentence)
    # A fact this report gives differently is kept beside the round's, not merged.
    claims_record(
        round=round_, data=data, article=proposal.article, sentence=sentence, before=before
    )
    named = {e.investor.pk for e in proposed if e.investor}
    for participation in round_.participations.filter(investor_id__in=named):
        Citation.objects.get_or_create(
            article=proposal.article, participation=participation, sentence=sentence
        )
    return round_


def _fill(round_: Round, data: dict[str, Any], explicit: set[str]) -> None:
    """Fill the round's blanks from the report; the editor's explicit edits overwrite.

    A status moves on from pending (a later report says it closed or was called
    off) but never back: an older article saying "in talks" does not reopen it.
    """
    for field in ROUND_FIELDS:
        if field not in data:
            continue
        value = data[field]
        current = getattr(round_, field)
        if field in explicit:
            setattr(round_, field, value)
        elif field == "status":
            if current == "pending" and value in ("completed", "cancelled"):
                round_.status = value
        elif field in ("stage", "valuation_basis"):
            if current == "unknown" and value:
                setattr(round_, field, value)
        elif current in (None, "") and value not in (None, ""):
            if field == "amount" and round_.currency and data.get("currency") != round_.currency:
                continue
            setattr(round_, field, value)
            # A figure filled in brings its own "about"/"more than" with it.
            if field in ("amount", "valuation"):
                setattr(round_, f"{field}_qualifier", data.get(f"{field}_qualifier") or "exact")
    _none_to_blank(round_)


def _none_to_blank(round_: Round) -> None:
    # What the report left out takes the model's default: blank, "unknown", "exact".
    for name in ROUND_FIELDS:
        field = _round_field(name)
        value = getattr(round_, name)
        if (value is None and not field.null) or (value == "" and not field.blank):
            setattr(round_, name, field.get_default())


def _round_field(name: str) -> models.Field:
    field = Round._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _payload_value(name: str, value: Any) -> Any:
    """A flat payload value as the Round field's value; missing or unreadable, its default."""
    field = _round_field(name)
    if value not in (None, ""):
        try:
            return field.to_python(value)
        except ValidationError:
            pass
    return None if field.null else field.get_default()


def _investor(name: str) -> Investor:
    """The investor this name resolves to (fuzzy, like ingest did), created if none."""
    from deals.services.companies import investor_get_or_create

    match = match_investor(name)
    if match.id is not None:
        return Investor.objects.get(pk=match.id)
    investor, _ = investor_get_or_create(name=name.strip())
    return investor


def _as_extracted(data: dict[str, Any]) -> ExtractedRound:
    amount = None
    if data.get("amount") is not None and data.get("currency"):
        amount = Money(value=data["amount"], currency=data["currency"])
    close = None
    if data.get("expected_close_start") and data.get("expected_close_end"):
        close = DateRange(data["expected_close_start"], data["expected_close_end"], "day")
    return ExtractedRound(
        company=data.get("company", ""),
        stage=data.get("stage") or "unknown",
        amount=amount,
        amount_usd=data.get("amount_usd"),
        expected_close=close,
        announced=data.get("announced_on"),
    )


def _commitment(value: Any) -> str:
    return value if value in Commitment.values else Commitment.CONFIRMED


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
