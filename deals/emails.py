"""Emails: each from three templates (emails/<name>-subject.txt, -body.txt, -body.html),
with the headers every alert carries. What goes in each kind of alert is
defined in deals.alerts.kinds.

Every email carries a Message-ID derived from its delivery row, so the one
duplicate no system can rule out (a crash after the SMTP server accepted and
before sent_at was committed) is recognisable by the receiving side, and a
List-Unsubscribe header with a signed, login-free link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from deals.models import Milestone
from deals.permissions import is_editor
from deals.templatetags.deal_format import fuzzy_date

UNSUBSCRIBE_SALT = "deals.unsubscribe"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "fundtracker.local"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def message_id_for(*, delivery_id: int, digest: bool = False) -> str:
    prefix = "digest" if digest else "delivery"
    return f"<{prefix}-{delivery_id}@{site_domain()}>"


def unsubscribe_token(*, user: Any) -> str:
    # No expiry: a link in a years-old email must still work.
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(*, token: str) -> Any | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u")).first()


def describe_when(*, start: dt.date, end: dt.date, precision: str) -> str:
    """The date as the source put it: "12 Jun 2026", "June 2026", "Q3 2027"."""
    return fuzzy_date(start, end, precision)


def milestone_when(milestone: Milestone) -> str:
    return describe_when(
        start=milestone.date_start, end=milestone.date_end, precision=milestone.precision
    )


EMAIL_PARTS = ("subject.txt", "body.txt", "body.html")


def template_name(name: str, part: str) -> str:
    return f"emails/{name}-{part}"


def build_email(
    *, name: str, user: Any, context: dict[str, Any], message_id: str
) -> EmailMultiAlternatives:
    """The email made of `name`'s three templates, to `user`, with unsubscribe headers."""
    unsubscribe_url = absolute(
        reverse("deals:unsubscribe", kwargs={"token": unsubscribe_token(user=user)})
    )
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute(reverse("deals:preferences")),
        # Per recipient: the outcome page answers 403 to anyone but an editor.
        "can_edit": is_editor(user),
    }
    subject, text, html = (render_to_string(template_name(name, p), context) for p in EMAIL_PARTS)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail clients may unsubscribe with one POST, no page visit.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
