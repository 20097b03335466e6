"""Editors: submit articles and feeds, follow an ingest, review what it proposes.

Every view is editors-only: what ingest proposes becomes a fact only through an
editor's decision here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from deals.forms_ingest import (
    ArticleSubmitForm,
    FeedForm,
    ProposalMilestoneForm,
    ProposalRoundForm,
)
from deals.models import Article, Proposal
from deals.permissions import editor_required
from deals.selectors import ingest as selectors
from deals.selectors import lookups
from deals.services import ingest as ingest_services
from deals.services import proposals as proposal_services
from deals.views.errors import add_service_errors, error_text
from deals.views.htmx import HtmxHttpRequest


@editor_required
@require_safe
@vary_on_headers("HX-Request")
def article_list(request: HtmxHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Article.Status.values:
        status = ""
    page = Paginator(selectors.article_list(status=status), selectors.ARTICLE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.article_status_counts()
    context = {
        "page": page,
        "status": status,
        "statuses": [(value, label, counts[value]) for value, label in Article.Status.choices],
    }
    template = "deals/article_list.html"
    if request.htmx:
        template += "#article-table"
    return render(request, template, context)


@editor_required
@require_http_methods(["GET", "POST"])
def article_new(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        article, created = ingest_services.article_submit(user=request.user, **form.submission())
        if not created:
            messages.info(request, "This article was submitted before; here it is.")
        return redirect("deals:article_detail", pk=article.pk)
    return render(request, "deals/article_new.html", {"form": form})


@editor_required
@require_safe
@vary_on_headers("HX-Request")
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The article and its proposals; under HTMX only the part that polls for progress."""
    try:
        article = selectors.article_for_review(pk=pk)
    except Article.DoesNotExist:
        return _article_gone(request)
    template = "deals/article_detail.html"
    if request.htmx:
        template += "#article-body"
    return render(request, template, _review_context(article))


def _article_gone(request: HtmxHttpRequest) -> HttpResponse:
    # An ingest that found the article already on file folds the new row into that one.
    from django_htmx.http import HttpResponseClientRedirect

    messages.info(request, "That article was already on file; find it in the queue.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("deals:article_list"))
    return redirect("deals:article_list")


@editor_required
@require_POST
def article_retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = lookups.article_by_pk(pk=pk)
    try:
        ingest_services.article_retry(article=article)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("deals:article_detail", pk=article.pk)


@editor_required
@require_POST
def proposal_accept(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = lookups.proposal_by_pk(pk=pk)
    try:
        result = proposal_services.proposal_accept(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc, prefix="Could not accept: "))
    else:
        messages.success(request, f"Accepted: {result}.")
    return _after_decision(request, proposal)


@editor_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def proposal_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Edit then accept: the proposal's card as a form prefilled from the extraction."""
    proposal = lookups.proposal_with_article(pk=pk)
    form_class = (
        ProposalMilestoneForm if proposal.kind == Proposal.Kind.MILESTONE else ProposalRoundForm
    )
    initial = proposal_services.proposal_fields(proposal=proposal)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = proposal_services.proposal_accept(
                proposal=proposal, user=request.user, overrides=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Accepted with corrections: {result}.")
            return _after_decision(request, proposal)
    article = selectors.article_for_review(pk=proposal.article_id)
    context = _review_context(article, editing=proposal.pk, edit_form=form)
    if request.htmx:
        card = next(p for p in context["proposals"] if p.pk == proposal.pk)
        return render(
            request, "deals/article_detail.html#proposal-card", {**context, "proposal": card}
        )
    return render(request, "deals/article_detail.html", context)


@editor_required
@require_POST
def proposal_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = lookups.proposal_by_pk(pk=pk)
    # Read before: once rejected with the round they are no longer pending dependents.
    dependents = [p.pk for p in proposal_services.proposal_dependents(proposal=proposal)]
    try:
        proposal_services.proposal_reject(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        dependents = []
    return _after_decision(request, proposal, also=dependents)


@editor_required
@require_POST
def proposal_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = lookups.proposal_by_pk(pk=pk)
    round_id = request.POST.get("round", "")
    round_ = lookups.round_or_none(pk_text=round_id)
    if round_ is None:
        messages.error(request, "Choose the round to merge this report into.")
        return _after_decision(request, proposal)
    try:
        proposal_services.proposal_merge(proposal=proposal, round=round_, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Merged into {round_}: its sources now include this article.")
    return _after_decision(request, proposal)


def _after_decision(
    request: HtmxHttpRequest, proposal: Proposal, *, also: Sequence[int] = ()
) -> HttpResponse:
    """Back to the article page; under HTMX, the proposal's card re-rendered in place,
    and the cards of the proposals decided with it (`also`) swapped out of band."""
    if not request.htmx:
        return redirect(reverse("deals:article_detail", kwargs={"pk": proposal.article_id}))
    article = selectors.article_for_review(pk=proposal.article_id)
    context = _review_context(article)
    cards = {p.pk: p for p in context["proposals"]}
    # Shown inside the swapped card rather than waiting for the next full page.
    notes = list(messages.get_messages(request))
    return render(
        request,
        "deals/_decided_cards.html",
        {
            **context,
            "proposal": cards[proposal.pk],
            "card_messages": notes,
            "also": [cards[pk] for pk in also],
        },
    )


def _review_context(
    article: Article, *, editing: int | None = None, edit_form: Any = None
) -> dict[str, Any]:
    proposals = list(article.proposals.all())
    merge_choices = selectors.rounds_for_merge(proposals=proposals)
    for proposal in proposals:
        # What each card shows beside the proposal itself (display-only attributes).
        setattr(proposal, "fields", proposal_services.proposal_fields(proposal=proposal))  # noqa: B010
        setattr(proposal, "merge_choices", merge_choices.get(proposal.pk, []))  # noqa: B010
        setattr(proposal, "edit_form", edit_form if proposal.pk == editing else None)  # noqa: B010
    return {
        "article": article,
        "proposals": proposals,
        "is_final": article.status in selectors.FINAL_STATUSES,
        "segments": selectors.text_segments(
            text=article.text, sentences=[(p.pk, p.sentence) for p in proposals]
        ),
    }


@editor_required
@require_http_methods(["GET", "POST"])
def feed_list(request: HtmxHttpRequest) -> HttpResponse:
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feed = ingest_services.feed_create(
            url=form.cleaned_data["url"],
            title=form.cleaned_data["title"],
            poll_interval_minutes=form.cleaned_data["poll_interval_minutes"],
            user=request.user,
        )
        messages.success(request, f"Added {feed}; its first poll is under way.")
        return redirect("deals:feed_list")
    return render(request, "deals/feed_list.html", {"form": form, "feeds": selectors.feed_list()})


@editor_required
@require_POST
def feed_poll(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    feed = lookups.feed_by_pk(pk=pk)
    ingest_services.feed_poll_now(feed=feed)
    messages.success(request, f"Polling {feed} now.")
    return redirect("deals:feed_list")
