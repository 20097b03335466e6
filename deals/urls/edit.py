"""Editors: manual entry and correction."""

from django.urls import path

from deals.views import edit

urlpatterns = [
    path("companies/new/", edit.company_create, name="company_create"),
    path("companies/<slug:slug>/edit/", edit.company_edit, name="company_edit"),
    path("investors/new/", edit.investor_create, name="investor_create"),
    path("investors/autocomplete/", edit.investor_autocomplete, name="investor_autocomplete"),
    path("investors/<slug:slug>/edit/", edit.investor_edit, name="investor_edit"),
    path("rounds/new/", edit.round_create, name="round_create"),
    path("rounds/investor-row/", edit.round_investor_row, name="round_investor_row"),
    path("rounds/<int:pk>/edit/", edit.round_edit, name="round_edit"),
    path(
        "participations/<int:pk>/confirm/",
        edit.participation_confirm,
        name="participation_confirm",
    ),
    path("participations/<int:pk>/drop/", edit.participation_drop, name="participation_drop"),
    path("milestones/new/", edit.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", edit.milestone_edit, name="milestone_edit"),
    path(
        "history/<str:model>/<int:history_id>/revert/",
        edit.history_revert,
        name="history_revert",
    ),
]
