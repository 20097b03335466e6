"""Rounds and who took part in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from deals.alerts import new_round_alerts, saved_search_alerts
from deals.currency import to_usd
from deals.enqueue import SEND_DELIVERY, enqueue_on_commit
from deals.models import Investor, Participation, Round
from deals.models.choices import Commitment, UsdSource
from deals.models.rules import currency_code

from .companies import investor_get_or_create
from .outcomes import round_close_settle


@dataclass
class InvestorEntry:
    """One investor line of a round: an existing investor, or a name to find or create."""

    investor: Investor | None
    name: str
    lead: bool = False
    # A Commitment value; None keeps what is on file (confirmed for a new line): the
    # round form does not show it, and saving the form must not confirm a prospect.
    commitment: str | None = None


# Of two reports of one investor in a round, the further along wins: an article
# saying "in talks" after another said it invested does not take the investment back.
COMMITMENT_RANK: dict[str, int] = {
    Commitment.CONSIDERING: 0,
    Commitment.IN_TALKS: 1,
    Commitment.CONFIRMED: 2,
}


def further_commitment(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a if b is None else b
    return a if COMMITMENT_RANK.get(a, 2) >= COMMITMENT_RANK.get(b, 2) else b


def _fill_amount_usd(round_: Round) -> None:
    """Set amount_usd and say where it came from.

    1. No amount: keep a USD figure only if a source stated it.
    2. The amount is in USD: the same figure.
    3. A source (or the editor) stated the USD figure: keep it.
    4. Otherwise convert at the ECB rate of the announcement day (today if
       unknown); a currency the ECB does not publish leaves it empty.
    A figure this function computed earlier ("same"/"converted") is recomputed,
    so correcting the amount or currency never leaves a stale conversion.
    """
    stated = round_.amount_usd is not None and round_.amount_usd_source in (
        "",
        UsdSource.ARTICLE,
    )
    if round_.amount is None:
        if not stated:
            round_.amount_usd, round_.amount_usd_source = None, ""
        else:
            round_.amount_usd_source = UsdSource.ARTICLE
    elif round_.currency == "USD":
        round_.amount_usd, round_.amount_usd_source = round_.amount, UsdSource.SAME
    elif stated:
        round_.amount_usd_source = UsdSource.ARTICLE
    else:
        on = round_.announced_on or timezone.localdate()
        round_.amount_usd = to_usd(round_.amount, round_.currency, on)
        round_.amount_usd_source = UsdSource.CONVERTED if round_.amount_usd is not None else ""


def _resolve(entries: Sequence[InvestorEntry]) -> dict[int, tuple[Investor, bool, str | None]]:
    """Investor id -> (investor, lead, commitment); blank names dropped, repeats merged
    (lead if any, the further commitment)."""
    resolved: dict[int, tuple[Investor, bool, str | None]] = {}
    for entry in entries:
        investor = entry.investor
        if investor is None:
            if not entry.name.strip():
                continue
            investor, _ = investor_get_or_create(name=entry.name)
        _, was_lead, was_commitment = resolved.get(investor.pk, (investor, False, None))
        commitment = further_commitment(was_commitment, entry.commitment)
        resolved[investor.pk] = (investor, entry.lead or was_lead, commitment)
    return resolved


def _replace_participations(round_: Round, entries: Sequence[InvestorEntry]) -> None:
    # Rows are updated in place rather than deleted and re-made: citations hang
    # off participations and would be lost with them.
    wanted = _resolve(entries)
    current = {p.investor_id: p for p in round_.participations.all()}
    for investor_id, participation in current.items():
        if investor_id not in wanted:
            participation.delete()
    for investor_id, (investor, lead, commitment) in wanted.items():
        existing = current.get(investor_id)
        commitment = commitment or (existing.commitment if existing else Commitment.CONFIRMED)
        if existing is not None and (existing.lead, existing.commitment) == (lead, commitment):
            continue
        participation = existing or Participation(round=round_, investor=investor)
        participation.lead = lead
        participation.commitment = commitment
        participation.full_clean()
        participation.save()


@transaction.atomic
def round_save(
    *,
    round: Round,
    investors: Sequence[InvestorEntry] | None = None,
    reason: str | None = None,
) -> Round:
    """Validate, fill the USD figure, save; with `investors`, make them the round's investors.

    Raises ValidationError (field -> messages) and saves nothing on bad data.
    """
    round_ = round
    round_.currency = currency_code(round_.currency)
    round_.valuation_currency = currency_code(round_.valuation_currency)
    errors = round_.errors()
    if errors:
        raise ValidationError(errors)
    _fill_amount_usd(round_)
    round_.full_clean()
    round_._change_reason = reason or ("Edited" if round_.pk else "Created")  # type: ignore[attr-defined]
    created = round_._state.adding
    round_.save()
    if investors is not None:
        _replace_participations(round_, investors)
    round_close_settle(round=round_, user=None)
    if created:
        # Rows written with the round (so they commit or roll back with it); the
        # senders are nudged after commit, and the sweep sends them if the broker is down.
        enqueue_on_commit(SEND_DELIVERY, new_round_alerts(round=round_))
        enqueue_on_commit(SEND_DELIVERY, saved_search_alerts(round=round_))
    return round_
