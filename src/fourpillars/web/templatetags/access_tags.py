"""The permission policy in templates: ``{% allowed "share_case" case as can_share %}``
offers a link or a button exactly when ``services.access.allowed`` (the policy the services
enforce) says the signed-in user may use it."""

from __future__ import annotations

from typing import Any

from django import template

from fourpillars.domain.access import Permission
from fourpillars.services import access as policy

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: template.Context, permission: str, record: policy.Record = None) -> bool:
    """May the signed-in user do ``permission`` (a ``Permission`` value) on ``record``?"""
    request: Any = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return policy.allowed(user, Permission(permission), record)
