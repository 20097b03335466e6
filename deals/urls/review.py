"""Editors: article ingest, feeds and the review queue."""

from django.urls import path

from deals.views import review

urlpatterns = [
    path("articles/", review.article_list, name="article_list"),
    path("articles/new/", review.article_new, name="article_new"),
    path("articles/<int:pk>/", review.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", review.article_retry, name="article_retry"),
    path("proposals/<int:pk>/accept/", review.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/edit/", review.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/reject/", review.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/merge/", review.proposal_merge, name="proposal_merge"),
    path("feeds/", review.feed_list, name="feed_list"),
    path("feeds/<int:pk>/poll/", review.feed_poll, name="feed_poll"),
]
