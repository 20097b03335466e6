"""Analysts and editors: reading."""

from django.urls import path

from deals.views import browse

urlpatterns = [
    path("", browse.dashboard, name="dashboard"),
]
