"""deals/views/watch.py: pages, the HTMX toggle and outcome form, feeds, unsubscribe."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from deals import emails
from deals.models import AlertDelivery, AlertPreference, Watch
from deals.services.watching import alert_preference_get

from ..factories import (
    AlertDeliveryFactory,
    CompanyFactory,
    MilestoneFactory,
    RoundFactory,
    UserFactory,
    WatchFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"
HTMX = {"HTTP_HX_REQUEST": "true"}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.mark.django_db
def test_toggle_with_htmx_returns_only_the_button_with_its_own_id(analyst_client, analyst) -> None:
    company = CompanyFactory()
    url = reverse("deals:watch_toggle", kwargs={"kind": "company", "pk": company.pk})
    response = analyst_client.post(url, {"next": "/companies/"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<button id="watch-company-{company.pk}"')
    # It swaps itself, and without JavaScript submits the page's one watch form there.
    assert 'hx-target="this"' in html and f'formaction="{url}"' in html
    assert 'form="watch-form"' in html
    assert "Watching" in html
    assert Watch.objects.filter(user=analyst, company=company).exists()
    response = analyst_client.post(url, **HTMX)
    assert "☆ Watch" in response.content.decode()
    assert not Watch.objects.filter(user=analyst).exists()


@pytest.mark.django_db
def test_toggle_without_js_redirects_to_a_safe_next(analyst_client) -> None:
    m = MilestoneFactory()
    url = reverse("deals:watch_toggle", kwargs={"kind": "milestone", "pk": m.pk})
    assert analyst_client.post(url, {"next": "/watch/"})["Location"] == "/watch/"
    response = analyst_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("deals:watchlist")


@pytest.mark.django_db
def test_toggle_of_unknown_kind_or_object_is_404(analyst_client) -> None:
    assert analyst_client.post("/watch/round/1/").status_code == 404
    assert analyst_client.post("/watch/company/999999/").status_code == 404


@pytest.mark.django_db
def test_watchlist_shows_only_my_watches(analyst_client, analyst) -> None:
    mine = WatchFactory(user=analyst, company=CompanyFactory(name="Mine Inc")).company
    WatchFactory(company=CompanyFactory(name="Theirs Inc"))
    html = analyst_client.get(reverse("deals:watchlist")).content.decode()
    assert mine.name in html and "Theirs Inc" not in html


@pytest.mark.django_db
def test_what_to_watch_marks_overdue_and_filters(analyst_client, analyst) -> None:
    overdue = MilestoneFactory(title="Overdue launch", date_start=days_ago(5), date_end=days_ago(5))
    soon = MilestoneFactory(title="Soon launch", date_start=days_ago(-3), date_end=days_ago(-3))
    later = MilestoneFactory(title="Later launch", date_start=days_ago(-60), date_end=days_ago(-60))
    MilestoneFactory(
        title="Done launch", date_start=days_ago(5), date_end=days_ago(5), status="occurred"
    )
    WatchFactory(user=analyst, milestone=soon)
    url = reverse("deals:what_to_watch")
    html = analyst_client.get(url).content.decode()
    assert "Overdue launch" in html and "Soon launch" in html
    assert "Later launch" not in html and "Done launch" not in html
    assert 'class="badge overdue"' in html
    assert "Later launch" in analyst_client.get(url, {"days": 90}).content.decode()
    mine = analyst_client.get(url, {"watched": "on"}).content.decode()
    assert "Soon launch" in mine and "Overdue launch" not in mine
    by_company = analyst_client.get(url, {"company": overdue.company.slug}).content.decode()
    assert "Overdue launch" in by_company and "Soon launch" not in by_company
    assert later.pk  # created, just outside the default window


def ahead(title: str, days: int, **fields) -> object:
    return MilestoneFactory(
        title=title, date_start=days_ago(-days), date_end=days_ago(-days), **fields
    )


@pytest.mark.django_db
def test_what_to_watch_menu_shows_the_window_the_list_uses(analyst_client) -> None:
    url = reverse("deals:what_to_watch")
    for query in ({}, {"kind": "facility"}):
        html = analyst_client.get(url, query).content.decode()
        assert '<option value="30" selected>Next 30 days</option>' in html
        assert "next 30 days from" in html


@pytest.mark.django_db
def test_what_to_watch_takes_a_company_by_name_alias_or_slug(analyst_client) -> None:
    deepseek = CompanyFactory(name="DeepSeek", slug="deepseek-ai", aliases=["深度求索"])
    ahead("V4.1 release", 5, company=deepseek)
    ahead("Other launch", 5)
    url = reverse("deals:what_to_watch")
    for typed in ("DeepSeek", "deepseek", "深度求索", "deepseek-ai", "Deep"):
        html = analyst_client.get(url, {"company": typed}).content.decode()
        assert "V4.1 release" in html and "Other launch" not in html, typed
        assert "No company" not in html


@pytest.mark.django_db
def test_what_to_watch_unknown_company_says_so_and_keeps_the_other_filters(
    analyst_client,
) -> None:
    ahead("Plant opens", 5, kind="facility")
    ahead("Model ships", 5, kind="product_release")
    url = reverse("deals:what_to_watch")
    html = analyst_client.get(url, {"company": "Nobody Inc", "kind": "facility"}).text
    assert "No company is named “Nobody Inc”; showing all companies." in html
    assert "Plant opens" in html and "Model ships" not in html


@pytest.mark.django_db
def test_what_to_watch_reaches_a_year_everything_and_any_horizon(analyst_client) -> None:
    ahead("June release", 200, kind="product_release")
    ahead("June plant", 200, kind="facility")
    ahead("Far plan", 3000, kind="product_release")
    url = reverse("deals:what_to_watch")
    year = analyst_client.get(url, {"days": 365, "kind": "product_release"}).text
    assert "June release" in year and "June plant" not in year and "Far plan" not in year
    assert '<option value="365" selected>Next 12 months</option>' in year
    everything = analyst_client.get(url, {"days": "all"}).text
    assert "Far plan" in everything and "everything from" in everything
    custom = analyst_client.get(url, {"days": 250}).text
    assert '<option value="250" selected>Next 250 days</option>' in custom
    assert "June release" in custom and "Far plan" not in custom


@pytest.mark.django_db
def test_what_to_watch_bad_days_drops_only_itself(analyst_client) -> None:
    ahead("Plant opens", 5, kind="facility")
    ahead("Model ships", 5, kind="product_release")
    html = analyst_client.get(reverse("deals:what_to_watch"), {"days": "1e308", "kind": "facility"})
    assert "Select a valid choice." in html.text
    assert "Plant opens" in html.text and "Model ships" not in html.text


@pytest.mark.django_db
def test_what_to_watch_suggests_company_names_as_typed(analyst_client) -> None:
    CompanyFactory(name="DeepSeek", aliases=["深度求索"])
    CompanyFactory(name="Zhipu AI")
    page = analyst_client.get(reverse("deals:what_to_watch")).text
    autocomplete = reverse("deals:company_autocomplete")
    assert f'hx-get="{autocomplete}?field=company"' in page
    assert 'list="company-options"' in page and '<datalist id="company-options">' in page
    options = analyst_client.get(autocomplete, {"field": "company", "company": "深度"}).text
    assert '<option value="DeepSeek">深度求索</option>' in options and "Zhipu" not in options


@pytest.mark.django_db
def test_what_to_watch_htmx_renders_only_the_results(analyst_client) -> None:
    response = analyst_client.get(reverse("deals:what_to_watch"), {"days": 7}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="watch-results">')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_editors_see_the_outcome_form_analysts_do_not(analyst_client, editor_client) -> None:
    MilestoneFactory(date_start=days_ago(5), date_end=days_ago(5))
    url = reverse("deals:what_to_watch")
    assert "Record outcome" not in analyst_client.get(url).content.decode()
    assert "Record outcome" in editor_client.get(url).content.decode()


@pytest.mark.django_db
def test_outcome_in_place_with_htmx_swaps_the_row(editor_client) -> None:
    m = MilestoneFactory(date_start=days_ago(5), date_end=days_ago(5))
    url = reverse("deals:milestone_outcome", kwargs={"pk": m.pk})
    response = editor_client.post(url, {"status": "occurred", "note": "Shipped"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="milestone-{m.pk}"')
    assert "Outcome recorded." in html and "Record outcome" not in html
    m.refresh_from_db()
    assert m.status == "occurred"


@pytest.mark.django_db
def test_record_outcome_opens_its_form_in_the_row_with_htmx(editor_client) -> None:
    m = MilestoneFactory(date_start=days_ago(5), date_end=days_ago(5))
    url = reverse("deals:milestone_outcome", kwargs={"pk": m.pk})
    listing = editor_client.get(reverse("deals:what_to_watch")).content.decode()
    assert f'hx-get="{url}"' in listing
    html = editor_client.get(url, **HTMX).content.decode()
    assert html.lstrip().startswith(f'<li id="milestone-{m.pk}"')
    assert "csrfmiddlewaretoken" in html and f'hx-target="#milestone-{m.pk}"' in html
    # Without JavaScript the link opens the outcome page, whose form posts plainly.
    page = editor_client.get(url).content.decode()
    assert "Record the outcome" in page and "hx-post" not in page


@pytest.mark.django_db
def test_outcome_form_errors_stay_in_the_row(editor_client) -> None:
    m = MilestoneFactory(date_start=days_ago(5), date_end=days_ago(5))
    url = reverse("deals:milestone_outcome", kwargs={"pk": m.pk})
    html = editor_client.post(url, {"status": "rescheduled"}, **HTMX).content.decode()
    assert html.lstrip().startswith(f'<li id="milestone-{m.pk}"')
    assert "Give the new date." in html and f'hx-post="{url}"' in html
    m.refresh_from_db()
    assert m.status == "upcoming"


@pytest.mark.django_db
def test_outcome_without_js_redirects_back(editor_client) -> None:
    m = MilestoneFactory(date_start=days_ago(5), date_end=days_ago(5))
    url = reverse("deals:milestone_outcome", kwargs={"pk": m.pk})
    response = editor_client.post(
        url,
        {
            "status": "rescheduled",
            "new_start": days_ago(-30).isoformat(),
            "next": "/watch/?days=90",
        },
    )
    assert response["Location"] == "/watch/?days=90"
    m.refresh_from_db()
    assert m.date_start == days_ago(-30)


@pytest.mark.django_db
def test_preferences_switch_mode_and_manage_the_feed_token(analyst_client, analyst) -> None:
    url = reverse("deals:preferences")
    token = alert_preference_get(user=analyst).calendar_token
    assert token in analyst_client.get(url).content.decode()
    analyst_client.post(url, {"action": "mode", "mode": "digest"})
    assert AlertPreference.objects.get(user=analyst).mode == "digest"
    analyst_client.post(url, {"action": "regenerate"})
    new = AlertPreference.objects.get(user=analyst).calendar_token
    assert new != token
    analyst_client.post(url, {"action": "revoke"})
    assert AlertPreference.objects.get(user=analyst).calendar_token is None
    assert "addresses are off" in analyst_client.get(url).content.decode()


@pytest.mark.django_db
def test_unsubscribe_link_needs_no_login_and_a_post(client) -> None:
    row = AlertDeliveryFactory()
    url = reverse("deals:unsubscribe", kwargs={"token": emails.unsubscribe_token(user=row.user)})
    page = client.get(url)
    assert page.status_code == 200 and "Stop alert emails?" in page.content.decode()
    assert AlertPreference.objects.filter(user=row.user, unsubscribed_at__isnull=False).count() == 0
    done = client.post(url)  # also what RFC 8058 one-click clients send
    assert "You are unsubscribed" in done.content.decode()
    assert AlertPreference.objects.get(user=row.user).unsubscribed_at is not None
    assert not AlertDelivery.objects.exists()


@pytest.mark.django_db
def test_rounds_feed_is_atom_and_takes_the_rounds_list_filters(analyst_client) -> None:
    RoundFactory(company=CompanyFactory(name="Seedling"), stage="seed")
    RoundFactory(company=CompanyFactory(name="Grown"), stage="series_b")
    url = reverse("deals:rounds_feed")
    feed = ET.fromstring(analyst_client.get(url).content)
    assert feed.tag == f"{ATOM}feed"
    assert len(feed.findall(f"{ATOM}entry")) == 2
    filtered = ET.fromstring(analyst_client.get(url, {"stage": "seed"}).content)
    titles = [e.findtext(f"{ATOM}title") for e in filtered.findall(f"{ATOM}entry")]
    assert len(titles) == 1 and titles[0].startswith("Seedling: Seed")


@pytest.mark.django_db
def test_feeds_answer_a_feed_reader_with_the_key_and_404_a_wrong_key(client) -> None:
    row = AlertDeliveryFactory()
    AlertDelivery.objects.filter(pk=row.pk).update(sent_at=timezone.now(), message_id="<x>")
    AlertDeliveryFactory()  # someone else's, sent too
    AlertDelivery.objects.exclude(pk=row.pk).update(sent_at=timezone.now())
    key = alert_preference_get(user=row.user).calendar_token
    response = client.get(reverse("deals:alerts_feed"), {"key": key})
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 1 and row.milestone.title in entries[0].findtext(f"{ATOM}title")
    assert client.get(reverse("deals:alerts_feed"), {"key": "nope"}).status_code == 404
    assert client.get(reverse("deals:rounds_feed"), {"key": key}).status_code == 200
    assert client.get(reverse("deals:rounds_feed"), {"key": "nope"}).status_code == 404


@pytest.mark.django_db
def test_another_users_calendar_token_no_longer_works_once_regenerated(
    client, analyst_client, analyst
) -> None:
    other = UserFactory()
    their_token = alert_preference_get(user=other).calendar_token
    analyst_client.post(reverse("deals:preferences"), {"action": "regenerate"})
    # Regenerating mine does not touch theirs, and theirs shows their watches only.
    assert AlertPreference.objects.get(user=other).calendar_token == their_token
    WatchFactory(user=analyst, milestone=MilestoneFactory(title="Analyst only"))
    body = client.get(
        reverse("deals:calendar_feed", kwargs={"token": their_token})
    ).content.decode()
    assert "Analyst only" not in body
