"""Forms of the watching area: they validate and normalise, the services write."""

from __future__ import annotations

from typing import Any

from django import forms

from deals.forms import check_date_range
from deals.models import AlertPreference
from deals.models.choices import MilestoneKind, MilestoneStatus, Precision
from deals.selectors.watching import WINDOWS
from deals.services.outcomes import OUTCOMES
from deals.text import RefuseControlCharacters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WhatToWatchForm(RefuseControlCharacters, forms.Form):
    days = forms.TypedChoiceField(
        choices=[(d, f"Next {d} days") for d in WINDOWS], coerce=int, required=False, initial=30
    )
    watched = forms.BooleanField(required=False, label="Only what I watch")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *MilestoneKind.choices], required=False)
    company = forms.CharField(
        required=False,
        max_length=220,
        widget=forms.TextInput(attrs={"placeholder": "company-slug", "size": 14}),
    )

    def clean_days(self) -> int:
        return self.cleaned_data.get("days") or 30


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
