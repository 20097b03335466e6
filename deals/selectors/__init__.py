"""Reads: one module per sub-domain; selectors own select_related/prefetch_related."""

from .companies import (
    company_get,
    company_list,
    investor_get,
    investor_list,
    investor_portfolio,
)
from .history import history_changes
from .milestones import milestone_get, milestone_is_overdue, milestones_to_watch
from .profiles import company_profile
from .rounds import raised_totals, round_get, round_list, rounds_latest
from .search import name_search

__all__ = [
    "company_get",
    "company_list",
    "company_profile",
    "history_changes",
    "investor_get",
    "investor_list",
    "investor_portfolio",
    "milestone_get",
    "milestone_is_overdue",
    "milestones_to_watch",
    "name_search",
    "raised_totals",
    "round_get",
    "round_list",
    "rounds_latest",
]
from . import watching as watching  # the watching area's reads (watchlist, calendar)
