"""Editors: enter and correct companies, investors, rounds and milestones; revert changes.

Every view is editors-only. Saving goes through deals.services, which validate
again and raise ValidationError; those messages are shown on the form, so a
rejected save re-renders with everything the editor typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deals import selectors
from deals.forms import (
    INVESTOR_PREFIX,
    CompanyForm,
    InvestorForm,
    InvestorFormSet,
    InvestorRowForm,
    MilestoneForm,
    RoundForm,
    investor_formset_initial,
)
from deals.models import Company, Investor, Milestone, Round
from deals.permissions import editor_required
from deals.selectors import lookups
from deals.selectors.autocomplete import investor_autocomplete as investors_matching
from deals.selectors.duplicates import likely_duplicates
from deals.selectors.history import history_record, revert_changes
from deals.services import companies as company_services
from deals.services.history import history_revert as revert_to
from deals.services.milestones import milestone_save
from deals.services.participations import participation_confirm as confirm_prospect
from deals.services.participations import participation_drop as drop_prospect
from deals.services.rounds import round_save
from deals.views.errors import add_service_errors, error_text
from deals.views.htmx import wants_fragment

# The models whose history an editor may revert, by the name used in URLs.
REVERTIBLE: dict[str, type[models.Model]] = {
    "company": Company,
    "investor": Investor,
    "round": Round,
    "milestone": Milestone,
}
MAX_INVESTOR_ROWS = 200


def _saved(request: HttpRequest, obj: Company | Investor | Round | Milestone) -> HttpResponse:
    messages.success(request, f"Saved {obj}.")
    return redirect(obj.get_absolute_url())


# Companies and investors -----------------------------------------------------


def _create_named(
    request: HttpRequest,
    *,
    model: type[Company] | type[Investor],
    form_class: type[CompanyForm] | type[InvestorForm],
    create: Callable[..., Company | Investor],
) -> HttpResponse:
    """The new company or investor form. Before saving, records with the same or a
    near name or alias are shown; the editor opens one of them, or confirms with
    "Create anyway" (which carries the name it was shown for: a name changed since
    is checked again)."""
    name = str(model._meta.model_name)
    form = form_class(request.POST) if request.method == "POST" else form_class()
    duplicates: list[Any] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("create_anyway") != data["name"]:
            duplicates = likely_duplicates(model=model, name=data["name"], aliases=data["aliases"])
        if not duplicates:
            try:
                obj = create(**data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _saved(request, obj)
    context = {"form": form, name: None, "duplicates": duplicates}
    return render(request, f"deals/{name}_form.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest) -> HttpResponse:
    return _create_named(
        request, model=Company, form_class=CompanyForm, create=company_services.company_create
    )


def _edit_named(
    request: HttpRequest,
    obj: Company | Investor,
    *,
    form_class: type[CompanyForm] | type[InvestorForm],
    update: Callable[..., Company | Investor],
) -> HttpResponse:
    """The edit form of a company or an investor; the service validates again on save."""
    name = str(obj._meta.model_name)
    title = obj.name  # the form writes typed values onto the instance
    form = form_class(request.POST if request.method == "POST" else None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            obj = update(**{name: obj}, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, obj)
    return render(request, f"deals/{name}_form.html", {"form": form, name: obj, "title": title})


@editor_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, slug: str) -> HttpResponse:
    company = lookups.company_by_slug(slug=slug)
    return _edit_named(
        request, company, form_class=CompanyForm, update=company_services.company_update
    )


@editor_required
@require_http_methods(["GET", "POST"])
def investor_create(request: HttpRequest) -> HttpResponse:
    return _create_named(
        request, model=Investor, form_class=InvestorForm, create=company_services.investor_create
    )


@editor_required
@require_http_methods(["GET", "POST"])
def investor_edit(request: HttpRequest, slug: str) -> HttpResponse:
    investor = lookups.investor_by_slug(slug=slug)
    return _edit_named(
        request, investor, form_class=InvestorForm, update=company_services.investor_update
    )


# Rounds ----------------------------------------------------------------------


def _with_one_more_row(data: QueryDict) -> QueryDict:
    data = data.copy()
    key = f"{INVESTOR_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        return data  # the formset reports the broken management form itself
    data[key] = str(min(total + 1, MAX_INVESTOR_ROWS))
    return data


def _round_form_page(request: HttpRequest, round_: Round, initial: dict[str, Any]) -> HttpResponse:
    """The round form for a new (unsaved) or existing round, with its investor rows."""
    title = str(round_) if round_.pk else "New round"
    show_errors = True
    if request.method == "POST":
        form = RoundForm(request.POST, instance=round_)
        if "add_investor" in request.POST:
            # Without JavaScript, "Add investor" submits the form to get one more
            # row back: nothing is saved and nothing is flagged yet.
            formset = InvestorFormSet(_with_one_more_row(request.POST), prefix=INVESTOR_PREFIX)
            show_errors = False
        else:
            formset = InvestorFormSet(request.POST, prefix=INVESTOR_PREFIX)
            if form.is_valid() and formset.is_valid():
                try:
                    round_ = round_save(round=form.round_to_save(), investors=formset.entries())
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    return _saved(request, round_)
    else:
        form = RoundForm(instance=round_, initial=initial)
        formset = InvestorFormSet(
            initial=investor_formset_initial(round_) if round_.pk else None,
            prefix=INVESTOR_PREFIX,
        )
    context = {
        "form": form,
        "formset": formset,
        "round": round_ if round_.pk else None,
        "title": title,
        "show_errors": show_errors,
    }
    return render(request, "deals/round_form.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    company = lookups.company_or_none(slug=request.GET.get("company", ""))
    return _round_form_page(request, Round(), {"company": company} if company else {})


@editor_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = lookups.round_for_edit(pk=pk)
    return _round_form_page(request, round_, {})


@editor_required
@require_safe
def round_investor_row(request: HttpRequest) -> HttpResponse:
    """One investor row of the round form, for HTMX to append (or, with ?remove, to blank).

    Adding also returns, out of band, the formset's TOTAL_FORMS input and the
    "Add investor" button with the next index, so no script has to count rows.
    Removing returns the row as a hidden DELETE flag: the formset then drops it
    whether it was a saved participation or a new line.
    """
    index_text = request.GET.get("index", "")
    if not index_text.isdigit() or int(index_text) >= MAX_INVESTOR_ROWS:
        return HttpResponseBadRequest("index must be a row number below 200.")
    index = int(index_text)
    form = InvestorRowForm(prefix=f"{INVESTOR_PREFIX}-{index}", use_required_attribute=False)
    InvestorFormSet(prefix=INVESTOR_PREFIX).add_fields(form, index)
    context = {
        "row": form,
        "index": index,
        "next_index": index + 1,
        "removed": "remove" in request.GET,
        "append": "remove" not in request.GET,
        "prefix": INVESTOR_PREFIX,
    }
    return render(request, "deals/_investor_row.html", context)


@editor_required
@require_safe
def investor_autocomplete(request: HttpRequest) -> HttpResponse:
    """Existing investors matching ?q=, as the <datalist> the investor name inputs use.

    An input of the round form sends its own value under its own name
    (investors-3-name); ?field= says which parameter that is.
    """
    q = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    q = q.replace("\x00", "")  # PostgreSQL refuses NUL in a query parameter (a 500)
    context = {"records": investors_matching(q=q), "list_id": "investor-options", "q": q}
    return render(request, "deals/_name_options.html", context)


# Prospective investors -------------------------------------------------------


@editor_required
@require_POST
def participation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """An investor in talks or considering took part: it becomes one of the round's investors."""
    return _decide_prospect(request, pk, confirm_prospect, "Confirmed {} as an investor.")


@editor_required
@require_POST
def participation_drop(request: HttpRequest, pk: int) -> HttpResponse:
    """An investor in talks or considering did not take part: it leaves the round."""
    return _decide_prospect(request, pk, drop_prospect, "Dropped {} from the round.")


def _decide_prospect(request: HttpRequest, pk: int, decide: Any, done: str) -> HttpResponse:
    """Back to the round page; under HTMX, its investors section re-rendered in place."""
    participation = lookups.participation_for_decision(pk=pk)
    try:
        decide(participation=participation)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done.format(participation.investor))
    if not wants_fragment(request):
        return redirect("deals:round_detail", pk=participation.round_id)
    round_ = selectors.round_get(pk=participation.round_id)
    if round_ is None:
        raise Http404("No such round.")
    # Shown inside the swapped section rather than waiting for the next full page.
    notes = list(messages.get_messages(request))
    context = {"round": round_, "investor_messages": notes}
    return render(request, "deals/round_detail.html#round-investors", context)


# Milestones ------------------------------------------------------------------


def _milestone_form_page(
    request: HttpRequest, milestone: Milestone, initial: dict[str, Any]
) -> HttpResponse:
    title = milestone.title if milestone.pk else "New milestone"
    if request.method == "POST":
        form = MilestoneForm(request.POST, instance=milestone)
        if form.is_valid():
            try:
                milestone = milestone_save(milestone=form.instance)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _saved(request, milestone)
    else:
        form = MilestoneForm(instance=milestone, initial=initial)
    context = {"form": form, "milestone": milestone if milestone.pk else None, "title": title}
    return render(request, "deals/milestone_form.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest) -> HttpResponse:
    round_ = lookups.round_or_none(pk_text=request.GET.get("round", ""))
    company = lookups.company_or_none(slug=request.GET.get("company", "")) or (
        round_.company if round_ else None
    )
    initial = {k: v for k, v in {"company": company, "round": round_}.items() if v}
    return _milestone_form_page(request, Milestone(), initial)


@editor_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = lookups.milestone_for_edit(pk=pk)
    return _milestone_form_page(request, milestone, {})


# History ---------------------------------------------------------------------


@editor_required
@require_http_methods(["GET", "POST"])
def history_revert(request: HttpRequest, model: str, history_id: int) -> HttpResponse:
    """GET: what reverting would change. POST: revert, and go to the object's page."""
    if model not in REVERTIBLE:
        raise Http404("Nothing to revert by that name.")
    record = history_record(model=REVERTIBLE[model], history_id=history_id)
    error = None
    if request.method == "POST":
        try:
            obj = revert_to(record=record)
        except ValidationError as exc:
            error = error_text(exc)
        else:
            when = f"{record.history_date:%Y-%m-%d %H:%M}"
            messages.success(request, f"Reverted {obj} to its version of {when}.")
            return redirect(record.instance.get_absolute_url())
    context = {
        "record": record,
        "model": model,
        "changes": revert_changes(record=record),
        "error": error,
        "cancel_url": record.instance.get_absolute_url(),
    }
    return render(request, "deals/history_revert_confirm.html", context)
