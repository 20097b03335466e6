"""How a service's ValidationError reaches the editor: beside the form's fields, or as
one line of text for a message or a page that has no form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names; the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def error_text(exc: ValidationError, *, prefix: str = "") -> str:
    """Every message of `exc` as one sentence-like line, for messages.error or a page."""
    return prefix + " ".join(exc.messages)
