"""A later article that reports a plan done proposes its outcome: the review card says
so, and accepting records the plan as occurred on the reported day, citing the article."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.models import Milestone
from deals.selectors.record import company_record
from deals.services.proposals import proposal_accept
from tests.factories import ArticleFactory, CompanyFactory, MilestoneFactory, ProposalFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _report(company, title: str, day: dt.date, published: dt.date, sentence: str):
    article = ArticleFactory(
        url="https://robotics-daily.example/nimbus",
        published_at=dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC),
        text=sentence,
    )
    return ProposalFactory(
        article=article,
        kind="milestone",
        sentence=sentence,
        payload={
            "company": company.name,
            "title": title,
            "kind": "product_release",
            "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day"},
            "company_match": {"id": company.pk, "name": company.name},
        },
    )


def test_a_report_of_the_launch_records_the_plan_kept_with_its_source(editor, editor_client):
    nimbus = CompanyFactory(name="Nimbus Robotics")
    june_end = TODAY - dt.timedelta(days=20)
    plan = MilestoneFactory(
        company=nimbus,
        title="Atlas X2 humanoid launch",
        date_start=june_end - dt.timedelta(days=29),
        date_end=june_end,
    )
    launched = june_end - dt.timedelta(days=6)
    proposal = _report(
        nimbus,
        "Atlas X2 launch",
        launched,
        published=TODAY - dt.timedelta(days=2),
        sentence="Nimbus Robotics launched the Atlas X2 humanoid last month.",
    )
    card = editor_client.get(reverse("deals:article_detail", kwargs={"pk": proposal.article_id}))
    assert "Reports done" in card.content.decode() and plan.title in card.content.decode()
    assert proposal_accept(proposal=proposal, user=editor) == plan
    plan.refresh_from_db()
    assert (plan.status, plan.occurred_on) == ("occurred", launched)
    assert plan.citations.get().article == proposal.article
    assert Milestone.objects.count() == 1
    record = company_record(company_id=nimbus.pk, today=TODAY)
    assert (record.kept, record.judged) == (1, 1)


def test_a_plan_announced_for_later_is_not_an_outcome(editor):
    nimbus = CompanyFactory(name="Nimbus Robotics")
    plan = MilestoneFactory(company=nimbus, title="Atlas X2 humanoid launch")
    ahead = _report(
        nimbus,
        "Atlas X2 launch",
        TODAY + dt.timedelta(days=30),
        published=TODAY,
        sentence="Nimbus Robotics will launch the Atlas X2 next month.",
    )
    proposal_accept(proposal=ahead, user=editor)
    plan.refresh_from_db()
    assert plan.status == "upcoming" and plan.occurred_on is None


def test_another_things_launch_is_not_this_plans_outcome(editor):
    nimbus = CompanyFactory(name="Nimbus Robotics")
    plan = MilestoneFactory(
        company=nimbus,
        title="Atlas X2 humanoid launch",
        date_start=TODAY - dt.timedelta(days=40),
        date_end=TODAY - dt.timedelta(days=10),
    )
    other = _report(
        nimbus,
        "Shanghai factory opening",
        TODAY - dt.timedelta(days=12),
        published=TODAY,
        sentence="Nimbus Robotics opened its Shanghai factory.",
    )
    proposal_accept(proposal=other, user=editor)
    plan.refresh_from_db()
    assert plan.status == "upcoming"
    assert Milestone.objects.count() == 2
