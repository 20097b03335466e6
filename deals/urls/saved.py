"""Everyone signed in: their own saved searches."""

from django.urls import path

from deals.views import saved

urlpatterns = [
    path("searches/", saved.saved_search_list, name="saved_search_list"),
    path("searches/new/", saved.saved_search_create, name="saved_search_create"),
    path("searches/<int:pk>/", saved.saved_search_open, name="saved_search_open"),
    path("searches/<int:pk>/edit/", saved.saved_search_edit, name="saved_search_edit"),
    path("searches/<int:pk>/delete/", saved.saved_search_delete, name="saved_search_delete"),
]
