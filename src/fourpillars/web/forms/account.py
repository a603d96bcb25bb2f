"""Forms of signing in and of one's own account: the second step's code, setting an
authenticator app up, naming a security key, changing a password; an administrator's password
reset."""

from __future__ import annotations

from django import forms

from . import widgets as w
from .base import GovukForm

POLICY_HINT = (
    "At least 12 characters and hard to guess: for example three or four random words. "
    "Not like your name or username."
)


def _password(label: str, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


class CodeForm(GovukForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Security code",
        required=False,
        max_length=40,
        help_text=(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes"
        ),
        widget=w.text(10, autocomplete="one-time-code", inputmode="text", autocapitalize="none"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = "Enter the security code"

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip()
        if not code:
            raise forms.ValidationError("Enter the security code")
        return code


class SetUpForm(GovukForm):
    """Setting an authenticator app up: the code it shows proves it holds the secret."""

    code = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=20,
        help_text="The 6 digits it shows now, after adding Four Pillars to it",
        widget=w.text(5, autocomplete="one-time-code", inputmode="numeric"),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip()
        if not code:
            raise forms.ValidationError("Enter the code from your authenticator app")
        return code


class PasswordChangeForm(GovukForm):
    current_password = _password("Current password", "current-password")
    new_password = _password("New password", "new-password", POLICY_HINT)
    confirm_password = _password("Confirm new password", "new-password")


class SecurityKeyForm(GovukForm):
    """Adding a security key or passkey: the name the user gives it (the key itself is made by
    the browser, ``web/assets/js/security-keys.js``)."""

    name = forms.CharField(
        label="Name of the security key or passkey",
        required=False,
        max_length=200,
        help_text="So that you can tell your keys apart, for example Blue key or Work laptop",
        widget=w.text(20, autocomplete="off"),
    )


TWO_FACTOR_CHOICES = [
    ("keep", "Keep their authenticator app and security keys"),
    ("remove", "Remove them: they set up a new app when they next sign in (a lost phone or key)"),
]


class PasswordResetForm(GovukForm):
    """An administrator's reset: a temporary password the user must change at sign-in."""

    password = _password(
        "Temporary password",
        "new-password",
        "Give it to the user by a separate, safe route. They must choose their own password "
        "when they next sign in. " + POLICY_HINT,
    )
    two_factor = forms.ChoiceField(
        label="Their authenticator app and security keys",
        choices=TWO_FACTOR_CHOICES,
        initial="keep",
        required=False,
        widget=forms.RadioSelect,
    )
