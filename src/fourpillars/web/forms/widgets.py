"""Small widget helpers shared by the forms (GOV.UK widths, date inputs)."""

from __future__ import annotations

from django import forms


def text(width: int | None = None, **attrs: str) -> forms.TextInput:
    """A text input; ``width`` picks a GOV.UK fixed-width class (2, 3, 4, 5, 10, 20)."""
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    return forms.TextInput(attrs={"spellcheck": "false", **attrs})


def date() -> forms.DateInput:
    """A native date input; without a date picker it still accepts YYYY-MM-DD."""
    return forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})


def number() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"})


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows)})


def blank(label: str = "Choose") -> list[tuple[str, str]]:
    return [("", label)]
