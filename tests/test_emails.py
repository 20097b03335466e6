"""deals/emails.py and the alert emails (deals.alerts): content, headers, the unsubscribe token."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from deals import alerts, emails
from deals.models import AlertDelivery, Milestone, SavedSearch, Watch
from deals.services.outcomes import milestone_record_outcome

from .factories import (
    AlertDeliveryFactory,
    ArticleFactory,
    CitationFactory,
    CompanyFactory,
    InvestorFactory,
    MilestoneFactory,
    ParticipationFactory,
    RoundFactory,
    UserFactory,
    WatchFactory,
)


@pytest.mark.django_db
def test_milestone_due_email_says_what_when_source_and_links() -> None:
    m = MilestoneFactory(
        title="V4.1 ships",
        date_start=dt.date(2026, 6, 1),
        date_end=dt.date(2026, 6, 30),
        precision="month",
        company__name="Acme & Co",
    )
    CitationFactory(milestone=m, sentence="Acme said V4.1 will ship in June.")
    row = AlertDeliveryFactory(milestone=m, user=UserFactory(role="editor"))
    message = alerts.email_for_delivery(delivery=row)
    html = message.alternatives[0][0]
    assert message.subject == "Date passed: Acme & Co – V4.1 ships (June 2026)"
    for text in (message.body, html):
        assert "June 2026" in text
        assert "Acme said V4.1 will ship in June." in text
        assert f"http://127.0.0.1:8000/milestones/{m.pk}/" in text
        assert f"http://127.0.0.1:8000/milestones/{m.pk}/outcome/" in text
    assert "Acme &amp; Co" in html and "Acme & Co" in message.body
    assert message.to == [row.user.email]


@pytest.mark.django_db
def test_every_email_has_a_row_message_id_and_list_unsubscribe() -> None:
    row = AlertDeliveryFactory()
    message = alerts.email_for_delivery(delivery=row)
    headers = message.message()
    assert headers["Message-ID"] == f"<delivery-{row.pk}@127.0.0.1>"
    unsubscribe = headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rsplit("/unsubscribe/", 1)[1].rstrip("/>")
    assert emails.user_from_unsubscribe_token(token=token) == row.user
    assert unsubscribe.strip("<>") in message.body


@pytest.mark.django_db
def test_new_round_and_rescheduled_emails_render() -> None:
    round_ = RoundFactory(company__name="Zeta")
    row = AlertDelivery.objects.create(user=UserFactory(), kind="new_round", round=round_)
    message = alerts.email_for_delivery(delivery=row)
    assert message.subject == "New round: Zeta – Series A"
    assert f"/rounds/{round_.pk}/" in message.body

    m = MilestoneFactory(title="Plant opens")
    row = AlertDelivery.objects.create(
        user=UserFactory(), kind="rescheduled", milestone=m, occasion="2027-07-01..2027-09-30"
    )
    m.precision = "quarter"
    message = alerts.email_for_delivery(delivery=row)
    assert "now Q3 2027" in message.subject


@pytest.mark.django_db
def test_digest_lists_every_row_and_is_named_after_the_first() -> None:
    user = UserFactory()
    rows = [AlertDeliveryFactory(user=user) for _ in range(2)]
    message = alerts.digest_email(user=user, deliveries=rows)
    assert message.extra_headers["Message-ID"] == f"<digest-{rows[0].pk}@127.0.0.1>"
    assert "2 alerts" in message.subject
    for row in rows:
        assert row.milestone.title in message.body


@pytest.mark.django_db
def test_a_tampered_unsubscribe_token_names_nobody() -> None:
    token = emails.unsubscribe_token(user=UserFactory())
    assert emails.user_from_unsubscribe_token(token=token[:-2] + "xx") is None
    assert emails.user_from_unsubscribe_token(token="garbage") is None


# --- what each email says, read as a recipient would -------------------------------

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "emails"


def deepseek_story() -> dict[str, Any]:
    """The demo's story: a ~50 billion yuan round with CATL, V4.1 due in June 2026."""
    company = CompanyFactory(name="DeepSeek", slug="deepseek")
    round_ = RoundFactory(
        company=company,
        stage="growth",
        status="pending",
        amount=Decimal("50000000000"),
        currency="CNY",
        amount_qualifier="about",
        amount_usd=Decimal("7360000000"),
        amount_usd_source="article",
        announced_on=dt.date(2026, 3, 2),
    )
    ParticipationFactory(round=round_, investor=InvestorFactory(name="CATL"), lead=True)
    ParticipationFactory(round=round_, investor=InvestorFactory(name="Hillhouse Capital"))
    article = ArticleFactory(
        title="CATL Considers Stake in DeepSeek Amid $7.4 Billion AI Funding Push",
        publisher="Business Wire Asia",
        published_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )
    release = MilestoneFactory(
        company=company,
        title="Release V4.1",
        date_start=dt.date(2026, 6, 1),
        date_end=dt.date(2026, 6, 30),
        precision="month",
    )
    Milestone.objects.filter(pk=release.pk).update(
        created_at=dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    )
    release.refresh_from_db()
    CitationFactory(
        article=article,
        milestone=release,
        sentence="The company plans to release V4.1 in June to shorten its update cycle.",
    )
    return {"company": company, "round": round_, "release": release}


def watching(user: Any, **target: Any) -> None:
    watch = WatchFactory(user=user, **target)
    Watch.objects.filter(pk=watch.pk).update(created_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC))


def bodies(message: Any) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


def rescheduled_rows(story: dict[str, Any], *users: Any) -> list[AlertDelivery]:
    """Each user watches the release; an editor moves it from June 2026 to Q3 2026."""
    for user in users:
        watching(user, milestone=story["release"])
    milestone_record_outcome(
        milestone=story["release"],
        status="rescheduled",
        user=UserFactory(role="editor"),
        new_start=dt.date(2026, 7, 1),
        new_end=dt.date(2026, 9, 30),
        precision="quarter",
        note="Pushed back to Q3 at the launch event.",
    )
    return [
        AlertDelivery.objects.select_related("milestone__company").get(user=u, kind="rescheduled")
        for u in users
    ]


@pytest.mark.django_db
def test_new_round_email_shows_money_as_the_site_does_with_the_investors() -> None:
    story = deepseek_story()
    row = AlertDelivery.objects.create(user=UserFactory(), kind="new_round", round=story["round"])
    text, html = bodies(alerts.email_for_delivery(delivery=row))
    for body in (text, html):
        assert "about CN¥50 billion (≈ $7.36 billion)" in body
        assert "50000000000" not in body and "Exactly" not in body
        assert "Hillhouse Capital" in body
    assert "Investors: CATL (lead), Hillhouse Capital" in text
    assert "<strong>CATL</strong> (lead), Hillhouse Capital" in html


@pytest.mark.django_db
def test_date_passed_email_says_what_was_expected_by_when_since_when_and_from_where() -> None:
    story = deepseek_story()
    user = UserFactory()
    watching(user, company=story["company"])
    row = AlertDeliveryFactory(user=user, milestone=story["release"])
    text, html = bodies(alerts.email_for_delivery(delivery=row))
    assert "Expected: Release V4.1 (product release)" in text
    assert "By:       June 2026 (that ended on 30 June 2026)" in text
    assert "On file:  since 3 March 2026" in text
    assert "Watching: DeepSeek, since 5 March 2026" in text
    assert (
        "Source: CATL Considers Stake in DeepSeek Amid $7.4 Billion AI Funding Push "
        "(Business Wire Asia, 2 March 2026)"
    ) in text
    assert "“The company plans to release V4.1 in June" in text
    assert "June 2026 (that ended on 30 June 2026)" in html
    assert "DeepSeek, since 5 March 2026" in html
    assert "(Business Wire Asia, 2 March 2026)" in html


@pytest.mark.django_db
def test_rescheduled_email_gives_the_old_date_and_the_new() -> None:
    story = deepseek_story()
    (row,) = rescheduled_rows(story, UserFactory())
    message = alerts.email_for_delivery(delivery=row)
    assert message.subject == "Rescheduled: DeepSeek – Release V4.1 now Q3 2026 (was June 2026)"
    text, html = bodies(message)
    assert "Was:      June 2026\nNow:      Q3 2026" in text
    assert '<th align="left">Was</th><td>June 2026</td>' in html
    assert "Pushed back to Q3 at the launch event." in text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["milestone_due", "rescheduled", "digest"])
def test_only_editors_get_the_record_what_happened_link(kind: str) -> None:
    story = deepseek_story()
    outcome = f"/milestones/{story['release'].pk}/outcome/"
    users = {role: UserFactory(role=role) for role in ("analyst", "editor")}
    moved = dict(zip(users, rescheduled_rows(story, *users.values()), strict=True))
    seen = {}
    for role, user in users.items():
        row = AlertDeliveryFactory(user=user, milestone=story["release"])
        if kind == "rescheduled":
            message = alerts.email_for_delivery(delivery=moved[role])
        elif kind == "digest":
            message = alerts.digest_email(user=user, deliveries=[row])
        else:
            message = alerts.email_for_delivery(delivery=row)
        seen[role] = [outcome in body for body in bodies(message)]
    assert seen == {"analyst": [False, False], "editor": [True, True]}


@pytest.mark.django_db
def test_every_kind_renders_an_example_for_reading() -> None:
    """One rendered example of each email kind, text and HTML, in artifacts/emails/."""
    story = deepseek_story()
    editor = UserFactory(username="editor-example", role="editor")
    analyst = UserFactory(username="analyst-example", role="analyst")
    watching(analyst, company=story["company"])
    new_round = AlertDelivery.objects.create(user=analyst, kind="new_round", round=story["round"])
    due = AlertDeliveryFactory(user=analyst, milestone=story["release"])
    messages = {
        "new_round": alerts.email_for_delivery(delivery=new_round),
        "milestone_due": alerts.email_for_delivery(delivery=due),
        "digest": alerts.digest_email(user=analyst, deliveries=[due, new_round]),
    }
    search = SavedSearch.objects.create(
        user=analyst,
        name="China AI",
        query="country=CN",
        email="immediate",
        last_visited_at=story["round"].created_at,
    )
    messages["saved_search"] = alerts.email_for_delivery(
        delivery=AlertDelivery.objects.create(
            user=analyst, kind="saved_search", round=story["round"], saved_search=search
        )
    )
    # Last: rescheduling drops the unsent date-passed row above.
    (moved,) = rescheduled_rows(story, editor)
    messages["rescheduled"] = alerts.email_for_delivery(delivery=moved)
    assert set(messages) == {k.value for k in AlertDelivery.Kind} | {"digest"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for kind, message in messages.items():
        text, html = bodies(message)
        assert "{{" not in text + html and "{%" not in text + html
        (ARTIFACTS / f"{kind}.txt").write_text(f"Subject: {message.subject}\n\n{text}")
        (ARTIFACTS / f"{kind}.html").write_text(html)
    digest_text = bodies(messages["digest"])[0]
    assert "expected by June 2026 (ended 30 June 2026)" in digest_text
    assert "about CN¥50 billion (≈ $7.36 billion)" in digest_text
    assert "Investors: CATL (lead), Hillhouse Capital" in digest_text
