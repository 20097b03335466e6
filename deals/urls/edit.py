"""Editors: manual entry and correction."""


urlpatterns: list = []
