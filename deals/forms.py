"""Editing forms: validate and normalise what editors type; the services save it."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, cast

from babel import Locale
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from deals.models import Company, Investor, Milestone, Round
from deals.models.choices import Commitment, UsdSource
from deals.models.rounds import ROUND_EDITOR_FIELDS, ROUND_FIELDS
from deals.models.rules import Errors, currency_code, currency_error
from deals.services.rounds import InvestorEntry
from deals.text import RefuseControlCharacters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Dates outside these years are typos ("0202", "20255") or probes, and the day
# after 9999-12-31 would overflow the alert and calendar arithmetic.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def check_date_range(form: forms.BaseForm, names: tuple[str, ...]) -> None:
    """Flag each of the form's dates that lies outside EARLIEST_DATE..LATEST_DATE."""
    for name in names:
        value = form.cleaned_data.get(name)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            form.add_error(
                name, f"Give a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."
            )


@cache
def _country_codes() -> frozenset[str]:
    # CLDR territories also hold regions ("001", "EU"); keep the ISO 3166 alpha-2 ones.
    codes = (str(c) for c in Locale("en").territories)
    return frozenset(c for c in codes if re.fullmatch(r"[A-Z]{2}", c))


def _formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # Editors paste "example.com": read it as https, Django 6's default.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class AliasesField(forms.CharField):
    """Other names, one per line or comma-separated, kept as a list without repeats."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            parts = [str(v) for v in value]
        else:
            parts = re.split(r"[,\n]", super().to_python(value) or "")
        aliases: list[str] = []
        seen: set[str] = set()
        for part in parts:
            alias = " ".join(part.split())
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        return aliases

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or []) != self.to_python(data)


def _clean_currency(value: str | None) -> str:
    code = currency_code(value)
    if message := currency_error(code):
        raise ValidationError(message, code="unknown_currency")
    return code


def add_errors(form: forms.BaseForm, errors: Errors) -> None:
    """Show a model rule's messages (rules.py) beside the form's fields."""
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field, message)


def round_formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # A round's dates are picked from a calendar; its currencies are three-letter codes.
    if isinstance(field, models.DateField):
        kwargs.setdefault("widget", DATE)
    elif field.name in ("currency", "valuation_currency"):
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 3, "maxlength": 3}))
    return field.formfield(**kwargs)


ROUND_HELP_TEXTS = {"currency": "ISO 4217 code: USD, EUR, CNY…"}


class RoundFieldsForm(RefuseControlCharacters, forms.Form):
    """The rules of a round's fields (ROUND_FIELDS), for the round form and the proposal
    edit form alike: each rule is a model method both call."""

    def clean_currency(self) -> str:
        return _clean_currency(self.cleaned_data.get("currency"))

    def clean_valuation_currency(self) -> str:
        return _clean_currency(self.cleaned_data.get("valuation_currency"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        dates = [n for n, f in self.fields.items() if isinstance(f, forms.DateField)]
        check_date_range(self, tuple(dates))
        add_errors(self, Round.field_errors(cleaned, typed=True))
        return cleaned


class _NamedForm(RefuseControlCharacters, forms.ModelForm):
    """Company and investor: trimmed name, aliases without the name itself."""

    aliases = AliasesField(
        required=False, help_text="Other names it goes by, one per line or comma-separated."
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name = (cleaned.get("name") or "").casefold()
        cleaned["aliases"] = [a for a in cleaned.get("aliases", []) if a.casefold() != name]
        return cleaned


class CompanyForm(_NamedForm):
    class Meta:
        model = Company
        formfield_callback = _formfield
        fields = ["name", "aliases", "country", "sector", "website", "description"]

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if code and code not in _country_codes():
            raise ValidationError("Use a two-letter ISO 3166 country code, e.g. US, CN, DE.")
        return code

    def clean_sector(self) -> str:
        return " ".join(self.cleaned_data["sector"].split())


class InvestorForm(_NamedForm):
    class Meta:
        model = Investor
        formfield_callback = _formfield
        fields = ["name", "kind", "aliases", "company", "website", "description"]
        help_texts = {"company": "When the investor is also a company we cover (CATL)."}


class RoundForm(RoundFieldsForm, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["company", *ROUND_FIELDS, *ROUND_EDITOR_FIELDS]
        formfield_callback = round_formfield
        labels = {"amount_usd": "Amount in USD"}
        help_texts = {
            **ROUND_HELP_TEXTS,
            "amount_usd": "Only when the source states it; otherwise it is converted "
            "at the ECB rate of the announcement day.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A converted figure is not something the editor stated: leave the box
        # empty so saving recomputes it, unless a source stated it.
        if self.instance.amount_usd_source != UsdSource.ARTICLE:
            self.initial["amount_usd"] = None

    def round_to_save(self) -> Round:
        """The instance with the form's values, its USD figure marked stated or not."""
        round_ = self.instance
        round_.amount_usd_source = UsdSource.ARTICLE if round_.amount_usd is not None else ""
        return round_


class InvestorRowForm(RefuseControlCharacters, forms.Form):
    investor = forms.ModelChoiceField(
        queryset=Investor.objects.all(), required=False, widget=forms.HiddenInput
    )
    name = forms.CharField(
        max_length=200,
        required=False,
        label="Investor",
        widget=forms.TextInput(attrs={"list": "investor-options", "autocomplete": "off"}),
    )
    lead = forms.BooleanField(required=False, label="Lead")
    # Not required: a row posted without it keeps the investor's commitment on file.
    commitment = forms.ChoiceField(
        choices=Commitment.choices, required=False, initial=Commitment.CONFIRMED
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("lead") and not cleaned.get("name"):
            self.add_error("name", "Name the lead investor.")
        return cleaned

    def entry(self) -> InvestorEntry | None:
        name = self.cleaned_data.get("name", "")
        if not name:
            return None
        investor = self.cleaned_data.get("investor")
        # The hidden id only holds while the typed name is still that investor's:
        # a retyped name is a different investor, found or created by name.
        if investor is not None and investor.name.casefold() != name.casefold():
            investor = None
        return InvestorEntry(
            investor=investor,
            name=name,
            lead=self.cleaned_data["lead"],
            commitment=self.cleaned_data.get("commitment") or None,
        )


class BaseInvestorFormSet(forms.BaseFormSet):
    def entries(self) -> list[InvestorEntry]:
        """The rows kept (not deleted, not blank), in order."""
        kept = [form.entry() for form in self.forms if form not in self.deleted_forms]
        return [entry for entry in kept if entry is not None]


InvestorFormSet = cast(
    type[BaseInvestorFormSet],
    forms.formset_factory(InvestorRowForm, formset=BaseInvestorFormSet, extra=1, can_delete=True),
)
INVESTOR_PREFIX = "investors"


def investor_formset_initial(round_: Round) -> list[dict[str, Any]]:
    return [
        {
            "investor": p.investor,
            "name": p.investor.name,
            "lead": p.lead,
            "commitment": p.commitment,
        }
        for p in round_.participations.select_related("investor").order_by("-lead", "id")
    ]


class MilestoneForm(RefuseControlCharacters, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "company",
            "round",
            "title",
            "kind",
            "date_start",
            "date_end",
            "precision",
            "status",
            "description",
        ]
        widgets = {"date_start": DATE, "date_end": DATE}
        labels = {"date_start": "From", "date_end": "To"}
        help_texts = {
            "date_end": "For a fuzzy date (“June 2027”, “Q3”) give the range it covers "
            "and its precision.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.select_related("company")  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        check_date_range(self, ("date_start", "date_end"))
        company = cleaned.get("company")
        errors = Milestone.field_errors(
            date_start=cleaned.get("date_start"),
            date_end=cleaned.get("date_end"),
            company_id=company.pk if company else None,
            round=cleaned.get("round"),
        )
        add_errors(self, errors)
        return cleaned
