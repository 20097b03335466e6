"""Everyone: watching, what to watch, alerts, calendar and Atom feeds."""

from django.urls import path

from deals.views import watch

urlpatterns = [
    path("watch/", watch.what_to_watch, name="what_to_watch"),
    path("watch/list/", watch.watchlist, name="watchlist"),
    path("watch/preferences/", watch.preferences, name="preferences"),
    path("watch/<str:kind>/<int:pk>/", watch.watch_toggle, name="watch_toggle"),
    path("milestones/<int:pk>/outcome/", watch.milestone_outcome, name="milestone_outcome"),
    path("calendar/<str:token>.ics", watch.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", watch.unsubscribe, name="unsubscribe"),
    path("rounds/feed.atom", watch.rounds_feed, name="rounds_feed"),
    path("alerts/feed.atom", watch.alerts_feed, name="alerts_feed"),
]
