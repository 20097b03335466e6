"""/api/v1/: the read-only API, its OpenAPI schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("companies/", views.CompanyList.as_view(), name="company_list"),
    path("companies/<slug:slug>/", views.CompanyDetail.as_view(), name="company_detail"),
    path("investors/", views.InvestorList.as_view(), name="investor_list"),
    path("investors/<slug:slug>/", views.InvestorDetail.as_view(), name="investor_detail"),
    path("rounds/", views.RoundList.as_view(), name="round_list"),
    path("rounds/<int:pk>/", views.RoundDetail.as_view(), name="round_detail"),
    path("milestones/", views.MilestoneList.as_view(), name="milestone_list"),
    path("milestones/<int:pk>/", views.MilestoneDetail.as_view(), name="milestone_detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: the site's CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
