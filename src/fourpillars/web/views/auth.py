"""Signing in and out with Django's auth views; sign-out is a POST with a CSRF token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError

from fourpillars.web.errors import error_summary


class SignInForm(auth_forms.AuthenticationForm):
    """GOV.UK sign-in wording: "Enter your username", "Enter your password", and for a wrong
    pair one message on the username (in the summary and under the field, once each), never
    saying which of the two was wrong."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as exc:
            self.add_error("username", exc)
            return self.cleaned_data


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"])
        return context


class LogoutView(auth_views.LogoutView):
    """Django 5 accepts POST only, so a link or a cross-site GET cannot sign anyone out."""
