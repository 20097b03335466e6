"""Editors: article ingest, feeds and the review queue."""


urlpatterns: list = []
