"""Everyone: watching, what to watch, alerts, calendar and Atom feeds."""


urlpatterns: list = []
