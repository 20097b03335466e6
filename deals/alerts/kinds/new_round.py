"""A watched company announced a new round."""

from __future__ import annotations

from deals.alerts.kinds.base import AlertKind, round_context
from deals.alerts.queue import insert_for_watchers
from deals.alerts.sql import tables
from deals.models import AlertDelivery, Round


def _title(delivery: AlertDelivery, round_: Round) -> str:
    return f"New round: {round_.company.name} – {round_.get_stage_display()}"


KIND = AlertKind(
    value=AlertDelivery.Kind.NEW_ROUND,
    about="round",
    context=round_context,
    title=_title,
)


def new_round_alerts(*, round: Round) -> list[int]:
    """Queue a new_round alert for every watcher of the round's company."""
    t = tables()
    return insert_for_watchers(
        kind=KIND.value,
        watcher_sql=f"SELECT user_id FROM {t['watch']} WHERE company_id = %(company)s",
        params={"company": round.company_id, "round": round.pk},
        target="NULL, %(round)s",
        occasion="",
    )
