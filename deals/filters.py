"""Filter forms: they validate and normalise the query string, nothing more.

Ordering and pagination belong to the selectors (keyset pagination needs to
own the ORDER BY), so `sort` is validated here but applied there.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast

from deals.models import Investor, Participation, Round
from deals.models.choices import RoundStatus, Stage
from deals.models.rules import currency_code

SORTS = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("largest", "Largest first"),
    ("smallest", "Smallest first"),
]
MILLION = Decimal(1_000_000)
# The investor filter inlines the matching investors' ids up to this many.
INVESTOR_IDS_INLINE = 20


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_company_name",
        label="Company",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or alias"}),
    )
    # Labels given, not derived from the model: the API schema's generator reads these
    # filters before any FilterSet binds them a model, and the label it saw would stick.
    stage = django_filters.ChoiceFilter(
        choices=Stage.choices, empty_label="Any stage", label="Stage"
    )
    status = django_filters.ChoiceFilter(
        choices=RoundStatus.choices, empty_label="Any status", label="Status"
    )
    currency = django_filters.CharFilter(
        method="filter_currency",
        label="Currency",
        widget=forms.TextInput(attrs={"placeholder": "CNY", "maxlength": 3, "size": 4}),
    )
    # In millions: nobody types nine zeros into a filter box.
    amount_min = django_filters.NumberFilter(
        method="filter_amount_min", label="Min USD (millions)", min_value=0
    )
    amount_max = django_filters.NumberFilter(
        method="filter_amount_max", label="Max USD (millions)", min_value=0
    )
    announced_from = django_filters.DateFilter(
        field_name="announced_on",
        lookup_expr="gte",
        label="Announced from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    announced_to = django_filters.DateFilter(
        field_name="announced_on",
        lookup_expr="lte",
        label="Announced to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    country = django_filters.CharFilter(
        method="filter_country",
        label="Country",
        widget=forms.TextInput(attrs={"placeholder": "CN", "maxlength": 2, "size": 3}),
    )
    # A company's own rounds (its page links its CSV export with this).
    company = django_filters.CharFilter(
        field_name="company__slug", label="Company page", widget=forms.HiddenInput
    )
    sector = django_filters.CharFilter(
        field_name="company__sector", lookup_expr="iexact", label="Sector"
    )
    investor = django_filters.CharFilter(
        method="filter_investor",
        label="Investor",
        widget=forms.TextInput(attrs={"placeholder": "Name or slug"}),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="keep_order", empty_label=None, label="Sort"
    )

    class Meta:
        model = Round
        fields: list[str] = []

    def filter_company_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.annotate(company_aliases_text=Cast("company__aliases", TextField())).filter(
            Q(company__name__icontains=value) | Q(company_aliases_text__icontains=value)
        )

    def filter_currency(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = currency_code(value)
        return queryset.filter(currency=code) if code else queryset

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip().upper()
        return queryset.filter(company__country=value) if value else queryset

    def filter_amount_min(self, queryset: QuerySet, name: str, value: Decimal) -> QuerySet:
        return queryset.filter(amount_usd__gte=value * MILLION)

    def filter_amount_max(self, queryset: QuerySet, name: str, value: Decimal) -> QuerySet:
        return queryset.filter(amount_usd__lte=value * MILLION)

    def filter_investor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        matching = Investor.objects.filter(Q(slug=value) | Q(name__icontains=value))
        # The ids as literals (one small query first): PostgreSQL then knows from its
        # statistics how busy each investor is, and for one in 20,000 rounds walks the
        # sort order's index instead of sorting all of them. A vague name matching
        # many investors stays a subquery.
        ids = list(matching.values_list("pk", flat=True)[: INVESTOR_IDS_INLINE + 1])
        # EXISTS rather than a join: a round with two matching investors stays one row.
        takes_part = Participation.objects.filter(round=OuterRef("pk"))
        if len(ids) > INVESTOR_IDS_INLINE:
            takes_part = takes_part.filter(investor__in=matching)
        else:
            takes_part = takes_part.filter(investor_id__in=ids)
        return queryset.filter(Exists(takes_part))

    def keep_order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset
