"""What django-axes counts sign-in failures by (``AXES_LOCKOUT_PARAMETERS``; decision 0028).

A sign-in that names a username is counted against that username and, separately, against the
address it came from: either reaching the limit locks it. A bearer token names no username, so
a bad token counts against its address only (never against one shared "no username" count,
which would let a few bad tokens lock every API client out).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from django.utils import timezone


def parameters(request: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    if credentials and credentials.get("username"):
        return ["username", "ip_address"]
    return ["ip_address"]


def address(request: Any) -> str:
    """The address a sign-in came from, as django-axes counts it (the connection's own,
    REMOTE_ADDR, unless the deployment configures a trusted proxy for axes)."""
    AxesProxyHandler.update_request(request)
    return str(getattr(request, "axes_ip_address", "") or "")


def _credentials(username: str | None) -> dict[str, Any]:
    return {"username": username} if username else {}


def is_locked(request: Any, username: str | None) -> bool:
    """Whether ``username`` or the request's address is locked now (django-axes's answer),
    after one indexed look for any recent failure at all: nearly every request has none."""
    if not getattr(settings, "AXES_ENABLED", True):
        return False
    since = timezone.now() - get_cool_off(request)
    recent = Q(ip_address=address(request)) | (Q(username=username) if username else Q())
    if not AccessAttempt.objects.filter(recent, attempt_time__gte=since).exists():
        return False
    return not AxesProxyHandler.is_allowed(request, _credentials(username))


@dataclass(frozen=True)
class Failure:
    """A failed sign-in step as django-axes counted it: how many failures its username or
    address has now, and whether this one locked it."""

    failures: int | None
    locked: bool


def count_failure(request: Any, username: str | None) -> Failure:
    """Count a failed step Django's ``authenticate`` did not see (a wrong code, a bad bearer
    token) through django-axes, as a failed sign-in of ``username`` from the address."""
    user_login_failed.send(sender=__name__, credentials=_credentials(username), request=request)
    return counted(request)


def counted(request: Any) -> Failure:
    """What django-axes made of the failure just counted on this request (``failures`` None:
    it was refused while locked, and not counted)."""
    failures = getattr(request, "axes_failures_since_start", None)
    return Failure(failures, bool(getattr(request, "axes_locked_out", False)))


def refuse(request: Any) -> None:
    """Mark the request as refused for a lockout: django-axes's middleware answers it
    (``AXES_LOCKOUT_CALLABLE``)."""
    request.axes_locked_out = True
