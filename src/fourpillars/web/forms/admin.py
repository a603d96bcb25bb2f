"""Forms for administration: users, agencies, areas and review-interval overrides."""

from __future__ import annotations

from django import forms

from fourpillars.domain.agencies import AgencyKind, Role

from . import widgets as w
from .base import GovukForm

ROLE_CHOICES = w.blank("Choose a role") + Role.choices()
KIND_CHOICES = w.blank("Choose the kind of agency") + AgencyKind.choices()


class UserForm(GovukForm):
    username = forms.CharField(label="Username", required=False, max_length=150, widget=w.text(20))
    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    role = forms.ChoiceField(label="Role", choices=ROLE_CHOICES, required=False)
    agency = forms.ChoiceField(label="Agency", choices=(), required=False)
    password = forms.CharField(
        label="Initial password",
        required=False,
        max_length=200,
        help_text="At least 12 characters; not a common password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose an agency") + agencies


class AgencyForm(GovukForm):
    code = forms.CharField(label="Code", required=False, max_length=40, widget=w.text(20))
    name = forms.CharField(label="Name", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind of agency", choices=KIND_CHOICES, required=False)
    area = forms.ChoiceField(label="Area", choices=(), required=False)

    def __init__(self, *args: object, areas: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("No area (national)") + areas


class AreaForm(GovukForm):
    code = forms.CharField(label="Code", required=False, max_length=20, widget=w.text(10))
    name = forms.CharField(label="Name", required=False, max_length=200)


class ReviewIntervalsForm(GovukForm):
    """MAPPA review intervals are unconfirmed ([M]/[U]); blank means the national default."""

    level_1 = forms.IntegerField(label="Level 1 (weeks)", required=False, widget=w.number())
    level_2 = forms.IntegerField(label="Level 2 (weeks)", required=False, widget=w.number())
    level_3 = forms.IntegerField(label="Level 3 (weeks)", required=False, widget=w.number())
