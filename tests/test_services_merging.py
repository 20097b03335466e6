import pytest
from django.core.exceptions import ValidationError

from deals.models import (
    Citation,
    Company,
    CompanyRedirect,
    Investor,
    InvestorRedirect,
    Milestone,
    Participation,
    Round,
    Watch,
)
from deals.services.companies import company_create, unique_slug
from deals.services.history import history_revert
from deals.services.merging import company_delete, company_merge, investor_delete, investor_merge

from .factories import (
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db


def test_company_merge_moves_rounds_milestones_citations_watches_and_aliases():
    keep = CompanyFactory(name="DeepSeek", slug="deepseek", aliases=["Hangzhou DeepSeek"])
    duplicate = CompanyFactory(
        name="DeepSeek AI", slug="deepseek-2", aliases=["深度求索"], sector="AI", website=""
    )
    keep.sector = ""
    keep.save()
    round_ = RoundFactory(company=duplicate)
    participation = ParticipationFactory(round=round_)
    milestone = MilestoneFactory(company=duplicate, round=round_)
    cited = CitationFactory(round=round_)
    watcher = UserFactory()
    WatchFactory(user=watcher, company=duplicate)

    company_merge(duplicate=duplicate, keep=keep)

    assert not Company.objects.filter(pk=duplicate.pk).exists()
    round_.refresh_from_db()
    milestone.refresh_from_db()
    assert round_.company_id == keep.pk and milestone.company_id == keep.pk
    assert Participation.objects.get(pk=participation.pk).round_id == round_.pk
    assert Citation.objects.get(pk=cited.pk).round_id == round_.pk
    assert Watch.objects.filter(user=watcher, company=keep).count() == 1
    keep.refresh_from_db()
    assert keep.aliases == ["Hangzhou DeepSeek", "DeepSeek AI", "深度求索"]
    assert keep.sector == "AI"  # a blank filled, never an existing value overwritten
    assert CompanyRedirect.objects.get(slug="deepseek-2").company == keep


def test_company_merge_records_history_with_the_merge_as_reason():
    keep = CompanyFactory(name="DeepSeek", slug="deepseek")
    duplicate = CompanyFactory(name="Deepseek", slug="deepseek-2")
    round_ = RoundFactory(company=duplicate)

    company_merge(duplicate=duplicate, keep=keep)

    latest = Round.history.filter(id=round_.pk).latest("history_date")
    assert latest.company_id == keep.pk
    assert latest.history_change_reason.startswith("Merged Deepseek (deepseek-2) into DeepSeek")
    gone = Company.history.filter(id=duplicate.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_change_reason.startswith("Merged")


def test_a_user_watching_both_companies_keeps_one_watch():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    user = UserFactory()
    WatchFactory(user=user, company=keep)
    WatchFactory(user=user, company=duplicate)

    company_merge(duplicate=duplicate, keep=keep)

    assert list(Watch.objects.filter(user=user).values_list("company_id", flat=True)) == [keep.pk]


def test_earlier_redirects_follow_the_next_merge():
    first, second, third = CompanyFactory(), CompanyFactory(), CompanyFactory()
    company_merge(duplicate=first, keep=second)
    company_merge(duplicate=second, keep=third)
    assert set(CompanyRedirect.objects.values_list("slug", "company_id")) == {
        (first.slug, third.pk),
        (second.slug, third.pk),
    }


def test_a_merged_slug_is_never_given_to_a_new_company():
    keep = CompanyFactory(name="DeepSeek", slug="deepseek")
    company_merge(duplicate=company_create(name="DeepSeek"), keep=keep)  # was deepseek-2
    assert unique_slug(Company, "DeepSeek") == "deepseek-3"


def test_merge_refuses_a_company_into_itself():
    company = CompanyFactory()
    with pytest.raises(ValidationError):
        company_merge(duplicate=company, keep=company)


def test_company_merge_hands_over_the_investor_profile_when_the_kept_has_none():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    profile = InvestorFactory(company=duplicate)
    company_merge(duplicate=duplicate, keep=keep)
    profile.refresh_from_db()
    assert profile.company_id == keep.pk


def test_investor_merge_joins_two_participations_in_one_round():
    keep = InvestorFactory(name="Sequoia Capital", kind="other")
    duplicate = InvestorFactory(name="Sequoia", kind="venture", aliases=["Sequoia China"])
    both = RoundFactory()
    only_duplicate = RoundFactory()
    kept = ParticipationFactory(round=both, investor=keep, lead=False)
    dropped = ParticipationFactory(round=both, investor=duplicate, lead=True)
    moved = ParticipationFactory(round=only_duplicate, investor=duplicate)
    cite_dropped = CitationFactory(participation=dropped)
    user = UserFactory()
    WatchFactory(user=user, investor=keep)
    WatchFactory(user=user, investor=duplicate)

    investor_merge(duplicate=duplicate, keep=keep)

    assert not Investor.objects.filter(pk=duplicate.pk).exists()
    assert list(both.participations.values_list("investor_id", "lead")) == [(keep.pk, True)]
    assert Citation.objects.get(pk=cite_dropped.pk).participation_id == kept.pk
    assert Participation.objects.get(pk=moved.pk).investor_id == keep.pk
    assert Watch.objects.filter(user=user).count() == 1
    keep.refresh_from_db()
    assert keep.kind == "venture"
    assert keep.aliases == ["Sequoia", "Sequoia China"]
    assert InvestorRedirect.objects.get(slug=duplicate.slug).investor == keep
    reasons = Participation.history.filter(id=dropped.pk, history_type="-")
    assert reasons.get().history_change_reason.startswith("Merged Sequoia")


def test_investor_merge_hands_over_the_company_link():
    company = CompanyFactory()
    keep, duplicate = InvestorFactory(), InvestorFactory(company=company)
    investor_merge(duplicate=duplicate, keep=keep)
    keep.refresh_from_db()
    assert keep.company_id == company.pk


def test_company_delete_is_refused_while_rounds_or_milestones_hang_on_it():
    with_round = RoundFactory().company
    with_milestone = MilestoneFactory().company
    for company in (with_round, with_milestone):
        with pytest.raises(ValidationError, match="Merge it into another record"):
            company_delete(company=company)
        assert Company.objects.filter(pk=company.pk).exists()
    assert Milestone.objects.count() == 1


def test_company_delete_removes_a_bare_company_and_its_watches():
    company = CompanyFactory()
    WatchFactory(company=company)
    company_delete(company=company)
    assert not Company.objects.filter(pk=company.pk).exists()
    assert not Watch.objects.exists()
    assert Company.history.filter(id=company.pk, history_type="-").exists()


def test_investor_delete_is_refused_while_it_took_part_in_a_round():
    investor = ParticipationFactory().investor
    with pytest.raises(ValidationError, match="1 round participation"):
        investor_delete(investor=investor)
    bare = InvestorFactory()
    investor_delete(investor=bare)
    assert list(Investor.objects.all()) == [investor]


def test_a_merged_company_brought_back_by_a_revert_can_be_merged_again():
    keep, other = CompanyFactory(), CompanyFactory()
    duplicate = CompanyFactory()
    company_merge(duplicate=duplicate, keep=keep)
    before_merge = (
        Company.history.filter(id=duplicate.pk).exclude(history_type="-").latest("history_date")
    )
    back = history_revert(record=before_merge)
    assert Company.objects.filter(pk=back.pk).exists()

    company_merge(duplicate=back, keep=other)

    assert CompanyRedirect.objects.get(slug=duplicate.slug).company == other


def test_when_both_companies_have_an_investor_profile_the_duplicates_profile_is_unlinked():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    kept_profile = InvestorFactory(company=keep)
    other_profile = InvestorFactory(company=duplicate)
    company_merge(duplicate=duplicate, keep=keep)
    kept_profile.refresh_from_db()
    other_profile.refresh_from_db()
    assert (kept_profile.company_id, other_profile.company_id) == (keep.pk, None)


def test_a_merge_into_a_record_deleted_meanwhile_is_refused():
    keep, duplicate = CompanyFactory(), CompanyFactory()
    RoundFactory(company=duplicate)
    Company.objects.filter(pk=keep.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        company_merge(duplicate=duplicate, keep=keep)
    assert Round.objects.get().company_id == duplicate.pk
