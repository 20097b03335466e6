"""Alert kinds: one module per kind, each defining KIND (an AlertKind), found here.

A kind's module holds all that differs between kinds: what the alert is about
(its feed link), its email and digest-line context, its feed title, when it has
become obsolete, and the function that queues it for watchers (the sweep queues
milestone_due). Its five templates are named after it (see AlertKind). Adding a
kind: its module and templates, its value in AlertDelivery.Kind (and the
migration for it), and the service call that queues it. tests/test_alert_kinds.py
fails for a value without a module or template, and kind_for() for an unknown one.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from deals.alerts.kinds.base import AlertKind


class UnknownAlertKind(LookupError):
    pass


@functools.cache
def registry() -> dict[str, AlertKind]:
    """Every kind, by value: the KIND of each module in this package (but base)."""
    kinds: dict[str, AlertKind] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            kind = importlib.import_module(f"{__name__}.{module.name}").KIND
            kinds[str(kind.value)] = kind
    return kinds


def kind_for(value: str) -> AlertKind:
    try:
        return registry()[value]
    except KeyError:
        raise UnknownAlertKind(
            f"No alert kind {value!r}: define KIND in deals/alerts/kinds/{value}.py"
        ) from None


__all__ = ["AlertKind", "UnknownAlertKind", "kind_for", "registry"]
