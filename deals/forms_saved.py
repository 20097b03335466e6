"""Forms of saved searches: they validate and normalise, deals.services.saved writes."""

from __future__ import annotations

from django import forms

from deals.models import SavedSearch
from deals.text import RefuseControlCharacters


class SavedSearchForm(RefuseControlCharacters, forms.Form):
    """Rename a search and choose its email."""

    name = forms.CharField(max_length=100, label="Name")
    email = forms.ChoiceField(choices=SavedSearch.Email.choices, label="Email me")


class SavedSearchCreateForm(SavedSearchForm):
    """Save the rounds list's current filters (its query string, checked by the service)."""

    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    email = forms.ChoiceField(
        choices=SavedSearch.Email.choices,
        label="Email me",
        required=False,
        initial=SavedSearch.Email.OFF,
    )
