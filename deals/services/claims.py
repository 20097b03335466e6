"""Reports of one round that disagree: keep each article's version, let an editor choose.

Acceptance (deals.services.proposals) calls claims_before() on a round on file
before filling its blanks and claims_record() after saving; an editor then picks
one claim (claim_pick) or keeps "reports differ" on the fact (claim_keep_differ).
Both save the round through round_save, so django-simple-history records who
chose what and why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from deals.ingest.resolve import normalize_name
from deals.models import Article, ClaimField, Round, RoundClaim
from deals.models.choices import Commitment

# A claim names a fact; these are the Round fields it carries, the first being
# the one that must be present for the report to say anything about the fact.
CLAIM_FIELDS: dict[str, tuple[str, ...]] = {
    ClaimField.AMOUNT: ("amount", "currency", "amount_qualifier"),
    ClaimField.VALUATION: ("valuation", "valuation_currency", "valuation_qualifier"),
    ClaimField.STATUS: ("status",),
    ClaimField.STAGE: ("stage",),
    # Not a Round field: the names of the confirmed participations marked lead,
    # "; "-joined (see _leads); picking it sets the participations' lead flags.
    ClaimField.LEAD: ("leads",),
}
# Values that mean "the report did not say".
_SILENT = (None, "", "unknown")

Values = dict[str, dict[str, str]]


def claim_values(source: Round | dict[str, Any]) -> Values:
    """Fact -> its Round field values as text, for the facts this source states."""
    get = source.get if isinstance(source, dict) else lambda f: getattr(source, f, None)
    found: Values = {}
    for fact, fields in CLAIM_FIELDS.items():
        if fact == ClaimField.LEAD:
            # A report naming no lead says nothing about who led.
            if leads := _leads(source):
                found[str(fact)] = {"leads": "; ".join(leads)}
        elif get(fields[0]) not in _SILENT:
            found[str(fact)] = {f: "" if get(f) is None else str(get(f)) for f in fields}
    return found


def leads_differ(before: Values, data: dict[str, Any]) -> bool:
    """The report names a lead other than the round's: kept as a claim, not a second lead."""
    reported = claim_values(data).get(ClaimField.LEAD)
    on_file = before.get(ClaimField.LEAD)
    return bool(reported and on_file and not same_value(ClaimField.LEAD, on_file, reported))


def _leads(source: Round | dict[str, Any]) -> list[str]:
    if isinstance(source, dict):
        return sorted(
            i["name"]
            for i in source.get("investors") or []
            if i.get("lead") and i.get("commitment", Commitment.CONFIRMED) == Commitment.CONFIRMED
        )
    if source.pk is None:
        return []
    return sorted(p.investor.name for p in source.participations.all() if p.lead and p.is_confirmed)


def _lead_names(value: dict[str, str]) -> set[str]:
    return {normalize_name(n) for n in value.get("leads", "").split("; ") if n}


def same_value(fact: str, a: dict[str, str], b: dict[str, str]) -> bool:
    """Two reports agree on a fact: the same figure in the same currency, or the same word.

    "About" and "more than" are how a figure is worded, not a different figure.
    """
    fields = CLAIM_FIELDS[fact]
    if fact in (ClaimField.AMOUNT, ClaimField.VALUATION):
        return _number(a.get(fields[0])) == _number(b.get(fields[0])) and (
            a.get(fields[1], "").upper() == b.get(fields[1], "").upper()
        )
    if fact == ClaimField.LEAD:
        return _lead_names(a) == _lead_names(b)
    return a.get(fields[0]) == b.get(fields[0])


def claims_before(round_: Round) -> Values:
    """What the round on file says, read before a new report fills its blanks."""
    return claim_values(round_)


@transaction.atomic
def claims_record(
    *,
    round: Round,
    data: dict[str, Any],
    article: Article,
    sentence: str,
    before: Values,
) -> list[str]:
    """Keep this article's version of each fact it states; flag the facts that now differ.

    1. Each fact the report states becomes a claim by this article (once: the unique
       constraint makes a second acceptance of the same article a no-op).
    2. Where the round on file already said something else, that version becomes a
       claim too, credited to the round's earliest cited article, so the page can
       show both sides.
    3. A fact whose report differs from the round's value is added to
       `round.reports_differ`, which the round page and company timeline show until
       an editor settles it.
    Returns the facts newly flagged.
    """
    reported = claim_values(data)
    current = claim_values(round)
    reported_on = data.get("announced_on") or _article_day(article)
    flagged: list[str] = []
    for fact, value in reported.items():
        RoundClaim.objects.get_or_create(
            round=round,
            field=fact,
            article=article,
            defaults={"value": value, "sentence": sentence, "reported_on": reported_on},
        )
        old = before.get(fact)
        if old is not None and not same_value(fact, old, value):
            _record_on_file(round, fact, old, exclude=article)
        if fact in current and not same_value(fact, current[fact], value):
            flagged.append(str(fact))
    new = [f for f in flagged if f not in round.reports_differ]
    if new:
        round.reports_differ = sorted({*round.reports_differ, *new})
        round._change_reason = (  # type: ignore[attr-defined]
            f"Reports differ on {', '.join(new)} (article {article.pk})"
        )
        round.save(update_fields=["reports_differ"])
    return new


def _record_on_file(round_: Round, fact: str, value: dict[str, str], *, exclude: Article) -> None:
    citation = (
        round_.citations.exclude(article=exclude)
        .select_related("article")
        .order_by("created_at", "id")
        .first()
    )
    if citation is None:
        return
    RoundClaim.objects.get_or_create(
        round=round_,
        field=fact,
        article=citation.article,
        defaults={
            "value": value,
            "sentence": citation.sentence,
            "reported_on": round_.announced_on or _article_day(citation.article),
        },
    )


@transaction.atomic
def claim_pick(*, claim: RoundClaim, user: Any) -> Round:
    """The editor's choice: this report's version becomes the round's value for the fact."""
    from deals.services.rounds import round_save

    round_ = Round.objects.select_for_update().get(pk=claim.round_id)
    fields = CLAIM_FIELDS.get(claim.field)
    if fields is None or not isinstance(claim.value, dict):
        raise ValidationError("This report cannot be applied to the round.")
    investors = _investors_led_by(round_, claim.value) if claim.field == ClaimField.LEAD else None
    for name in fields if investors is None else ():
        text = claim.value.get(name, "")
        setattr(round_, name, _round_field(name).to_python(text) if text != "" else _blank(name))
    if claim.field == ClaimField.AMOUNT:
        # The USD figure followed the old amount; round_save works it out again.
        round_.amount_usd = None
        round_.amount_usd_source = ""
    round_.reports_differ = [f for f in round_.reports_differ if f != claim.field]
    _as_user(round_, user)
    return round_save(
        round=round_,
        investors=investors,
        reason=f"Chose {claim.get_field_display().lower()} as reported by "
        f"{claim_source(claim.article)}"
        + (f", {claim.reported_on:%d %b %Y}" if claim.reported_on else ""),
    )


@transaction.atomic
def claim_keep_differ(*, round: Round, field: str, user: Any) -> Round:
    """The editor leaves the fact open: the round keeps its value, marked "reports differ"."""
    from deals.services.rounds import round_save

    if field not in CLAIM_FIELDS:
        raise ValidationError(f"Unknown fact {field!r}.")
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if not round_.claims.filter(field=field).exists():
        raise ValidationError("No reports of this fact to keep apart.")
    round_.reports_differ = sorted({*round_.reports_differ, field})
    _as_user(round_, user)
    return round_save(round=round_, reason=f"Kept reports differ on {field}")


def _investors_led_by(round_: Round, value: dict[str, str]) -> list[Any]:
    """The round's investors as they stand, led by the investors this report names."""
    from deals.services.rounds import InvestorEntry

    leads = _lead_names(value)
    participations = list(round_.participations.select_related("investor"))
    if not any(normalize_name(p.investor.name) in leads for p in participations):
        raise ValidationError("None of the leads this report names is an investor in the round.")
    return [
        InvestorEntry(
            investor=p.investor,
            name=p.investor.name,
            lead=p.is_confirmed and normalize_name(p.investor.name) in leads,
            commitment=p.commitment,
        )
        for p in participations
    ]


def claim_source(article: Article) -> str:
    """ "example-wire.com": the publisher, else the address's host, else the title."""
    if article.publisher:
        return article.publisher
    host = (article.canonical_url or article.url).split("//", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.") or article.title or f"Article {article.pk}"


def _as_user(round_: Round, user: Any) -> None:
    # Outside a request (tests, shell) the history middleware has no user to record.
    if getattr(user, "is_authenticated", False):
        round_._history_user = user  # type: ignore[attr-defined]


def _round_field(name: str) -> models.Field:
    field = Round._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _blank(name: str) -> Any:
    field = _round_field(name)
    return None if field.null else field.get_default()


def _article_day(article: Article) -> date | None:
    when = article.published_at or article.fetched_at
    return when.date() if when else None


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None
