"""A corpus of hostile inputs, one per row, against every entry point a user can type into.

Each ends one of three ways, and never in a 500:
- REFUSED: the form shows a clear message (or the request is a 400) and nothing changed;
- STORED: text is kept as typed (a name may contain "<"), but the page showing it
  escapes it, and only the one row the form creates was added;
- FAILED: an article is stored with status "failed" and the reason.
GET entry points (search box, list filters) are SHOWN: 200 or 404, the payload escaped,
nothing changed. A NUL anywhere is a 400 before any view (deals.middleware) saying why.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from deals.models import (
    AlertPreference,
    Article,
    Citation,
    Company,
    Feed,
    Investor,
    Milestone,
    Participation,
    Proposal,
    Round,
    Watch,
)

from .payloads import HX, IMG, SCRIPT

S = dict[str, Any]
REFUSED, STORED, FAILED, SHOWN = "refused", "stored", "failed", "shown"
RAW_PAYLOADS = (SCRIPT.encode(), b"<img src=x onerror", b'<a hx-get="/admin/"')
COUNTED: list[type[models.Model]] = [
    Company,
    Investor,
    Round,
    Participation,
    Milestone,
    Article,
    Proposal,
    Citation,
    Feed,
    Watch,
    AlertPreference,
]
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    url: Callable[[S], str]
    data: Callable[[S], dict[str, Any]] | None = None  # None: a GET
    outcome: str = REFUSED
    message: str = ""  # must appear on the refusal page
    # STORED: the models that grow, by one each (the first is the one the form is for).
    creates: tuple[type[models.Model], ...] = ()
    shown_at: Callable[[], str] | None = None  # STORED: the page showing what was stored
    status: tuple[int, ...] = (200,)
    extra: dict[str, Any] = field(default_factory=dict)
    # STORED: rows of hostile_site the write may change (an accepted proposal's article).
    touches: tuple[str, ...] = ()


# Entry points and their valid data; each case below changes one field.


def _confirmed(values: dict[str, Any]) -> dict[str, Any]:
    # Past the "already on file?" warning (hostile_site's names are payloads too);
    # the warning page itself is a case of its own.
    return values | {"create_anyway": values["name"]}


def _company(**fields: Any) -> Callable[[S], dict[str, Any]]:
    return lambda s: _confirmed(
        {"name": "Valid Robotics", "country": "US", "sector": "AI", **fields}
    )


def _investor(**fields: Any) -> Callable[[S], dict[str, Any]]:
    return lambda s: _confirmed({"name": "Valid Ventures", "kind": "venture", **fields})


def _round(**fields: Any) -> Callable[[S], dict[str, Any]]:
    def data(s: S) -> dict[str, Any]:
        base = {
            "company": s["company"].pk,
            "stage": "seed",
            "status": "completed",
            "amount": "5000000",
            "currency": "USD",
            "amount_qualifier": "exact",
            "valuation_basis": "unknown",
            "valuation_qualifier": "exact",
            "announced_on": "2025-03-01",
            "investors-TOTAL_FORMS": "1",
            "investors-INITIAL_FORMS": "0",
            "investors-0-name": "",
        }
        return {**base, **{k: v(s) if callable(v) else v for k, v in fields.items()}}

    return data


def _milestone(**fields: Any) -> Callable[[S], dict[str, Any]]:
    def data(s: S) -> dict[str, Any]:
        base = {
            "company": s["company"].pk,
            "title": "Valid launch",
            "kind": "product_release",
            "date_start": "2027-06-01",
            "date_end": "2027-06-30",
            "precision": "month",
            "status": "upcoming",
        }
        return {**base, **{k: v(s) if callable(v) else v for k, v in fields.items()}}

    return data


def _feed(**fields: Any) -> Callable[[S], dict[str, Any]]:
    return lambda s: {"url": "https://feeds.example/rss", "poll_interval_minutes": "60", **fields}


def _upload(name: str, content: bytes) -> Callable[[S], dict[str, Any]]:
    return lambda s: {"file": SimpleUploadedFile(name, content)}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<p>Acme raised $5 million.</p>" * 100)
    return buffer.getvalue()


def _latest(model: type[models.Model]) -> Callable[[], str]:
    return lambda: model._default_manager.latest("pk").get_absolute_url()  # type: ignore[attr-defined]


def _article_page() -> str:
    return reverse("deals:article_detail", args=[Article.objects.latest("pk").pk])


def _get(name: str, query: str = "", **kwargs: Any) -> Callable[[S], str]:
    return lambda s: reverse(f"deals:{name}", **kwargs) + query


def _proposal(**fields: Any) -> Callable[[S], dict[str, Any]]:
    return lambda s: {
        "company": s["company"].name,
        "stage": "seed",
        "status": "completed",
        "amount": "5000000",
        "currency": "USD",
        "amount_qualifier": "exact",
        "valuation_basis": "unknown",
        "valuation_qualifier": "exact",
        "announced_on": "2025-03-01",
        **fields,
    }


PROPOSAL_EDIT = lambda s: reverse("deals:proposal_edit", args=[s["proposal"].pk])  # noqa: E731
COMPANY_NEW = _get("company_create")
INVESTOR_NEW = _get("investor_create")
ROUND_NEW = _get("round_create")
MILESTONE_NEW = _get("milestone_create")
ARTICLE_NEW = _get("article_new")
FEEDS = _get("feed_list")
NUL = "Acme\x00Robotics"
SQL = "' OR 1=1 --"
INVALID_URL = "Enter a valid URL."
NUL_REFUSED = "Null characters are not allowed."
BAD_DATE = "Enter a valid date."
BAD_NUMBER = "Enter a number."

CORPUS: dict[str, Case] = {
    # Company form: every field.
    "company name script": Case(
        COMPANY_NEW, _company(name=SCRIPT), STORED, creates=(Company,), shown_at=_latest(Company)
    ),
    "company name img onerror": Case(
        COMPANY_NEW, _company(name=IMG), STORED, creates=(Company,), shown_at=_latest(Company)
    ),
    "company name hx attributes": Case(
        COMPANY_NEW, _company(name=HX), STORED, creates=(Company,), shown_at=_latest(Company)
    ),
    "company aliases payloads": Case(
        COMPANY_NEW,
        _company(aliases=f"{SCRIPT}\n{IMG}"),
        STORED,
        creates=(Company,),
        shown_at=_latest(Company),
    ),
    "company description payloads": Case(
        COMPANY_NEW,
        _company(description=f"{HX} {SCRIPT}"),
        STORED,
        creates=(Company,),
        shown_at=_latest(Company),
    ),
    "company name already on file": Case(
        COMPANY_NEW,
        lambda s: {"name": s["company"].name, "aliases": IMG, "country": "US"},
        message="Already on file?",
    ),
    "company name NUL": Case(COMPANY_NEW, _company(name=NUL), message=NUL_REFUSED, status=(400,)),
    "company sector NUL": Case(
        COMPANY_NEW, _company(sector="A\x00I"), message=NUL_REFUSED, status=(400,)
    ),
    "company name too long": Case(
        COMPANY_NEW, _company(name="A" * 5000), message="at most 200 characters"
    ),
    "company name blank": Case(COMPANY_NEW, _company(name=" \t "), message="required"),
    "company country SQL": Case(COMPANY_NEW, _company(country=SQL), message="ISO 3166"),
    "company website javascript:": Case(
        COMPANY_NEW, _company(website="javascript:alert(1)"), message=INVALID_URL
    ),
    "company website data:": Case(
        COMPANY_NEW, _company(website=f"data:text/html,{SCRIPT}"), message=INVALID_URL
    ),
    "company website file:": Case(
        COMPANY_NEW, _company(website="file:///etc/passwd"), message=INVALID_URL
    ),
    "company edit description 6 MB": Case(
        lambda s: reverse("deals:company_edit", args=[s["company"].slug]),
        _company(description="x" * (6 * MB)),
        status=(400,),
    ),
    # Investor form.
    "investor name img onerror": Case(
        INVESTOR_NEW, _investor(name=IMG), STORED, creates=(Investor,), shown_at=_latest(Investor)
    ),
    "investor name already on file": Case(
        INVESTOR_NEW,
        lambda s: {"name": s["investor"].name, "kind": "venture"},
        message="Already on file?",
    ),
    "investor kind SQL": Case(INVESTOR_NEW, _investor(kind=SQL), message="Select a valid choice"),
    "investor company SQL": Case(
        INVESTOR_NEW, _investor(company="1 OR 1=1"), message="Select a valid choice"
    ),
    "investor website javascript:": Case(
        INVESTOR_NEW, _investor(website="javascript:alert(1)"), message=INVALID_URL
    ),
    # Round form.
    "round amount 1e30": Case(ROUND_NEW, _round(amount="1e30"), message="no more than"),
    "round amount 1e308": Case(ROUND_NEW, _round(amount="1e308"), message="no more than"),
    "round amount 999999999999999999 trillion": Case(
        ROUND_NEW, _round(amount="999999999999999999 trillion"), message=BAD_NUMBER
    ),
    "round amount negative": Case(ROUND_NEW, _round(amount="-5"), message="negative"),
    "round amount zero": Case(ROUND_NEW, _round(amount="0"), message="zero"),
    "round valuation negative": Case(
        ROUND_NEW, _round(valuation="-1", valuation_currency="USD"), message="negative"
    ),
    "round amount NaN": Case(ROUND_NEW, _round(amount="NaN"), message=BAD_NUMBER),
    "round amount Infinity": Case(ROUND_NEW, _round(amount="Infinity"), message=BAD_NUMBER),
    "round currency unknown": Case(ROUND_NEW, _round(currency="ZZZ"), message="ISO 4217"),
    "round currency script": Case(ROUND_NEW, _round(currency="<s>"), message="ISO 4217"),
    "round company SQL": Case(ROUND_NEW, _round(company=SQL), message="Select a valid choice"),
    "round stage SQL": Case(ROUND_NEW, _round(stage=SQL), message="Select a valid choice"),
    "round announced year 0": Case(ROUND_NEW, _round(announced_on="0000-01-01"), message=BAD_DATE),
    "round announced year 10000": Case(
        ROUND_NEW, _round(announced_on="10000-01-01"), message=BAD_DATE
    ),
    "round announced year 9999": Case(
        ROUND_NEW, _round(announced_on="9999-12-31"), message="between 1900 and 2100"
    ),
    "round close range inverted": Case(
        ROUND_NEW,
        _round(expected_close_start="2026-05-01", expected_close_end="2026-01-01"),
        message="ends before it starts",
    ),
    "round notes payloads": Case(
        ROUND_NEW, _round(notes=f"{SCRIPT}{HX}"), STORED, creates=(Round,), shown_at=_latest(Round)
    ),
    "round investor name script": Case(
        ROUND_NEW,
        _round(**{"investors-0-name": SCRIPT}),
        STORED,
        creates=(Round, Investor, Participation),
        shown_at=_latest(Round),
    ),
    "round investor rows 10 million": Case(
        ROUND_NEW, _round(**{"investors-TOTAL_FORMS": "10000000"}), message="at most"
    ),
    "round investor rows not a number": Case(
        ROUND_NEW, _round(**{"investors-TOTAL_FORMS": SQL}), message="ManagementForm"
    ),
    # Milestone form.
    "milestone title script": Case(
        MILESTONE_NEW,
        _milestone(title=SCRIPT),
        STORED,
        creates=(Milestone,),
        shown_at=_latest(Milestone),
    ),
    "milestone year 0": Case(MILESTONE_NEW, _milestone(date_start="0000-06-01"), message=BAD_DATE),
    "milestone year 9999": Case(
        MILESTONE_NEW,
        _milestone(date_start="9999-12-01", date_end="9999-12-31"),
        message="between 1900 and 2100",
    ),
    "milestone kind script": Case(
        MILESTONE_NEW, _milestone(kind="<script>"), message="Select a valid choice"
    ),
    "milestone description NUL": Case(
        MILESTONE_NEW, _milestone(description="a\x00b"), message=NUL_REFUSED, status=(400,)
    ),
    # Milestone outcome (what-to-watch).
    "outcome new date year 0": Case(
        lambda s: reverse("deals:milestone_outcome", args=[s["milestone"].pk]),
        lambda s: {"status": "rescheduled", "new_start": "0000-01-01"},
        message=BAD_DATE,
    ),
    "outcome new date year 9999": Case(
        lambda s: reverse("deals:milestone_outcome", args=[s["milestone"].pk]),
        lambda s: {"status": "rescheduled", "new_start": "9999-12-31"},
        message="between 1900 and 2100",
    ),
    "outcome status SQL": Case(
        lambda s: reverse("deals:milestone_outcome", args=[s["milestone"].pk]),
        lambda s: {"status": SQL},
        message="Select a valid choice",
    ),
    # Correcting a proposal before accepting it.
    "proposal amount 1e30": Case(PROPOSAL_EDIT, _proposal(amount="1e30"), message="no more than"),
    "proposal amount zero": Case(PROPOSAL_EDIT, _proposal(amount="0"), message="zero"),
    "proposal currency unknown": Case(PROPOSAL_EDIT, _proposal(currency="ZZZ"), message="ISO 4217"),
    "proposal date year 9999": Case(
        PROPOSAL_EDIT, _proposal(announced_on="9999-01-01"), message="between 1900 and 2100"
    ),
    "proposal investors script": Case(
        PROPOSAL_EDIT,
        _proposal(investors=f"{SCRIPT} (lead)\n{IMG}"),
        STORED,
        creates=(Round, Investor, Investor, Participation, Participation, *[Citation] * 3),
        touches=("article", "proposal"),
        shown_at=_latest(Round),
    ),
    # Add-article form: URL, pasted text, upload.
    "article URL javascript:": Case(
        ARTICLE_NEW, lambda s: {"url": "javascript:alert(1)"}, message=INVALID_URL
    ),
    "article URL file:": Case(
        ARTICLE_NEW, lambda s: {"url": "file:///etc/passwd"}, message=INVALID_URL
    ),
    "article URL loopback": Case(
        ARTICLE_NEW, lambda s: {"url": "http://127.0.0.1:9/story"}, FAILED
    ),
    "article text script": Case(
        ARTICLE_NEW,
        lambda s: {"text": f"Evil Robotics {SCRIPT} raised $5 million {IMG} in a seed round."},
        STORED,
        creates=(Article,),
        shown_at=_article_page,
    ),
    "article text $1e308": Case(
        ARTICLE_NEW,
        lambda s: {"text": "Huge Robotics raised $1e308 in a Series A round."},
        STORED,
        creates=(Article,),
        shown_at=_article_page,
    ),
    "article text 999999999999999999 trillion": Case(
        ARTICLE_NEW,
        lambda s: {"text": "Huge Robotics raised 999999999999999999 trillion dollars in a seed."},
        STORED,
        creates=(Article,),
        shown_at=_article_page,
    ),
    "article text negative and zero": Case(
        ARTICLE_NEW,
        lambda s: {"text": "Zero Robotics raised $0 and -$5 million in a seed round in year 0."},
        STORED,
        creates=(Article,),
        shown_at=_article_page,
    ),
    "article text NUL": Case(
        ARTICLE_NEW,
        lambda s: {"text": "Acme raised \x00 $5 million"},
        message=NUL_REFUSED,
        status=(400,),
    ),
    "article text 50 MB": Case(
        ARTICLE_NEW, lambda s: {"text": "Acme raised $5 million. " * (50 * MB // 24)}, status=(400,)
    ),
    "upload invalid UTF-8": Case(
        ARTICLE_NEW,
        _upload("story.html", b"<p>Acme \xc3\x28 raised \xa0\xff $5 million in a seed round.</p>"),
        STORED,
        creates=(Article,),
        shown_at=_article_page,
    ),
    "upload zip named .html": Case(
        ARTICLE_NEW, _upload("story.html", _zip()), message="binary file"
    ),
    "upload .exe": Case(ARTICLE_NEW, _upload("story.exe", b"MZ\x90\x00"), message=".html"),
    "upload 50 MB": Case(
        ARTICLE_NEW,
        _upload("story.txt", b"Acme raised $5 million. " * (50 * MB // 24)),
        message="limit",
    ),
    "upload empty": Case(ARTICLE_NEW, _upload("story.txt", b""), message="empty"),
    # Feed form.
    "feed URL javascript:": Case(FEEDS, _feed(url="javascript:alert(1)"), message=INVALID_URL),
    "feed URL file:": Case(FEEDS, _feed(url="file:///etc/passwd"), message=INVALID_URL),
    "feed interval 1e308": Case(
        FEEDS, _feed(poll_interval_minutes="1e308"), message="Enter a whole number"
    ),
    "feed interval negative": Case(
        FEEDS, _feed(poll_interval_minutes="-1"), message="greater than or equal to"
    ),
    "feed title script": Case(
        FEEDS,
        _feed(title=SCRIPT),
        STORED,
        creates=(Feed,),
        shown_at=lambda: reverse("deals:feed_list"),
    ),
    # Search box and the rounds list filters: GET, shown escaped.
    "search script": Case(_get("search", f"?q={SCRIPT}"), outcome=SHOWN),
    "search SQL": Case(_get("search", "?q=%27%20OR%201%3D1%20--"), outcome=SHOWN),
    "search NUL": Case(
        _get("search", "?q=Acme%00"), outcome=SHOWN, status=(400,), message=NUL_REFUSED
    ),
    "search 10k characters": Case(_get("search", "?q=" + "%25" * 10000), outcome=SHOWN),
    "filter q NUL": Case(
        _get("round_list", "?q=Ac%00me"), outcome=SHOWN, status=(400,), message=NUL_REFUSED
    ),
    "filter amount 1e308": Case(_get("round_list", "?amount_min=1e308"), outcome=SHOWN),
    "filter amount NaN": Case(_get("round_list", "?amount_max=NaN"), outcome=SHOWN),
    "filter amount negative": Case(_get("round_list", "?amount_min=-5"), outcome=SHOWN),
    "filter date year 0": Case(_get("round_list", "?announced_from=0000-01-01"), outcome=SHOWN),
    "filter date year 9999": Case(_get("round_list", "?announced_to=9999-12-31"), outcome=SHOWN),
    "filter currency SQL": Case(_get("round_list", "?currency=%27%20OR%201%3D1"), outcome=SHOWN),
    "filter stage script": Case(_get("round_list", f"?stage={SCRIPT}"), outcome=SHOWN),
    "filter sort SQL": Case(_get("round_list", "?sort=id;DROP%20TABLE"), outcome=SHOWN),
    "filter cursor garbage": Case(_get("round_list", f"?after={SCRIPT}"), outcome=SHOWN),
    "filter investor script": Case(_get("round_list", f"?investor={SCRIPT}"), outcome=SHOWN),
    "filter htmx fragment script": Case(
        _get("round_list", f"?q={SCRIPT}"), outcome=SHOWN, extra={"HTTP_HX_REQUEST": "true"}
    ),
    "company list q NUL": Case(
        _get("company_list", "?q=Ac%00me"), outcome=SHOWN, status=(400,), message=NUL_REFUSED
    ),
    "investor list q NUL": Case(
        _get("investor_list", "?q=%00"), outcome=SHOWN, status=(400,), message=NUL_REFUSED
    ),
    "investor autocomplete NUL": Case(
        _get("investor_autocomplete", "?q=Ev%00il"),
        outcome=SHOWN,
        status=(400,),
        message=NUL_REFUSED,
    ),
    "company list page huge": Case(
        _get("company_list", "?page=99999999999999999999999"), outcome=SHOWN
    ),
    "what to watch company script": Case(
        _get("what_to_watch", f"?company={SCRIPT}&days=1e308"), outcome=SHOWN
    ),
    "round id out of range": Case(
        _get("round_detail", kwargs={"pk": 99999999999999999999}), outcome=SHOWN, status=(404,)
    ),
    "watch kind script": Case(
        lambda s: reverse("deals:watch_toggle", args=["<script>", 1]),
        lambda s: {},
        status=(404,),
    ),
}


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def _site_state(s: S, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    keys = ["company", "investor", "round", "milestone", "article", "feed", "proposal"]
    return {
        key: model_to_tuple(type(s[key])._default_manager.get(pk=s[key].pk))
        for key in keys
        if key not in skip
    }


def model_to_tuple(row: models.Model) -> tuple[Any, ...]:
    return tuple(getattr(row, f.attname) for f in row._meta.concrete_fields)


def _assert_escaped(content: bytes) -> None:
    for raw in RAW_PAYLOADS:
        assert raw not in content, raw


def test_corpus_has_at_least_30_inputs() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_input(
    editor_client: Client, hostile_site: S, django_capture_on_commit_callbacks, name: str
) -> None:
    case = CORPUS[name]
    url = case.url(hostile_site)
    before, site_before = _counts(), _site_state(hostile_site)
    # Article ingest runs on commit (tasks are eager here): run it, as a request would.
    with django_capture_on_commit_callbacks(execute=True):
        if case.data is None:
            response = editor_client.get(url, **case.extra)
        else:
            response = editor_client.post(url, case.data(hostile_site), **case.extra)
    after = _counts()

    if case.outcome == STORED:
        assert response.status_code == 302, response.content.decode()[:2000]
        grown = {k: after[k] - before[k] for k in after if after[k] != before[k]}
        if case.creates[0] is Article:
            # Ingest may propose facts from an article; it never writes them.
            grown.pop("Proposal", None)
        assert grown == Counter(model.__name__ for model in case.creates)
        assert _site_state(hostile_site, skip=case.touches) == {
            k: v for k, v in site_before.items() if k not in case.touches
        }
        page = editor_client.get(case.shown_at())  # type: ignore[misc]
        assert page.status_code == 200
        _assert_escaped(page.content)
        return

    if case.outcome == FAILED:
        assert response.status_code == 302
        article = Article.objects.latest("pk")
        assert article.status == Article.Status.FAILED
        assert article.failure_reason
        page = editor_client.get(_article_page())
        assert article.failure_reason.split(":")[0].encode() in page.content
        return

    assert response.status_code in case.status, (response.status_code, case.status)
    assert after == before
    assert _site_state(hostile_site) == site_before
    if response.status_code == 200:
        _assert_escaped(response.content)
    if case.message:
        assert case.message in response.content.decode(), response.content.decode()[-3000:]


def test_request_body_limits_are_set() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * MB
    assert settings.FETCH_MAX_BYTES <= 10 * MB
