"""Forms of the ingest pages: submit an article, add a feed, correct a proposal."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from deals.forms import (
    ROUND_HELP_TEXTS,
    RoundFieldsForm,
    add_errors,
    check_date_range,
    round_formfield,
)
from deals.ingest.extract.text import MAX_CHARS
from deals.ingest.fetch import decode_bytes
from deals.models import Article, Feed, Milestone, Round
from deals.models.choices import Commitment, MilestoneKind, Precision
from deals.models.rounds import ROUND_FIELDS
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


class ProposalRoundForm(RoundFieldsForm, forms.Form):
    """A proposed round, prefilled from the extraction, corrected by the editor."""

    field_order = ["company", *ROUND_FIELDS, "investors"]
    company = forms.CharField(max_length=200)
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


# The round's own fields are the model's (ROUND_FIELDS), as on the round form; field_order
# puts them between the company and the investors.
ProposalRoundForm.base_fields.update(
    forms.fields_for_model(
        Round,
        fields=ROUND_FIELDS,
        formfield_callback=round_formfield,
        labels={"amount_usd": "Amount in USD (as the article states it)"},
        help_texts=ROUND_HELP_TEXTS,
    )
)


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
        add_errors(
            self,
            Milestone.field_errors(
                date_start=data.get("date_start"), date_end=data.get("date_end")
            ),
        )
        return data
