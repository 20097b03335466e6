"""Forms of the ingest pages: submit an article, add a feed, correct a proposal."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from deals.currency import is_known_currency
from deals.forms import check_date_range
from deals.ingest.extract.text import MAX_CHARS
from deals.ingest.fetch import decode_bytes
from deals.models import Article, Feed, Milestone
from deals.models.choices import (
    Commitment,
    MilestoneKind,
    Precision,
    Qualifier,
    RoundStatus,
    Stage,
    ValuationBasis,
)
from deals.text import RefuseControlCharacters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD_EXTENSIONS = (".html", ".htm", ".txt")
# A trailing "(lead)", "(in talks)" or "(considering)" after an investor's name; several may follow.
_TAG = re.compile(r"\s*\(\s*(lead|co-lead|in talks|considering)\s*\)\s*$", re.IGNORECASE)
_LEAD_TAGS = {"lead", "co-lead"}
# The tag of each prospective commitment, as the editor types it.
COMMITMENT_TAGS = {Commitment.IN_TALKS: "in talks", Commitment.CONSIDERING: "considering"}


class ArticleSubmitForm(RefuseControlCharacters, forms.Form):
    """One article: a URL to fetch, pasted text, or an uploaded .html/.txt file."""

    url = forms.URLField(
        label="Article URL", required=False, max_length=2000, assume_scheme="https"
    )
    text = forms.CharField(
        label="Or paste the article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label="Or upload a saved page (.html, .htm or .txt)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )

    def clean_file(self) -> str:
        """The uploaded file's text, decoded; "" without a file."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise ValidationError("Upload an .html, .htm or .txt file.")
        if upload.size > settings.FETCH_MAX_BYTES:
            raise ValidationError(
                f"The file is larger than the {settings.FETCH_MAX_BYTES // 1024:,} KB limit."
            )
        raw = upload.read()
        if b"\x00" in raw[:4096] and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            raise ValidationError("This is a binary file, not an article.")
        text = decode_bytes(raw)
        if not text.strip():
            raise ValidationError("The file is empty.")
        if not upload.name.lower().endswith((".html", ".htm")):
            _check_length(text)  # a page's markup is not read; its text is cut at a paragraph
        return text

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        _check_length(text)
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("url", "text", "file") if data.get(name, "").strip()]
        if len(given) != 1 and not self.errors:
            raise ValidationError(
                "Give exactly one of: a URL, pasted text or a file."
                if given
                else "Give a URL, paste the text or upload a file."
            )
        return data

    def submission(self) -> dict[str, str]:
        """Keyword arguments for services.ingest.article_submit."""
        data = self.cleaned_data
        if data["url"]:
            return {"url": data["url"], "origin": Article.Origin.URL}
        if data["text"].strip():
            return {"text": data["text"], "origin": Article.Origin.PASTE}
        return {"text": data["file"], "origin": Article.Origin.UPLOAD}


def _check_length(text: str) -> None:
    # The extractor reads MAX_CHARS at most; past it, text would be dropped unseen.
    if len(text) > MAX_CHARS:
        raise ValidationError(
            "The text is %(length)s characters long; at most %(limit)s are read (a long news "
            "article is about 10,000). Paste the article alone, without the page around it, "
            "or split it.",
            code="too_long",
            params={"length": f"{len(text):,}", "limit": f"{MAX_CHARS:,}"},
        )


class FeedForm(RefuseControlCharacters, forms.ModelForm):
    url = forms.URLField(label="RSS or Atom feed URL", max_length=2000, assume_scheme="https")
    poll_interval_minutes = forms.IntegerField(
        label="Poll every (minutes)", min_value=5, max_value=7 * 24 * 60, initial=60
    )

    class Meta:
        model = Feed
        fields = ["url", "title", "poll_interval_minutes"]
        labels = {"title": "Name (optional)"}


class ProposalRoundForm(RefuseControlCharacters, forms.Form):
    """A proposed round, prefilled from the extraction, corrected by the editor."""

    company = forms.CharField(max_length=200)
    stage = forms.ChoiceField(choices=Stage.choices)
    status = forms.ChoiceField(choices=RoundStatus.choices)
    amount = forms.DecimalField(required=False, min_value=0, max_digits=20, decimal_places=2)
    currency = forms.CharField(required=False, max_length=3)
    amount_qualifier = forms.ChoiceField(choices=Qualifier.choices, initial=Qualifier.EXACT)
    amount_usd = forms.DecimalField(
        label="Amount in USD (as the article states it)",
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
    )
    valuation = forms.DecimalField(required=False, min_value=0, max_digits=20, decimal_places=2)
    valuation_currency = forms.CharField(required=False, max_length=3)
    valuation_basis = forms.ChoiceField(choices=ValuationBasis.choices)
    valuation_qualifier = forms.ChoiceField(choices=Qualifier.choices, initial=Qualifier.EXACT)
    announced_on = forms.DateField(required=False, widget=DATE)
    expected_close_start = forms.DateField(required=False, widget=DATE)
    expected_close_end = forms.DateField(required=False, widget=DATE)
    investors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='One investor per line; add "(lead)" after a lead investor, "(in talks)" or '
        '"(considering)" after one that has not invested yet.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.get("initial")
        if initial and isinstance(initial.get("investors"), list):
            kwargs["initial"] = {
                **initial,
                "investors": "\n".join(_investor_line(i) for i in initial["investors"]),
            }
        super().__init__(*args, **kwargs)

    def _currency(self, name: str) -> str:
        code = (self.cleaned_data.get(name) or "").strip().upper()
        if code and not is_known_currency(code):
            raise ValidationError(f"“{code}” is not an ISO 4217 currency code.")
        return code

    def clean_currency(self) -> str:
        return self._currency("currency")

    def clean_valuation_currency(self) -> str:
        return self._currency("valuation_currency")

    def clean_investors(self) -> list[dict[str, Any]]:
        entries = []
        for line in self.cleaned_data.get("investors", "").splitlines():
            name, tags = line, set()
            while match := _TAG.search(name):
                tags.add(match.group(1).lower())
                name = name[: match.start()]
            name = name.strip()
            if not name:
                continue
            commitment = next(
                (c for c, tag in COMMITMENT_TAGS.items() if tag in tags), Commitment.CONFIRMED
            )
            if len(tags & set(COMMITMENT_TAGS.values())) > 1:
                raise ValidationError(f"{name}: either in talks or considering, not both.")
            entries.append(
                {"name": name, "lead": bool(tags & _LEAD_TAGS), "commitment": str(commitment)}
            )
        return entries

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_date_range(self, ("announced_on", "expected_close_start", "expected_close_end"))
        for field in ("amount", "amount_usd", "valuation"):
            if data.get(field) == 0:
                self.add_error(field, "Leave it empty when undisclosed; zero is not an amount.")
        for value, code in (("amount", "currency"), ("valuation", "valuation_currency")):
            if data.get(value) is not None and not data.get(code):
                self.add_error(code, f"Give the currency of the {value}.")
        start, end = data.get("expected_close_start"), data.get("expected_close_end")
        if start and end and start > end:
            self.add_error("expected_close_end", "The expected close range ends before it starts.")
        return data


def _investor_line(investor: dict[str, Any]) -> str:
    """One line of the investors box: the name and its tags, as clean_investors reads them."""
    line = investor["name"] + (" (lead)" if investor.get("lead") else "")
    tag = COMMITMENT_TAGS.get(investor.get("commitment", Commitment.CONFIRMED))
    return f"{line} ({tag})" if tag else line


class ProposalMilestoneForm(RefuseControlCharacters, forms.Form):
    company = forms.CharField(max_length=200)
    title = forms.CharField(max_length=Milestone._meta.get_field("title").max_length)
    kind = forms.ChoiceField(choices=MilestoneKind.choices)
    date_start = forms.DateField(widget=DATE)
    date_end = forms.DateField(widget=DATE)
    precision = forms.ChoiceField(choices=Precision.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_date_range(self, ("date_start", "date_end"))
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and start > end:
            self.add_error("date_end", "The date range ends before it starts.")
        return data
