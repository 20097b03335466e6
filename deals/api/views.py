"""Read-only endpoints: a list (filtered, cursor-paginated) and a detail per record kind."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from deals.filters import RoundFilter
from deals.page_cache import PageCache
from deals.selectors import api as reads

from . import serializers


class NewestFirst(CursorPagination):
    """Cursor pages, newest record first: a page deep in a million rounds costs what the
    first does, and rows added meanwhile neither repeat nor vanish."""

    ordering = "-id"
    # As many as a rounds list page shows.
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_USER


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_ANON


class KnownParameters(filters.DjangoFilterBackend):
    """The rounds list's FilterSet, and a 400 for a parameter it does not know: a typo
    (`stgae=seed`) silently returning every round is worse than an error."""

    PAGING = {"cursor", "page_size", "format"}

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        allowed = set(getattr(view, "query_parameters", ())) | self.PAGING
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {
                    name: [f"Unknown filter; known: {', '.join(sorted(allowed))}."]
                    for name in unknown
                }
            )
        return super().filter_queryset(request, queryset, view)


class ReadOnly(generics.GenericAPIView):
    pagination_class = NewestFirst
    filter_backends = [KnownParameters]
    throttle_classes = [UserThrottle, AnonThrottle]
    query_parameters: tuple[str, ...] = ()


_Q = OpenApiParameter("q", OpenApiTypes.STR, description="Part of the name")


@extend_schema_view(get=extend_schema(parameters=[_Q]))
class CompanyList(ReadOnly, generics.ListAPIView):
    serializer_class = serializers.CompanySerializer
    query_parameters = ("q",)

    def get_queryset(self) -> Any:
        return reads.api_companies(q=self.request.query_params.get("q", ""))


class CompanyDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = serializers.CompanySerializer
    lookup_field = "slug"
    queryset = reads.api_companies()


@extend_schema_view(get=extend_schema(parameters=[_Q]))
class InvestorList(ReadOnly, generics.ListAPIView):
    serializer_class = serializers.InvestorSerializer
    query_parameters = ("q",)

    def get_queryset(self) -> Any:
        return reads.api_investors(q=self.request.query_params.get("q", ""))


class InvestorDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = serializers.InvestorSerializer
    lookup_field = "slug"
    queryset = reads.api_investors()


class FactsCachedList(generics.ListAPIView):
    """A list page kept, as the reading pages' fragments are, under the facts version and
    its full URL: any write to a fact replaces the version, so a kept page is never
    stale; editors, and PAGE_CACHE_ENABLED off, read through (deals/page_cache.py)."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pages = PageCache(request)
        cache = caches[pages.alias]
        url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"api:{pages.facts}:{url}"
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, pages.timeout)
        return Response(data)


class RoundList(ReadOnly, FactsCachedList):
    """Rounds with the rounds list page's filters (stage, status, currency, amounts in
    USD millions, dates, country, sector, investor, company)."""

    serializer_class = serializers.RoundSerializer
    filterset_class = RoundFilter
    queryset = reads.api_rounds()


class RoundDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = serializers.RoundSerializer
    queryset = reads.api_rounds()


_MILESTONE_FILTERS = [
    OpenApiParameter("company", OpenApiTypes.STR, description="A company's slug"),
    OpenApiParameter("status", OpenApiTypes.STR, description="upcoming, occurred, missed, ..."),
    OpenApiParameter("kind", OpenApiTypes.STR, description="product_release, funding_close, ..."),
]


@extend_schema_view(get=extend_schema(parameters=_MILESTONE_FILTERS))
class MilestoneList(ReadOnly, generics.ListAPIView):
    serializer_class = serializers.MilestoneSerializer
    query_parameters = ("company", "status", "kind")

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return reads.api_milestones(
            company=params.get("company", ""),
            status=params.get("status", ""),
            kind=params.get("kind", ""),
        )


class MilestoneDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = serializers.MilestoneSerializer
    queryset = reads.api_milestones()
