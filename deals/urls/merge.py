"""Editors: merging duplicates and deleting companies and investors."""

from django.urls import path

from deals.views import merge

urlpatterns = [
    path("companies/<slug:slug>/merge/", merge.company_merge, name="company_merge"),
    path("companies/<slug:slug>/delete/", merge.company_delete, name="company_delete"),
    path("investors/<slug:slug>/merge/", merge.investor_merge, name="investor_merge"),
    path("investors/<slug:slug>/delete/", merge.investor_delete, name="investor_delete"),
]
