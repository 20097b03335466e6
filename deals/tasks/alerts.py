"""Thin Celery tasks for alerts: take ids, call deals.alerts, own the retries.

The rows in PostgreSQL are the truth; these messages are nudges. A lost,
duplicated or redelivered message changes nothing: every send claims its row
first, and the once-a-minute sweep hands out whatever is still unsent.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from deals import alerts, enqueue

# Retries are a courtesy: the sweep retries anyway once a row's backoff ends.
MAX_RETRIES = 5


@shared_task(
    name=enqueue.SWEEP_DUE_ALERTS, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def sweep_due_alerts_task() -> dict[str, int]:
    """Beat, every minute: record due alerts and fan the ready ones out to senders."""
    result = alerts.sweep()
    for delivery_id in result.immediate:
        send_delivery_task.delay(delivery_id)
    for user_id in result.digest_users:
        send_digest_task.delay(user_id)
    return {
        "queued": result.queued,
        "immediate": len(result.immediate),
        "digests": len(result.digest_users),
    }


# Senders: a retry of a failed send, after the row's backoff.
_SENDER: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "max_retries": MAX_RETRIES,
}


def _status_or_retry(task: Task, result: alerts.SendResult) -> str:
    if result.status == "failed" and result.retry_in is not None:
        # alerts.backoff caps the delay below the broker's visibility timeout;
        # one second more so the row's backoff has ended when the retry claims.
        raise task.retry(countdown=result.retry_in.total_seconds() + 1)
    return result.status


@shared_task(name=enqueue.SEND_DELIVERY, **_SENDER)
def send_delivery_task(self: Task, delivery_id: int) -> str:
    return _status_or_retry(self, alerts.send_delivery(delivery_id=delivery_id))


@shared_task(name=enqueue.SEND_DIGEST, **_SENDER)
def send_digest_task(self: Task, user_id: int) -> str:
    return _status_or_retry(self, alerts.send_digest(user_id=user_id))
