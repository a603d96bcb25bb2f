"""Dates as every page shows them: "2 December 2026", "2 December 2026 at 14:05" (local
time). Built in to every template (settings ``TEMPLATES`` ``builtins``), so no page needs to
load them and none formats a date its own way."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from fourpillars.domain import dates

register = template.Library()


@register.filter
def long_date(value: object) -> str:
    """A date: "2 December 2026" (a datetime in local time; nothing shows as "")."""
    return dates.long_date(_local(value))


@register.filter
def long_datetime(value: object) -> str:
    """A moment where the time matters: "2 December 2026 at 14:05", local time."""
    return dates.long_datetime(_local(value))


def _local(value: object) -> object:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value
