"""Signing in and out with Django's auth views; sign-out is a POST with a CSRF token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views

from fourpillars.web.errors import error_summary


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"])
        return context


class LogoutView(auth_views.LogoutView):
    """Django 5 accepts POST only, so a link or a cross-site GET cannot sign anyone out."""
