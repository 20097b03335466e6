"""Everyone signed in: a sector's page (its funding chart and latest rounds)."""

from django.urls import path

from deals.views import charts

urlpatterns = [
    path("sectors/<str:sector>/", charts.sector_detail, name="sector_detail"),
]
