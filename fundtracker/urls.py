from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from deals.views.health import health

handler500 = "deals.views.health.server_error"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("deals.api.urls")),
    path("", include("deals.urls")),
]
