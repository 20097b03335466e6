"""Track records: each dated plan kept, late, missed or open once its date passes, for a
company and for the publication that reported it; what to watch by source reliability."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from deals.models import Milestone
from deals.selectors.record import company_record, source_record, with_verdicts
from deals.services.outcomes import milestone_record_outcome
from tests.factories import ArticleFactory, CitationFactory, CompanyFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _plan(end: dt.date, **kwargs) -> Milestone:
    return MilestoneFactory(date_start=end - dt.timedelta(days=29), date_end=end, **kwargs)


def _verdict(milestone: Milestone) -> str:
    return with_verdicts(Milestone.objects.filter(pk=milestone.pk), today=TODAY).get().verdict


def _occurred(milestone: Milestone, on: dt.date, editor) -> Milestone:
    return milestone_record_outcome(
        milestone=milestone, status="occurred", user=editor, occurred_on=on
    )


def test_on_the_last_day_promised_is_kept_the_day_after_is_late(editor):
    on_time, late = _plan(_days(-10)), _plan(_days(-10))
    _occurred(on_time, _days(-10), editor)
    _occurred(late, _days(-9), editor)
    assert (_verdict(on_time), _verdict(late)) == ("kept", "late")


def test_kept_only_after_a_reschedule_is_late(editor):
    plan = _plan(_days(-20))
    milestone_record_outcome(
        milestone=plan, status="rescheduled", user=editor, new_start=_days(-5), new_end=_days(-5)
    )
    plan.refresh_from_db()
    assert plan.date_end == _days(-5) and plan.promised_end == _days(-20)
    _occurred(plan, _days(-5), editor)
    assert _verdict(plan) == "late"


def test_missed_cancelled_open_and_ahead(editor):
    missed, cancelled = _plan(_days(-3)), _plan(_days(-3))
    milestone_record_outcome(milestone=missed, status="missed", user=editor)
    milestone_record_outcome(milestone=cancelled, status="cancelled", user=editor)
    assert (_verdict(missed), _verdict(cancelled)) == ("missed", "missed")
    assert _verdict(_plan(_days(-1))) == "open"  # the date passed, no outcome
    assert _verdict(_plan(TODAY)) == ""  # due today: not judged yet


def test_a_plan_kept_early_counts_before_its_date(editor):
    early = _plan(_days(30))
    _occurred(early, TODAY, editor)
    assert _verdict(early) == "kept"


def test_the_day_it_happened_defaults_to_today_and_is_checked(editor):
    plan = _plan(_days(-1))
    milestone_record_outcome(milestone=plan, status="occurred", user=editor)
    plan.refresh_from_db()
    assert plan.occurred_on == TODAY
    with pytest.raises(ValidationError, match="not come yet"):
        _occurred(_plan(_days(-1)), _days(2), editor)
    with pytest.raises(ValidationError, match="Only something that happened"):
        milestone_record_outcome(
            milestone=_plan(_days(-1)), status="missed", user=editor, occurred_on=TODAY
        )


def test_a_company_page_shows_its_record(analyst_client, editor):
    company = CompanyFactory()
    kept, late, missed = (_plan(_days(-10), company=company) for _ in range(3))
    _occurred(kept, _days(-12), editor)
    _occurred(late, _days(-2), editor)
    milestone_record_outcome(milestone=missed, status="missed", user=editor)
    _plan(_days(-1), company=company)  # open
    _plan(_days(40), company=company)  # ahead
    record = company_record(company_id=company.pk, today=TODAY)
    assert (record.kept, record.late, record.missed, record.open, record.ahead) == (1, 1, 1, 1, 1)
    html = analyst_client.get(company.get_absolute_url()).content.decode()
    assert "1 of 4 dated plans kept" in html
    assert "1 more still ahead" in html


def test_a_source_page_counts_the_plans_its_articles_reported(analyst_client, editor):
    reliable = ArticleFactory(url="https://www.reliable-wire.example/a")
    gossip = ArticleFactory(url="https://gossip.example/b")
    assert reliable.domain == "reliable-wire.example"
    for n in range(2):
        plan = _plan(_days(-5))
        CitationFactory(article=reliable, milestone=plan)
        _occurred(plan, _days(-6 - n), editor)
    rumour = _plan(_days(-5))
    CitationFactory(article=gossip, milestone=rumour)
    milestone_record_outcome(milestone=rumour, status="missed", user=editor)
    found = source_record(domain="reliable-wire.example", today=TODAY)
    assert found is not None and (found.record.kept, found.record.judged) == (2, 2)
    page = analyst_client.get(reverse("deals:source_detail", args=["gossip.example"]))
    assert "0 of 1" in page.content.decode() and "verdict-missed" in page.content.decode()
    assert (
        analyst_client.get(reverse("deals:source_detail", args=["nobody.example"])).status_code
        == 404
    )


def test_what_to_watch_sorts_by_how_reliable_the_source_has_been(analyst_client, editor):
    reliable = ArticleFactory(url="https://reliable.example/x")
    shaky = ArticleFactory(url="https://shaky.example/y")
    for article, status, on in ((reliable, "occurred", _days(-31)), (shaky, "missed", None)):
        past = _plan(_days(-30))
        CitationFactory(article=article, milestone=past)
        milestone_record_outcome(milestone=past, status=status, user=editor, occurred_on=on)
    MilestoneFactory(title="Unrated plan", date_start=_days(1), date_end=_days(1))
    from_shaky = MilestoneFactory(title="Shaky plan", date_start=_days(2), date_end=_days(2))
    from_reliable = MilestoneFactory(title="Sure plan", date_start=_days(3), date_end=_days(3))
    CitationFactory(article=shaky, milestone=from_shaky)
    CitationFactory(article=reliable, milestone=from_reliable)
    url = reverse("deals:what_to_watch")
    soonest = analyst_client.get(url).content.decode()
    assert soonest.index("Unrated plan") < soonest.index("Shaky plan") < soonest.index("Sure plan")
    html = analyst_client.get(url, {"sort": "reliable"}).content.decode()
    assert html.index("Sure plan") < html.index("Shaky plan") < html.index("Unrated plan")
    assert "its source kept 100%" in html
