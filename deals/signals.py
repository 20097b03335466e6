"""Cache invalidation, wired to every write of a fact: the one job signals do here.

Signals rather than calls in the services because facts are also written by the
admin, by history reverts and by proposal acceptance; a write path that forgot to
call would serve stale pages. Bulk writes bypass signals: a queryset's update and
bulk_create on a fact go through deals.models.facts, and generate_data's COPY calls
page_cache.facts_changed itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from deals import page_cache
from deals.models import Article, Citation, Company, Investor, Milestone, Participation, Round
from deals.models.watching import Watch

FACT_MODELS = (Company, Investor, Round, Participation, Milestone, Citation)


def _fact_written(sender: Any, **kwargs: Any) -> None:
    page_cache.facts_changed()


def _article_written(sender: Any, instance: Article, **kwargs: Any) -> None:
    # Articles change state many times while ingested; a page shows one only
    # through a citation, so only a cited article's change reaches a page.
    if instance.pk is not None and Citation.objects.filter(article_id=instance.pk).exists():
        page_cache.facts_changed()


def _watch_written(sender: Any, instance: Watch, **kwargs: Any) -> None:
    page_cache.watches_changed(user_id=instance.user_id)


def connect() -> None:
    for model in FACT_MODELS:
        post_save.connect(_fact_written, sender=model, dispatch_uid=f"facts-{model.__name__}")
        post_delete.connect(_fact_written, sender=model, dispatch_uid=f"facts-{model.__name__}")
    post_save.connect(_article_written, sender=Article, dispatch_uid="facts-article")
    post_save.connect(_watch_written, sender=Watch, dispatch_uid="watches")
    post_delete.connect(_watch_written, sender=Watch, dispatch_uid="watches")
