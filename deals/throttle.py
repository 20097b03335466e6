"""Login throttling: django-axes' database handler with a second cap, per address.

Axes locks a username on one address after AXES_FAILURE_LIMIT failures; that alone
lets one address try four passwords on every username it can guess. The address's
own failures, across all usernames, are capped at AXES_ADDRESS_FAILURE_LIMIT too.
Axes compares one count with one limit, so the address's count is scaled to it.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressCappedHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_pair = super().get_failures(request, credentials)
        per_address = self.address_failures(request)
        scaled = per_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(per_pair, scaled)

    @staticmethod
    def address_failures(request: HttpRequest) -> int:
        """Failures from the request's address within the cool-off, whatever the username.

        A successful login resets only its own username's failures (AXES_RESET_ON_SUCCESS
        works on the username and address pair), so one valid account cannot wipe an
        address's count of guesses at the others.
        """
        address = getattr(request, "axes_ip_address", None)  # set by axes for each request
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
