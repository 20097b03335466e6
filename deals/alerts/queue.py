"""Queueing alerts: the due sweep's INSERT ... SELECT, and rows for the watchers of an event
(each kind's module in deals.alerts.kinds says whose)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from deals.alerts.sql import REACHABLE, Kind, db_time, range_text, tables
from deals.alerts.timing import due_cutoff, lookback
from deals.models.choices import MilestoneStatus


def queue_due_alerts(*, now: dt.datetime | None = None) -> int:
    """Insert a milestone_due row for every reachable watcher of every milestone
    that fell due within the lookback window; return how many rows were new.

    The plan (see bench_alert_sweep): a range scan of milestone_open_end_idx
    (date_end, id) WHERE status = 'upcoming' over the window, nested-loop probes
    of watch_milestone_idx and watch_company_idx, and a probe of the
    delivery_once_per_milestone unique index to skip pairs already recorded.
    """
    sql, params = queue_due_sql(now=now or timezone.now())
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return max(cur.rowcount, 0)


def queue_due_sql(*, now: dt.datetime) -> tuple[str, dict[str, Any]]:
    """The sweep's INSERT ... SELECT and its parameters (bench_alert_sweep EXPLAINs it)."""
    cutoff = due_cutoff(now=now)
    since = cutoff - lookback()
    t = tables()
    # The WITH comes after INSERT INTO (...), not before it: Python's sqlite3 counts
    # the rows a statement changed only when the statement starts with INSERT.
    sql = f"""
        INSERT INTO {t["delivery"]}
            (user_id, kind, milestone_id, round_id, occasion, created_at,
             claimed_until, attempts, last_error, sent_at, message_id)
        WITH due AS (
            SELECT m.id, m.company_id, {range_text("m")} AS occasion
            FROM {t["milestone"]} m
            WHERE m.status = %(upcoming)s AND m.date_end > %(since)s AND m.date_end <= %(cutoff)s
        ), pairs AS (
            SELECT w.user_id, due.id AS milestone_id, due.occasion
            FROM due JOIN {t["watch"]} w ON w.milestone_id = due.id
            UNION
            SELECT w.user_id, due.id, due.occasion
            FROM due JOIN {t["watch"]} w ON w.company_id = due.company_id
        )
        SELECT p.user_id, %(kind)s, p.milestone_id, NULL, p.occasion, %(now)s,
               NULL, 0, '', NULL, ''
        FROM pairs p
        {REACHABLE.format(**t)}
        AND NOT EXISTS (
            SELECT 1 FROM {t["delivery"]} d
            WHERE d.user_id = p.user_id AND d.kind = %(kind)s
              AND d.milestone_id = p.milestone_id AND d.occasion = p.occasion
        )
        ON CONFLICT DO NOTHING
    """
    params = {
        "upcoming": MilestoneStatus.UPCOMING,
        "since": since,
        "cutoff": cutoff,
        "kind": Kind.MILESTONE_DUE,
        "now": db_time(now),
    }
    return sql, params


def insert_for_watchers(
    *, kind: str, watcher_sql: str, params: dict[str, Any], target: str, occasion: str
) -> list[int]:
    """Insert one `kind` row per reachable user that `watcher_sql` selects (as user_id);
    `target` is the SQL for (milestone_id, round_id). Return the new rows' ids."""
    t = tables()
    sql = f"""
        INSERT INTO {t["delivery"]}
            (user_id, kind, milestone_id, round_id, occasion, created_at,
             claimed_until, attempts, last_error, sent_at, message_id)
        WITH pairs AS ({watcher_sql})
        SELECT p.user_id, %(kind)s, {target}, %(occasion)s, %(now)s,
               NULL, 0, '', NULL, ''
        FROM pairs p
        {REACHABLE.format(**t)}
        ON CONFLICT DO NOTHING
        RETURNING id
    """
    params = {**params, "kind": kind, "occasion": occasion, "now": db_time(timezone.now())}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return sorted(row[0] for row in cur.fetchall())
