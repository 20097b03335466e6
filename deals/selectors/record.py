"""Track records of dated plans: kept, late, missed or still open, for a company or for
the publication that reported them.

A milestone is a dated plan ("V4.1 in June", "close by Q3"). Once its promised end has
passed, or an outcome is recorded, it is one of:
- kept: it happened on or before the end of the range first promised;
- late: it happened after it (a reschedule moves the date, not the promise);
- missed: recorded as missed or cancelled;
- open: the date passed and no outcome is recorded yet.
Plans still ahead of their date with no outcome are not counted yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from rapidfuzz import fuzz

from deals.models import Citation, Milestone
from deals.models.choices import MilestoneStatus

KEPT, LATE, MISSED, OPEN = "kept", "late", "missed", "open"
VERDICTS = (KEPT, LATE, MISSED, OPEN)
SOURCE_MILESTONES_LIMIT = 100


@dataclass(frozen=True)
class Record:
    kept: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    ahead: int = 0  # dated plans still ahead of their date

    @property
    def judged(self) -> int:
        return self.kept + self.late + self.missed + self.open

    @property
    def kept_share(self) -> float | None:
        """Kept among the plans whose outcome is known; None before any is."""
        known = self.kept + self.late + self.missed
        return self.kept / known if known else None


def _promised() -> Coalesce:
    return Coalesce("promised_end", "date_end")


def with_verdicts(milestones: QuerySet[Milestone], *, today: dt.date) -> QuerySet[Milestone]:
    """`verdict` on each milestone: kept, late, missed, open, or "" (still ahead)."""
    occurred = Q(status=MilestoneStatus.OCCURRED)
    missed = Q(status__in=[MilestoneStatus.MISSED, MilestoneStatus.CANCELLED])
    return milestones.alias(
        happened_on=Coalesce("occurred_on", TruncDate("outcome_recorded_at")),
        promised=Coalesce("promised_end", "date_end"),
    ).annotate(
        verdict=Case(
            When(occurred & Q(happened_on__gt=F("promised")), then=Value(LATE)),
            When(occurred, then=Value(KEPT)),
            When(missed, then=Value(MISSED)),
            When(promised__lt=today, then=Value(OPEN)),
            default=Value(""),
            output_field=CharField(),
        )
    )


def record_of(milestones: QuerySet[Milestone], *, today: dt.date) -> Record:
    """The verdicts of `milestones` counted, in one query."""
    counts = with_verdicts(milestones, today=today).aggregate(
        **{v: Count("id", filter=Q(verdict=v)) for v in VERDICTS},
        ahead=Count("id", filter=Q(verdict="")),
    )
    return Record(**counts)


def company_record(*, company_id: int, today: dt.date) -> Record:
    return record_of(Milestone.objects.filter(company_id=company_id), today=today)


def _reported_by(domain: str) -> QuerySet[Milestone]:
    cited = Citation.objects.filter(article__domain=domain, milestone__isnull=False)
    return Milestone.objects.filter(pk__in=cited.values("milestone_id"))


@dataclass(frozen=True)
class SourceRecord:
    domain: str
    record: Record
    milestones: list[Milestone]  # with .verdict, latest promise first


def source_record(*, domain: str, today: dt.date) -> SourceRecord | None:
    """How the dated plans reported by `domain` turned out; None when it reported none."""
    reported = _reported_by(domain)
    record = record_of(reported, today=today)
    if not record.judged and not record.ahead:
        return None
    shown = with_verdicts(reported.select_related("company"), today=today).order_by(
        F("promised").desc(), "-id"
    )[:SOURCE_MILESTONES_LIMIT]
    return SourceRecord(domain=domain, record=record, milestones=list(shown))


def kept_share_by_domain(*, domains: list[str], today: dt.date) -> dict[str, float]:
    """Each domain's share of kept plans among those with a known outcome, in one query
    (plans counted per domain and verdict); a domain with none known is absent."""
    if not domains:
        return {}
    domain = "citations__article__domain"
    rows = (
        with_verdicts(Milestone.objects.filter(**{f"{domain}__in": domains}), today=today)
        .values(domain, "verdict")
        .annotate(plans=Count("id", distinct=True))
        .order_by()
    )
    kept: dict[str, int] = {}
    known: dict[str, int] = {}
    for row in rows:
        if row["verdict"] in (KEPT, LATE, MISSED):
            known[row[domain]] = known.get(row[domain], 0) + row["plans"]
            if row["verdict"] == KEPT:
                kept[row[domain]] = kept.get(row[domain], 0) + row["plans"]
    return {d: kept.get(d, 0) / n for d, n in known.items()}


def by_source_reliability(milestones: list[Milestone], *, today: dt.date) -> list[Milestone]:
    """`milestones` with those whose most reliable source kept most of its dated plans
    first (ties keep their order); unrated sources, and no source, last. Two queries
    whatever the number: the milestones' domains, then the domains' records. Sets
    `source_kept_share` on each (None when unrated)."""
    cited = Citation.objects.filter(
        milestone_id__in=[m.pk for m in milestones], article__domain__gt=""
    ).values_list("milestone_id", "article__domain")
    domains: dict[int, set[str]] = {}
    for milestone_id, domain in cited:
        domains.setdefault(milestone_id, set()).add(domain)
    shares = kept_share_by_domain(
        domains=sorted({d for ds in domains.values() for d in ds}), today=today
    )
    for m in milestones:
        rated = [shares[d] for d in domains.get(m.pk, ()) if d in shares]
        m.source_kept_share = max(rated) if rated else None  # type: ignore[attr-defined]
    return sorted(
        milestones,
        key=lambda m: (m.source_kept_share is None, -(m.source_kept_share or 0)),  # type: ignore[attr-defined]
    )


# A report's title this alike names the same plan (as proposals.MILESTONE_TITLE_CUTOFF).
SAME_PLAN_CUTOFF = 80


def plan_reported_done(
    *,
    company_id: int | None,
    title: str,
    end: dt.date | None,
    reported_on: dt.date | None,
) -> Milestone | None:
    """The company's open plan that a later article reports as done: the same thing by
    its title, the report's date already past when the article was published (so it
    happened, rather than is planned), and the plan's own dates not after the report."""
    if company_id is None or not title or end is None or reported_on is None:
        return None
    if end > reported_on:
        return None  # the article says it will happen: a plan, not an outcome
    # Only the report's end is compared: "released in June" reports the June plan done,
    # and a report dated after the plan's range (late) is the same plan too.
    candidates = Milestone.objects.filter(
        company_id=company_id, status=MilestoneStatus.UPCOMING, date_start__lte=reported_on
    )
    for candidate in candidates.order_by("date_end", "id"):
        if fuzz.token_set_ratio(candidate.title.lower(), title.lower()) >= SAME_PLAN_CUTOFF:
            return candidate
    return None
