"""Forms of the watching area: they validate and normalise, the services write."""

from __future__ import annotations

from typing import Any

from django import forms

from deals.forms import check_date_range
from deals.models import AlertPreference, Company
from deals.models.choices import MilestoneKind, MilestoneStatus, Precision
from deals.selectors.autocomplete import company_named
from deals.selectors.watching import ALL_AHEAD, DEFAULT_DAYS, MAX_DAYS, WINDOWS
from deals.services.outcomes import OUTCOMES
from deals.text import RefuseControlCharacters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WhatToWatchForm(RefuseControlCharacters, forms.Form):
    """The filters of "what to watch". Always bound to the query string: a missing
    ?days= is the default, so the menu shows the window the list uses."""

    days = forms.ChoiceField(required=False, label="Days")
    watched = forms.BooleanField(required=False, label="Only what I watch")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *MilestoneKind.choices], required=False)
    # A name, an alias or a slug: people type names (the page suggests them as they type).
    company = forms.CharField(required=False, max_length=220)
    sort = forms.ChoiceField(
        choices=[("", "Soonest first"), ("reliable", "Most reliable source first")],
        required=False,
        label="Order",
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("days"):
            data = data.copy()
            data["days"] = str(DEFAULT_DAYS)
        super().__init__(data, *args, **kwargs)
        choices = [(str(d), label) for d, label in WINDOWS.items()]
        asked = str(self.data.get("days", ""))
        # Any horizon from a link (?days=180) is offered too, so the menu shows it.
        if asked.isdigit() and 0 < int(asked) <= MAX_DAYS and int(asked) not in WINDOWS:
            choices.append((asked, f"Next {int(asked)} days"))
            choices.sort(key=lambda choice: int(choice[0]))
        days = self.fields["days"]
        assert isinstance(days, forms.ChoiceField)
        days.choices = [*choices, (ALL_AHEAD, "Everything ahead")]

    def clean_days(self) -> int | None:
        """Days ahead, or None for no limit."""
        value = self.cleaned_data.get("days") or str(DEFAULT_DAYS)
        return None if value == ALL_AHEAD else int(value)

    def clean_company(self) -> Company | None:
        text = self.cleaned_data.get("company", "").replace("\x00", "").strip()
        if not text:
            return None
        company = company_named(text=text)
        if company is None:
            raise forms.ValidationError(f"No company is named “{text}”; showing all companies.")
        return company


class OutcomeForm(RefuseControlCharacters, forms.Form):
    status = forms.ChoiceField(
        choices=[(s, MilestoneStatus(s).label) for s in OUTCOMES], label="Outcome"
    )
    new_start = forms.DateField(required=False, widget=DATE, label="New date from")
    new_end = forms.DateField(required=False, widget=DATE, label="to (optional)")
    precision = forms.ChoiceField(
        choices=[("", "Keep precision"), *Precision.choices], required=False
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    occurred_on = forms.DateField(
        required=False,
        widget=DATE,
        label="Happened on",
        help_text="For “Occurred”; today if blank.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_date_range(self, ("new_start", "new_end"))
        if data.get("status") == MilestoneStatus.RESCHEDULED and not data.get("new_start"):
            self.add_error("new_start", "Give the new date.")
        return data


class PreferenceForm(RefuseControlCharacters, forms.ModelForm):
    class Meta:
        model = AlertPreference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}
