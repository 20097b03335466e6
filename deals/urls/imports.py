"""Editors: CSV import of rounds."""

from django.urls import path

from deals.views import csv_import

urlpatterns = [
    path("rounds/import/", csv_import.import_new, name="import_new"),
    path("rounds/import/<int:pk>/", csv_import.import_preview, name="import_preview"),
]
