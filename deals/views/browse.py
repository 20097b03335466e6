from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "deals/dashboard.html", {})
