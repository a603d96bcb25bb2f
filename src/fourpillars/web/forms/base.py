"""The base of every Django form in the web UI: Django's own checks (too long, not a whole
number, not one of the choices, required) speak GOV.UK, naming the field."""

from __future__ import annotations

from typing import Any

from django import forms

from .dates import subject
from .messages import missing_message
from .widgets import DatePartsInput


class GovukForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages.update(_messages(name, field))


def _messages(name: str, field: forms.Field) -> dict[str, str]:
    label = str(field.label or name.replace("_", " ").capitalize())
    it = subject(label)
    choice = isinstance(field.widget, forms.Select | forms.RadioSelect)
    custom_required = field.error_messages.get("required")
    own = {
        "max_length": f"{it} must be %(limit_value)d characters or fewer",
        "min_length": f"{it} must be %(limit_value)d characters or more",
        "max_value": f"{it} must be %(limit_value)s or less",
        "min_value": f"{it} must be %(limit_value)s or more",
        "invalid_choice": missing_message(name, label, "choice"),
        "null_characters_not_allowed": f"{it} must not contain null characters",
    }
    if isinstance(field, forms.IntegerField):
        own["invalid"] = f"{it} must be a whole number"
    if isinstance(field.widget, DatePartsInput) or not choice:
        own.pop("invalid_choice")
    if custom_required == forms.Field.default_error_messages["required"]:
        own["required"] = missing_message(name, label, "choice" if choice else "text")
    return own
