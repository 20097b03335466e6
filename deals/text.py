"""Control characters: refused in every text an editor types, stripped where text leaves.

XML 1.0 cannot carry C0 controls other than tab, line feed and carriage return, so
one stored in a company name made every Atom feed listing it fail; nobody types
them, and DEL and the C1 range are invisible in every page and email alike.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# C0 without tab, line feed and carriage return; DEL; C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@deconstructible
class ControlCharacterValidator:
    """Refuses a string (or a list of strings, as an aliases field cleans to) holding one."""

    code = "control_characters"

    def __call__(self, value: Any) -> None:
        values = value if isinstance(value, list | tuple) else [value]
        for text in values:
            found = CONTROL.search(text) if isinstance(text, str) else None
            if found:
                raise ValidationError(
                    "Control characters are not allowed (found U+%(code)04X at character "
                    "%(position)d); retype the text or paste it as plain text.",
                    code=self.code,
                    params={"code": ord(found.group()), "position": found.start() + 1},
                )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator)

    def __hash__(self) -> int:
        return hash(self.code)


refuse_control_characters = ControlCharacterValidator()


class RefuseControlCharacters(forms.BaseForm):
    """Base of every form of the app: each text field it has, now or later, refuses
    control characters (tests/test_text.py checks every form subclasses this)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and refuse_control_characters not in (
                field.validators
            ):
                field.validators.append(refuse_control_characters)


def strip_control_characters(text: str) -> str:
    """For rows stored before the forms refused them: what leaves as XML or email must parse."""
    return CONTROL.sub("", text)
