"""An investor page's portfolio rows (templates/deals/investor_detail.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .deal_format import (
    commitment_label,
    day_month_year,
    page_url,
    round_amount,
    round_status_label,
    stage_label,
)

register = template.Library()


@register.filter
def portfolio_row(participation: Any) -> SafeString:
    """The table row of one participation: company, round, amount, date, sources.

    Built here, not in a template: the busiest investors fill the tables with fifty
    rows of ten variables each, and that loop cost twice the rest of the page's
    rendering. Reads participation.round, its company and participation.citation_list
    (selectors.investor_portfolio).
    """
    round_ = participation.round
    company = round_.company
    citations = participation.citation_list
    sources = render_to_string("deals/_sources.html", {"citations": citations}) if citations else ""
    return format_html(
        # data-label: the column names a phone shows beside each cell (table.stack).
        '<tr>\n  <td data-label="Company"><a href="{}">{}</a></td>\n'
        '  <td data-label="Round"><a href="{}">{}</a> <span class="badge {}">{}</span>{}</td>\n'
        '  <td class="num" data-label="Amount">{}</td>\n  <td data-label="Announced">{}</td>\n'
        '  <td data-label="Sources">{}</td>\n</tr>\n',
        page_url(company),
        company.name,
        page_url(round_),
        stage_label(round_.stage),
        round_.status,
        round_status_label(round_.status),
        _prospect_badge(participation.commitment),
        round_amount(round_),
        day_month_year(round_.announced_on) or "—",
        sources,
    )


def _prospect_badge(commitment: str) -> SafeString:
    label = commitment_label(commitment)
    return format_html(' <span class="badge prospect">{}</span>', label) if label else SafeString()


@register.filter
def portfolio_company(entry: Any) -> SafeString:
    """The list item of one portfolio company (a PortfolioCompany): link, rounds, leads.
    Built here for the reason portfolio_row is: up to fifty of them on a page."""
    rounds = len(entry.participations)
    led = entry.lead_count
    return format_html(
        '<li><a href="{}">{}</a> <span class="small muted">{} round{}{}</span></li>\n',
        page_url(entry.company),
        entry.company.name,
        rounds,
        "" if rounds == 1 else "s",
        f", led {led}" if led else "",
    )
