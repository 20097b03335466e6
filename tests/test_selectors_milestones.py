import datetime as dt

import pytest

from deals.selectors import milestone_get, milestone_is_overdue, milestones_to_watch

from .factories import ArticleFactory, CitationFactory, MilestoneFactory

# Raw SQL (or its SQLite fallback) the quickstart runs too.
pytestmark = [pytest.mark.django_db, pytest.mark.quickstart]
TODAY = dt.date(2026, 5, 20)


def _on(start, end=None, **kwargs):
    return MilestoneFactory(date_start=start, date_end=end or start, **kwargs)


def test_to_watch_lists_next_90_days_and_overdue_apart():
    soon = _on(TODAY + dt.timedelta(days=5))
    # A quarter that began before the horizon ends counts, even if it ends after.
    quarter = _on(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    _on(TODAY + dt.timedelta(days=120))  # beyond the horizon
    ongoing = _on(TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=10))
    overdue_recent = _on(TODAY - dt.timedelta(days=1))
    overdue_old = _on(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    _on(TODAY - dt.timedelta(days=3), status="occurred")  # outcome recorded
    _on(TODAY + dt.timedelta(days=3), status="cancelled")
    watch = milestones_to_watch(today=TODAY)
    assert watch.upcoming == [soon, ongoing, quarter]
    assert watch.overdue == [overdue_recent, overdue_old]
    assert watch.horizon_end == TODAY + dt.timedelta(days=90)


def test_to_watch_limits_each_list():
    for i in range(4):
        _on(TODAY - dt.timedelta(days=i + 1))
        _on(TODAY + dt.timedelta(days=i))
    watch = milestones_to_watch(today=TODAY, limit=3)
    assert (len(watch.overdue), len(watch.upcoming)) == (3, 3)


def test_overdue_only_when_past_and_still_upcoming():
    past = _on(TODAY - dt.timedelta(days=1))
    assert milestone_is_overdue(past, today=TODAY)
    assert not milestone_is_overdue(_on(TODAY), today=TODAY)
    assert not milestone_is_overdue(_on(TODAY - dt.timedelta(days=1), status="missed"), today=TODAY)


def test_milestone_get_loads_sources_and_missing_is_none(django_assert_num_queries):
    milestone = _on(TODAY)
    CitationFactory(milestone=milestone, article=ArticleFactory(title="Launch set for June"))
    with django_assert_num_queries(2):
        loaded = milestone_get(pk=milestone.pk)
        titles = [c.article.title for c in loaded.citations.all()]
        assert loaded.company.name
    assert titles == ["Launch set for June"]
    assert milestone_get(pk=milestone.pk + 1000) is None
