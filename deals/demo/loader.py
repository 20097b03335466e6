"""Load the demo set through the write services, idempotently.

The records come from the YAML files in data/ (read and checked by records.py),
the seed story from seed.py. Companies, investors, rounds and milestones are
found by a natural key (slug; company + stage + announcement day; company +
title) and saved only when a field differs, so a second run writes nothing, not
even a history record. The articles go through article ingest
(deals/demo/ingest.py), whose URL hashes and proposal fingerprints make a
second run add nothing either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from deals.models import Company, Investor, Milestone, Round
from deals.permissions import ANALYST, EDITOR, role_group
from deals.services.companies import (
    company_create,
    company_update,
    investor_create,
    investor_update,
)
from deals.services.milestones import milestone_save
from deals.services.rounds import InvestorEntry, round_save

from . import seed
from .ingest import demo_article_ingest, seed_decide
from .records import demo_records
from .report import LoadReport
from .spec import DemoMilestone, DemoRound, resolve

REASON = "Loaded demo data"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# Public on purpose: the README and `make demo` print them. Never load them on a
# server that faces the internet (load_demo --no-users skips them).
DEMO_LOGINS = (
    DemoLogin("analyst", "analyst-demo-2026", ANALYST),
    DemoLogin("editor", "editor-demo-2026", EDITOR),
    DemoLogin("admin", "admin-demo-2026", "superuser"),
)


def _differences(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


def _company(spec: Any, report: LoadReport) -> Company:
    values = {
        "name": spec.name,
        "country": spec.country,
        "sector": spec.sector,
        "website": spec.website,
        "description": spec.description,
        "aliases": list(spec.aliases),
    }
    company = Company.objects.filter(slug=spec.slug).first()
    if company is None:
        name = values.pop("name")
        company = company_create(name=name, slug=spec.slug, reason=REASON, **values)
        report.note("companies", created=True, changed=True)
        return company
    changes = _differences(company, values)
    if changes:
        company_update(company=company, reason=REASON, **changes)
    report.note("companies", created=False, changed=bool(changes))
    return company


def _investor(spec: Any, companies: dict[str, Company], report: LoadReport) -> Investor:
    values: dict[str, Any] = {
        "name": spec.name,
        "kind": spec.kind,
        "company": companies[spec.company] if spec.company else None,
        "aliases": list(spec.aliases),
    }
    investor = Investor.objects.filter(slug=spec.slug).first()
    if investor is None:
        investor = investor_create(slug=spec.slug, reason=REASON, **values)
        report.note("investors", created=True, changed=True)
        return investor
    changes = _differences(investor, values)
    if changes:
        investor_update(investor=investor, reason=REASON, **changes)
    report.note("investors", created=False, changed=bool(changes))
    return investor


def _round(
    spec: DemoRound,
    companies: dict[str, Company],
    investors: dict[str, Investor],
    report: LoadReport,
) -> Round:
    company = companies[spec.company]
    start, end = spec.expected_close or (None, None)
    values: dict[str, Any] = {
        "status": spec.status,
        "amount": spec.amount,
        "currency": spec.currency,
        "amount_qualifier": spec.amount_qualifier,
        "valuation": spec.valuation,
        "valuation_currency": spec.valuation_currency,
        "valuation_basis": spec.valuation_basis,
        "valuation_qualifier": spec.valuation_qualifier,
        "expected_close_start": start,
        "expected_close_end": end,
        "closed_on": spec.closed_on,
        "notes": spec.notes,
    }
    if spec.amount_usd is not None:
        # The source's own figure; without one round_save converts at the ECB rate.
        values |= {"amount_usd": spec.amount_usd, "amount_usd_source": "article"}
    wanted = {investors[slug].pk: (lead, spec.commitment_of(slug)) for slug, lead in spec.investors}
    round_ = Round.objects.filter(
        company=company, stage=spec.stage, announced_on=spec.announced_on
    ).first()
    created = round_ is None
    if round_ is None:
        round_ = Round(company=company, stage=spec.stage, announced_on=spec.announced_on)
        changes = values
    else:
        changes = _differences(round_, values)
    current = {
        investor_id: (lead, commitment)
        for investor_id, lead, commitment in (
            round_.participations.values_list("investor_id", "lead", "commitment")
            if round_.pk
            else []
        )
    }
    entries = None
    if created or current != wanted:
        entries = [
            InvestorEntry(
                investor=investors[slug],
                name=investors[slug].name,
                lead=lead,
                commitment=spec.commitment_of(slug),
            )
            for slug, lead in spec.investors
        ]
    if created or changes or entries is not None:
        for name, value in changes.items():
            setattr(round_, name, value)
        round_save(round=round_, investors=entries, reason=REASON)
    report.note("rounds", created=created, changed=bool(changes or entries is not None))
    return round_


def _milestone(
    spec: DemoMilestone, companies: dict[str, Company], today: dt.date, report: LoadReport
) -> Milestone:
    company = companies[spec.company]
    start, end, precision = resolve(spec.when, today=today)
    linked = None
    if spec.round_announced_on:
        linked = (
            Round.objects.filter(company=company, announced_on=spec.round_announced_on)
            .order_by("id")
            .first()
        )
    values: dict[str, Any] = {
        "kind": spec.kind,
        "date_start": start,
        "date_end": end,
        "precision": precision,
        "status": spec.status,
        "description": spec.description,
        "outcome_note": spec.outcome_note,
        "round": linked,
    }
    milestone = Milestone.objects.filter(company=company, title=spec.title).first()
    created = milestone is None
    if milestone is None:
        milestone = Milestone(company=company, title=spec.title)
        changes = values
    else:
        changes = _differences(milestone, values)
    if changes:
        for name, value in changes.items():
            setattr(milestone, name, value)
        if spec.status != "upcoming" and milestone.outcome_recorded_at is None:
            milestone.outcome_recorded_at = timezone.now()
        milestone_save(milestone=milestone, reason=REASON)
    report.note("milestones", created=created, changed=bool(changes))
    return milestone


@transaction.atomic
def demo_load(*, today: dt.date | None = None, editor: Any = None) -> LoadReport:
    """Create or bring up to date every demo row; returns what it created or changed.

    1. Company profiles and investors first, so ingest resolves the articles'
       names to them (DeepSeek by its aliases, CATL the investor and the company).
    2. The rounds and milestones "as reported at the time".
    3. The seed article through ingest, its proposals accepted as `editor`.
    4. The review queue: more articles through ingest, their proposals left pending.
    `today` anchors the milestones dated relative to the load day. Raises
    DemoLoadError, saving nothing, when an article does not load as it should.
    """
    today = today or timezone.localdate()
    records = demo_records()
    report = LoadReport()
    companies = {spec.slug: _company(spec, report) for spec in records.companies}
    investors = {spec.slug: _investor(spec, companies, report) for spec in records.investors}
    for round_spec in records.rounds:
        _round(round_spec, companies, investors, report)
    for milestone_spec in records.milestones:
        _milestone(milestone_spec, companies, today, report)
    article = demo_article_ingest(spec=seed.ARTICLE, report=report)
    seed_decide(article=article, editor=editor, report=report)
    for article_spec in records.queue:
        demo_article_ingest(spec=article_spec, report=report)
    return report


@transaction.atomic
def demo_users_ensure() -> list[tuple[DemoLogin, bool]]:
    """The demo logins, created or reset to their known password and role.

    A password is only re-set when it no longer matches, so a second run
    changes nothing. Returns each login with whether it was created.
    """
    User = get_user_model()
    result = []
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username, defaults={"email": f"{login.username}@fundtracker.local"}
        )
        superuser = login.role == "superuser"
        dirty = created
        if not user.check_password(login.password):
            user.set_password(login.password)
            dirty = True
        if (user.is_superuser, user.is_staff, user.is_active) != (superuser, superuser, True):
            user.is_superuser = user.is_staff = superuser
            user.is_active = True
            dirty = True
        if dirty:
            user.save()
        if not superuser:
            group = role_group(login.role)
            if list(user.groups.all()) != [group]:
                user.groups.set([group])
        result.append((login, created))
    return result
