"""Prospective investors (in talks, considering): confirmed or dropped by an editor, with
history; kept as they are by round edits; restored by a revert."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from deals import page_cache
from deals.models import Citation, Participation
from deals.services.history import history_revert
from deals.services.participations import participation_confirm, participation_drop
from deals.services.rounds import InvestorEntry, round_save

from .factories import CitationFactory, InvestorFactory, ParticipationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prospect() -> Participation:
    return ParticipationFactory(commitment="considering")


def test_confirm_makes_the_prospect_an_investor_with_a_history_record(prospect):
    participation_confirm(participation=prospect)

    prospect.refresh_from_db()
    assert prospect.commitment == "confirmed"
    latest = prospect.history.latest()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "Confirmed (was considering)"
    assert latest.prev_record.commitment == "considering"


def test_drop_deletes_the_prospect_and_its_citations_but_keeps_its_history(prospect):
    CitationFactory(round=None, participation=prospect)
    pk = prospect.pk

    participation_drop(participation=prospect)

    assert not Participation.objects.filter(pk=pk).exists()
    assert not Citation.objects.filter(participation_id=pk).exists()
    last = Participation.history.filter(id=pk).latest()
    assert (last.history_type, last.history_change_reason) == ("-", "Dropped (considering)")
    assert last.commitment == "considering"


@pytest.mark.parametrize("decide", [participation_confirm, participation_drop])
def test_a_confirmed_investor_is_neither_confirmed_again_nor_dropped(decide):
    investor = ParticipationFactory()
    with pytest.raises(ValidationError, match="already confirmed"):
        decide(participation=investor)
    investor.refresh_from_db()
    assert investor.commitment == "confirmed"
    assert investor.history.count() == 1


def test_a_second_decision_on_a_dropped_prospect_is_refused(prospect):
    participation_drop(participation=prospect)
    with pytest.raises(ValidationError, match="no longer recorded"):
        participation_confirm(participation=prospect)


def test_a_decision_replaces_the_page_cache_facts_version(prospect):
    before = page_cache.facts_version()
    participation_confirm(participation=prospect)
    after = page_cache.facts_version()
    assert after != before


def test_saving_the_round_form_keeps_a_prospect_a_prospect(prospect):
    round_ = prospect.round
    # The round form's lines carry no commitment (None): what is on file stays.
    entries = [InvestorEntry(investor=prospect.investor, name=prospect.investor.name, lead=True)]
    round_save(round=round_, investors=entries)
    prospect.refresh_from_db()
    assert (prospect.lead, prospect.commitment) == (True, "considering")


def test_a_new_line_without_a_commitment_is_a_confirmed_investor():
    round_ = RoundFactory()
    investor = InvestorFactory()
    round_save(round=round_, investors=[InvestorEntry(investor=investor, name=investor.name)])
    assert round_.participations.get().commitment == "confirmed"


def test_two_reports_of_one_investor_keep_the_further_commitment():
    round_ = RoundFactory()
    investor = InvestorFactory()
    entries = [
        InvestorEntry(investor=investor, name=investor.name, commitment="confirmed"),
        InvestorEntry(investor=investor, name=investor.name, commitment="considering"),
        InvestorEntry(investor=investor, name=investor.name, commitment="in_talks"),
    ]
    round_save(round=round_, investors=entries)
    assert round_.participations.get().commitment == "confirmed"
    round_save(round=round_, investors=entries[1:])
    assert round_.participations.get().commitment == "in_talks"


def test_reverting_the_round_restores_a_confirmed_investor_to_a_prospect(prospect):
    round_ = prospect.round
    round_save(round=round_, reason="Edited")
    version = round_.history.latest()  # the round while its investor was considering
    round_.notes = "CATL signed."
    round_save(round=round_, reason="Edited")
    participation_confirm(participation=prospect)

    history_revert(record=version)

    prospect.refresh_from_db()
    assert prospect.commitment == "considering"
