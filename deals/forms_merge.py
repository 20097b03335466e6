"""The merge form: which record a duplicate goes into."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from deals.text import RefuseControlCharacters


class MergeForm(RefuseControlCharacters, forms.Form):
    """`into`: the slug of the record to keep (any other record of the same model)."""

    into: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose the record to keep.",
            "invalid_choice": "That record is not on file (any more): choose another.",
        },
    )

    def __init__(self, *args: Any, duplicate: models.Model, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = type(duplicate)._default_manager
        self.fields["into"].queryset = manager.exclude(pk=duplicate.pk)  # type: ignore[attr-defined]
