"""Small widget helpers shared by the forms (GOV.UK widths, date inputs)."""

from __future__ import annotations

from typing import Any

from django import forms

from .dates import DateParts, parse_date_parts


def text(width: int | None = None, **attrs: str) -> forms.TextInput:
    """A text input; ``width`` picks a GOV.UK fixed-width class (2, 3, 4, 5, 10, 20)."""
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    return forms.TextInput(attrs={"spellcheck": "false", **attrs})


class DatePartsInput(forms.MultiWidget):
    """The GOV.UK date input: ``<name>-day``, ``<name>-month``, ``<name>-year``. The form
    template renders the three boxes (``web/includes/field.html``); this reads them back."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = ["-day", "-month", "-year"]

    def decompress(self, value: Any) -> list[str]:
        parts = DateParts.of(value)
        return [parts.day, parts.month, parts.year]


class DateField(forms.Field):
    """A date typed as day, month and year, cleaned to the ISO string the services take ("" when
    nothing was typed). A date that is not real goes on as the parts typed (``year/month/day``),
    which every service refuses on its field, so it is reported with the form's other problems
    in one go; ``errors.apply_domain_errors`` then gives the date input's own message ("Date
    of birth must be a real date") and the three boxes show what was typed."""

    widget = DatePartsInput

    def __init__(self, *, subject: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.subject = subject  # the date's name in an error, when the label alone reads badly

    @property
    def name_in_errors(self) -> str:
        return self.subject or str(self.label or "")

    def to_python(self, value: Any) -> str:
        parts = DateParts.from_value(value)
        return parse_date_parts(self.name_in_errors, parts.day, parts.month, parts.year).value


def date_field(label: str, help_text: str = "", subject: str = "") -> DateField:
    """An optional date (the services say when one is needed)."""
    return DateField(label=label, required=False, help_text=help_text, subject=subject)


def number() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"})


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows)})


def blank(label: str = "Choose") -> list[tuple[str, str]]:
    return [("", label)]


def version_field(record: str) -> forms.IntegerField:
    """The version of ``record`` the page was loaded with (optimistic lock): required, as the
    API requires it, so that an edit posted without it is refused naming the field and never
    saved over someone else's change."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        label="Version",
        error_messages={
            "required": f"The version of the {record} you loaded is missing: reload the page "
            "and make your change again",
        },
    )
