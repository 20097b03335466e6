"""The review pages: add an article, follow it, decide on its proposals, manage feeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deals.models import Article, Feed, Proposal, Round
from tests.factories import ArticleFactory, CompanyFactory, ProposalFactory, RoundFactory
from tests.ingest.newsserver import SENTENCE, news_server

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def base(settings):
    settings.FETCH_ALLOW_PRIVATE = True
    settings.FETCH_TIMEOUT = 1.0
    with news_server() as url:
        yield url


def test_analysts_get_403(analyst_client):
    assert analyst_client.get(reverse("deals:article_list")).status_code == 403
    assert analyst_client.post(reverse("deals:article_new"), {"text": SENTENCE}).status_code == 403
    assert not Article.objects.exists()


def test_nav_links_for_editors_only(editor_client, analyst_client):
    assert reverse("deals:article_list") in editor_client.get(reverse("deals:dashboard")).text
    assert reverse("deals:article_list") not in analyst_client.get(reverse("deals:dashboard")).text


class TestAddArticle:
    def test_url_is_fetched_and_shown(
        self, editor_client, editor, base, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                reverse("deals:article_new"), {"url": f"{base}/article.html"}
            )
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("deals:article_detail", args=[article.pk])
        assert article.submitted_by == editor
        assert article.status == Article.Status.EXTRACTED, article.failure_reason
        assert article.proposals.exists()

    def test_pasted_text(self, editor_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(reverse("deals:article_new"), {"text": SENTENCE})
        article = Article.objects.get()
        assert article.origin == Article.Origin.PASTE
        assert article.status == Article.Status.EXTRACTED
        assert article.proposals.filter(kind="round").exists()

    def test_uploaded_html_file(self, editor_client, django_capture_on_commit_callbacks):
        page = f"<html><body><article><p>{SENTENCE}</p></article></body></html>".encode()
        upload = SimpleUploadedFile("story.html", page, content_type="text/html")
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(reverse("deals:article_new"), {"file": upload})
        article = Article.objects.get()
        assert article.origin == Article.Origin.UPLOAD
        assert SENTENCE in article.text and "<p>" not in article.text

    def test_pasted_text_over_the_limit_is_refused_with_the_limit(self, editor_client):
        text = f"{SENTENCE}\n\n" * (2 * 1024 * 1024 // (len(SENTENCE) + 2))
        response = editor_client.post(reverse("deals:article_new"), {"text": text})
        assert response.status_code == 200
        assert f"The text is {len(text.strip()):,} characters long; at most 60,000 are read" in (
            response.text
        )
        assert not Article.objects.exists()

    def test_text_file_over_the_limit_is_refused_too(self, editor_client):
        upload = SimpleUploadedFile("story.txt", f"{SENTENCE}\n".encode() * 2000)
        response = editor_client.post(reverse("deals:article_new"), {"file": upload})
        assert "at most 60,000 are read" in response.text
        assert not Article.objects.exists()

    def test_binary_upload_is_refused(self, editor_client):
        upload = SimpleUploadedFile("story.txt", b"\x00\x01\x02" * 100)
        response = editor_client.post(reverse("deals:article_new"), {"file": upload})
        assert "binary file" in response.text
        assert not Article.objects.exists()

    @pytest.mark.parametrize(
        "data", [{}, {"url": "https://news.example/a", "text": SENTENCE}], ids=["none", "two"]
    )
    def test_exactly_one_source(self, editor_client, data):
        response = editor_client.post(reverse("deals:article_new"), data)
        assert response.status_code == 200
        assert "Give" in response.text
        assert not Article.objects.exists()

    def test_same_url_twice_is_one_article(self, editor_client):
        url = "https://news.example/story"
        first = editor_client.post(reverse("deals:article_new"), {"url": url})
        second = editor_client.post(reverse("deals:article_new"), {"url": url}, follow=True)
        assert Article.objects.count() == 1
        assert first["Location"] == second.redirect_chain[0][0]
        assert "submitted before" in second.text


class TestArticlePage:
    def test_running_ingest_polls_and_final_one_stops(self, editor_client):
        article = ArticleFactory(status="pending", text="")
        url = reverse("deals:article_detail", args=[article.pk])
        running = editor_client.get(url, **HTMX)
        assert 'hx-trigger="every 1s"' in running.text
        assert "<html" not in running.text  # only the partial
        assert running["Vary"] == "HX-Request" or "HX-Request" in running["Vary"]
        Article.objects.filter(pk=article.pk).update(status="extracted")
        done = editor_client.get(url, **HTMX)
        assert "hx-trigger" not in done.text
        assert 'id="article-body"' in done.text

    def test_failed_article_shows_reason_and_retry(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory(
            status="failed", failure_reason="The page is empty.", text=SENTENCE, url=""
        )
        page = editor_client.get(reverse("deals:article_detail", args=[article.pk]))
        assert "The page is empty." in page.text
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(reverse("deals:article_retry", args=[article.pk]))
        article.refresh_from_db()
        assert article.status == Article.Status.EXTRACTED
        assert article.failure_reason == ""

    def test_sentence_is_highlighted_and_article_text_escaped(self, editor_client):
        text = f"<script>alert(1)</script> Intro. {SENTENCE} Outro."
        article = ArticleFactory(text=text)
        proposal = ProposalFactory(article=article, sentence=SENTENCE)
        page = editor_client.get(reverse("deals:article_detail", args=[article.pk])).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert f'<mark id="s-{proposal.pk}">{SENTENCE}</mark>' in page
        assert reverse("deals:proposal_accept", args=[proposal.pk]) in page

    def test_merge_offers_the_companys_rounds(self, editor_client):
        acme = CompanyFactory(name="Acme")
        known = RoundFactory(company=acme)
        proposal = ProposalFactory(
            payload=ProposalFactory.build().payload
            | {"company_match": {"id": acme.pk, "name": "Acme", "score": 100}}
        )
        page = editor_client.get(reverse("deals:article_detail", args=[proposal.article_id])).text
        assert f'<option value="{known.pk}"' in page


class TestDecisions:
    def test_accept(self, editor_client):
        proposal = ProposalFactory()
        response = editor_client.post(reverse("deals:proposal_accept", args=[proposal.pk]))
        assert response.status_code == 302
        round_ = Round.objects.get()
        assert round_.citations.get().article == proposal.article

    def test_accept_under_htmx_swaps_the_card(self, editor_client):
        proposal = ProposalFactory()
        response = editor_client.post(reverse("deals:proposal_accept", args=[proposal.pk]), **HTMX)
        assert response.status_code == 200
        assert response.text.lstrip().startswith(
            f'<article class="card" id="proposal-{proposal.pk}"'
        )
        assert "Accepted" in response.text

    def test_accepting_twice_says_so(self, editor_client):
        proposal = ProposalFactory()
        editor_client.post(reverse("deals:proposal_accept", args=[proposal.pk]))
        response = editor_client.post(reverse("deals:proposal_accept", args=[proposal.pk]), **HTMX)
        assert "already accepted" in response.text
        assert Round.objects.count() == 1

    def test_edit_form_is_prefilled(self, editor_client):
        proposal = ProposalFactory()
        page = editor_client.get(reverse("deals:proposal_edit", args=[proposal.pk]))
        assert 'value="Acme"' in page.text
        assert "Example Ventures (lead)" in page.text
        card = editor_client.get(reverse("deals:proposal_edit", args=[proposal.pk]), **HTMX)
        assert card.text.lstrip().startswith(f'<article class="card" id="proposal-{proposal.pk}"')
        assert f'action="{reverse("deals:proposal_edit", args=[proposal.pk])}"' in card.text

    def test_edit_then_accept(self, editor_client):
        proposal = ProposalFactory()
        data = {
            "company": "Acme Robotics",
            "stage": "series_b",
            "status": "completed",
            "amount": "25000000",
            "currency": "usd",
            "amount_qualifier": "about",
            "valuation_basis": "unknown",
            "valuation_qualifier": "exact",
            "investors": "Example Ventures (lead)\nOther Capital",
        }
        response = editor_client.post(reverse("deals:proposal_edit", args=[proposal.pk]), data)
        assert response.status_code == 302
        round_ = Round.objects.get()
        assert round_.company.name == "Acme Robotics"
        assert (round_.stage, round_.amount, round_.currency) == (
            "series_b",
            Decimal("25000000"),
            "USD",
        )
        assert round_.amount_qualifier == "about"
        leads = dict(round_.participations.values_list("investor__name", "lead"))
        assert leads == {"Example Ventures": True, "Other Capital": False}

    def test_invalid_edit_shows_errors(self, editor_client):
        proposal = ProposalFactory()
        data = {
            "company": "Acme",
            "stage": "series_a",
            "status": "completed",
            "amount": "5",
            "currency": "",
            "amount_qualifier": "exact",
            "valuation_basis": "unknown",
            "valuation_qualifier": "exact",
        }
        response = editor_client.post(reverse("deals:proposal_edit", args=[proposal.pk]), data)
        assert response.status_code == 200
        assert "Give the currency of the amount." in response.text
        assert not Round.objects.exists()

    def test_reject(self, editor_client):
        proposal = ProposalFactory()
        editor_client.post(reverse("deals:proposal_reject", args=[proposal.pk]))
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.REJECTED
        assert not Round.objects.exists()

    def test_rejecting_a_round_under_htmx_also_swaps_its_close_milestones_card(self, editor_client):
        proposal = ProposalFactory()
        close = ProposalFactory(
            article=proposal.article,
            kind="milestone",
            payload={"company": "Acme", "title": "Round close", "kind": "funding_close"},
        )
        url = reverse("deals:proposal_reject", args=[proposal.pk])
        html = editor_client.post(url, **HTMX).text
        assert html.lstrip().startswith(f'<article class="card" id="proposal-{proposal.pk}">')
        oob = html.split(f'id="proposal-{close.pk}" hx-swap-oob="true">', 1)
        assert len(oob) == 2 and "Rejected" in oob[1]
        close.refresh_from_db()
        assert close.status == Proposal.Status.REJECTED

    def test_merge(self, editor_client):
        target = RoundFactory()
        proposal = ProposalFactory()
        editor_client.post(
            reverse("deals:proposal_merge", args=[proposal.pk]), {"round": target.pk}
        )
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.MERGED
        assert target.citations.get().article == proposal.article
        assert Round.objects.count() == 1

    def test_merge_needs_a_round(self, editor_client):
        proposal = ProposalFactory()
        response = editor_client.post(
            reverse("deals:proposal_merge", args=[proposal.pk]), follow=True
        )
        assert "Choose the round" in response.text
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.PENDING


class TestQueue:
    def test_filter_by_status(self, editor_client):
        failed = ArticleFactory(status="failed", title="Broken story")
        ArticleFactory(status="extracted", title="Good story")
        page = editor_client.get(reverse("deals:article_list"), {"status": "failed"})
        assert "Broken story" in page.text and "Good story" not in page.text
        partial = editor_client.get(reverse("deals:article_list"), {"status": "failed"}, **HTMX)
        assert partial.text.lstrip().startswith('<div id="article-table">')
        assert reverse("deals:article_detail", args=[failed.pk]) in partial.text


class TestFeeds:
    def test_add_feed_polls_it_and_ingests_items(
        self, editor_client, base, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                reverse("deals:feed_list"),
                {"url": f"{base}/feed.xml", "title": "", "poll_interval_minutes": 30},
            )
        assert response.status_code == 302
        feed = Feed.objects.get()
        assert feed.poll_interval_minutes == 30
        assert feed.items.count() == 2
        assert Article.objects.filter(feed=feed).count() == 2

    def test_feed_error_is_listed(self, editor_client):
        Feed.objects.create(
            url="https://news.example/feed.xml", last_error="The feed is malformed."
        )
        assert "The feed is malformed." in editor_client.get(reverse("deals:feed_list")).text

    def test_interval_has_a_floor(self, editor_client):
        response = editor_client.post(
            reverse("deals:feed_list"),
            {"url": "https://news.example/f.xml", "poll_interval_minutes": 1},
        )
        assert response.status_code == 200
        assert not Feed.objects.exists()
