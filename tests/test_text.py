"""Control characters: every text field of every form refuses them, and feeds built from
rows stored before that never carry one (XML 1.0 cannot, and the feed answered 500)."""

from __future__ import annotations

import importlib
import pkgutil
import xml.etree.ElementTree as ET

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

import deals
from deals.models import AlertDelivery, Company
from deals.services.watching import alert_preference_get
from deals.text import RefuseControlCharacters, strip_control_characters

from .factories import AlertDeliveryFactory, CompanyFactory, MilestoneFactory, RoundFactory

ATOM = "{http://www.w3.org/2005/Atom}"
REFUSED = "Control characters are not allowed"


def _app_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined anywhere in the deals package."""
    for module in pkgutil.walk_packages(deals.__path__, "deals."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("deals.") and cls.__module__ != "deals.text":
            found.add(cls)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


APP_FORMS = _app_forms()


def test_the_walk_finds_the_forms() -> None:
    names = {cls.__name__ for cls in APP_FORMS}
    assert {"CompanyForm", "RoundForm", "ProposalRoundForm", "OutcomeForm"} <= names


@pytest.mark.parametrize("form_class", APP_FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_text_field_of_every_form_refuses_control_characters(
    db, form_class: type[forms.BaseForm]
) -> None:
    assert issubclass(form_class, RefuseControlCharacters)
    if isinstance(form_class, forms.models.ModelFormMetaclass) and not form_class._meta.model:
        return  # an abstract base; the forms built on it are checked in turn
    texts = [n for n, f in form_class.base_fields.items() if isinstance(f, forms.CharField)]
    if not texts:
        return  # only choices (the merge form's hidden record): nothing typed to refuse
    form = form_class(data=dict.fromkeys(texts, "a\x01b"))
    assert not form.is_valid()
    for name in texts:
        assert any(REFUSED in e for e in form.errors.get(name, [])), (name, form.errors)


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x0c", "\x7f", "\x85"])
def test_company_form_refuses_the_name_and_keeps_what_was_typed(editor_client, char) -> None:
    response = editor_client.post(
        reverse("deals:company_create"), {"name": f"Acme{char}Robotics", "country": "US"}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert 'value="Acme' in response.content.decode()
    assert not Company.objects.exists()


def test_tab_and_newlines_are_still_text(editor_client) -> None:
    response = editor_client.post(
        reverse("deals:company_create"),
        {"name": "Acme Robotics", "description": "Line one\r\n\tLine two"},
    )
    assert response.status_code == 302
    assert Company.objects.get().description.splitlines() == ["Line one", "\tLine two"]


def test_aliases_refuse_control_characters(editor_client) -> None:
    response = editor_client.post(
        reverse("deals:company_create"), {"name": "Acme", "aliases": "Good\nBad\x02Alias"}
    )
    assert REFUSED in response.content.decode()
    assert not Company.objects.exists()


def test_rounds_feed_strips_control_characters_of_stored_rows(analyst_client) -> None:
    RoundFactory(company=CompanyFactory(name="Evil\x01\x1b Robotics"), stage="seed")
    response = analyst_client.get(reverse("deals:rounds_feed"))
    assert response.status_code == 200
    (entry,) = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title", "").startswith("Evil Robotics: Seed")


def test_alerts_feed_strips_control_characters_of_stored_rows(db, client) -> None:
    milestone = MilestoneFactory(title="Launch\x08", company=CompanyFactory(name="Bad\x0bName"))
    row = AlertDeliveryFactory(milestone=milestone)
    AlertDelivery.objects.filter(pk=row.pk).update(sent_at=timezone.now())
    key = alert_preference_get(user=row.user).calendar_token
    response = client.get(reverse("deals:alerts_feed"), {"key": key})
    assert response.status_code == 200
    (entry,) = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert "BadName – Launch (" in entry.findtext(f"{ATOM}title", "")


def test_strip_keeps_text_and_line_breaks() -> None:
    assert strip_control_characters("a\x00b\tc\nd\r\x9fé€") == "ab\tc\nd\ré€"
