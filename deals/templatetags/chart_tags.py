"""What the chart templates need beyond deal_format: a cell of a stage in a month."""

from __future__ import annotations

from django import template

from deals.selectors.charts import MonthStack

from .deal_format import money

register = template.Library()


@register.simple_tag
def stage_amount(month: MonthStack, stage: str) -> str:
    usd = month.by_stage.get(stage)
    return money(usd, "USD") if usd else "—"
