"""Every URL of the product. tests/test_permissions.py holds the matrix each one must pass."""

from django.urls import path

from .views import browse

app_name = "deals"

# Analysts and editors: reading.
urlpatterns = [
    path("", browse.dashboard, name="dashboard"),
]

# Editors: manual entry and correction.
urlpatterns += []

# Editors: article ingest and the review queue.
urlpatterns += []

# Everyone: watching, alerts, calendar and feeds.
urlpatterns += []
