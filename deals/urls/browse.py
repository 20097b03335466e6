"""Analysts and editors: reading."""

from django.urls import path

from deals.views import browse, export, record

urlpatterns = [
    path("", browse.dashboard, name="dashboard"),
    path("rounds/", browse.round_list, name="round_list"),
    path("rounds/export.csv", export.round_export, name="round_export"),
    path("rounds/<int:pk>/", browse.round_detail, name="round_detail"),
    path("companies/", browse.company_list, name="company_list"),
    path("companies/autocomplete/", browse.company_autocomplete, name="company_autocomplete"),
    path("companies/<slug:slug>/", browse.company_detail, name="company_detail"),
    path("investors/", browse.investor_list, name="investor_list"),
    path("investors/<slug:slug>/", browse.investor_detail, name="investor_detail"),
    path("milestones/<int:pk>/", browse.milestone_detail, name="milestone_detail"),
    path("search/", browse.search, name="search"),
    path("sources/<str:domain>/", record.source_detail, name="source_detail"),
]
