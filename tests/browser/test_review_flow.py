"""An editor pastes an article, watches it being read, accepts the round it proposes,
and finds that round on the company's timeline with the sentence it came from."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from deals.models import Article, Citation, Company, Proposal, Round
from deals.tasks import ingest_article_task

from ..factories import UserFactory
from .conftest import PASSWORD, log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENTENCE = (
    "Acme Robotics, a Berlin-based maker of warehouse robots, has raised €20 million "
    "in a Series A round led by Example Ventures, with participation from Northwind Capital."
)
ARTICLE = f"""Acme Robotics raises €20 million to put robots in every warehouse

{SENTENCE} The company will use the money to hire engineers and open an office in \
Rotterdam. Its robots already pick orders for three European grocers. Founded in 2021, \
Acme Robotics employs 45 people.
"""


def test_editor_accepts_a_pasted_round_and_finds_it_on_the_timeline(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eager tasks would finish the ingest inside the submit request, and the page
    # would never show it in progress. Hold the queued task instead and run it
    # once the page is up, as a worker would, so the in-place update is exercised.
    queued: list[int] = []
    monkeypatch.setattr(ingest_article_task, "delay", queued.append)
    editor = UserFactory(role="editor", password=PASSWORD)

    log_in(page, username=editor.username, password=PASSWORD)
    page.goto(reverse("deals:article_list"))
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Or paste the article text").fill(ARTICLE)
    page.get_by_role("button", name="Read the article").click()
    page.wait_for_url(re.compile(r"/articles/\d+/$"))

    article = Article.objects.get()
    assert queued == [article.pk]
    status = page.locator("#article-status")
    expect(status).to_have_text("Queued")
    # Gone if the page reloads: the status below must change in place.
    page.evaluate("window.stillTheSamePage = true")
    ingest_article_task.apply(args=[article.pk]).get()
    expect(status).to_have_text("Extracted", timeout=10_000)
    assert page.evaluate("window.stillTheSamePage") is True
    proposal = Proposal.objects.get(article=article, kind=Proposal.Kind.ROUND)
    card = page.locator(f"#proposal-{proposal.pk}")
    expect(card).to_contain_text("Acme Robotics")
    expect(card).to_contain_text("Series A")
    expect(card).to_contain_text("€20 million")
    expect(card).to_contain_text("Example Ventures (lead), Northwind Capital")
    expect(card.locator("blockquote.source mark")).to_have_text(SENTENCE)

    card.get_by_role("button", name="Accept").click()
    # The card is swapped in place: same id, now decided.
    expect(card.locator(".badge")).to_have_text("Accepted")
    expect(card.get_by_role("button", name="Accept")).to_have_count(0)
    expect(card).to_contain_text(f"Accepted by {editor.username}")
    assert page.evaluate("window.stillTheSamePage") is True  # swapped by HTMX, not reloaded

    round_ = Round.objects.get(company__name="Acme Robotics")
    assert (round_.stage, round_.status, round_.amount, round_.currency) == (
        "series_a",
        "completed",
        Decimal("20000000"),
        "EUR",
    )
    participations = dict(round_.participations.values_list("investor__name", "lead"))
    assert participations == {"Example Ventures": True, "Northwind Capital": False}
    assert Citation.objects.filter(round=round_, article=article, sentence=SENTENCE).count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED

    company = Company.objects.get(name="Acme Robotics")
    page.goto(reverse("deals:company_detail", kwargs={"slug": company.slug}))
    entry = page.locator("#timeline li", has=page.locator(f"a[href='{round_.get_absolute_url()}']"))
    expect(entry).to_contain_text("Series A")
    expect(entry).to_contain_text("€20 million")
    expect(entry).to_contain_text("Example Ventures (lead)")
    sources = entry.locator("details.sources")
    quote = sources.locator("blockquote.source q")
    expect(quote).to_be_hidden()
    sources.locator("summary").click()
    expect(quote).to_be_visible()
    expect(quote).to_have_text(SENTENCE)
    expect(sources).to_contain_text("Acme Robotics raises €20 million")
    save_screenshot(page, "review-flow.png")
