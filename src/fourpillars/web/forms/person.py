"""Forms for a person's facts: names, identifiers, addresses, convictions."""

from __future__ import annotations

from django import forms

from fourpillars.domain.ecris import OFFENCE_CATEGORIES
from fourpillars.domain.identifiers import IdentifierKind
from fourpillars.domain.persons import NameKind, Sex
from fourpillars.domain.text import NAME_MAX

from . import widgets as w
from .base import GovukForm

SEX_CHOICES = [(s.value, s.value.title()) for s in Sex]
NAME_KIND_CHOICES = [
    (NameKind.ALIAS.value, "Alias (also known as)"),
    (NameKind.PREVIOUS.value, "Previous name"),
    (NameKind.BIRTH.value, "Birth name"),
    (NameKind.PRIMARY.value, "New primary name (the current one becomes a previous name)"),
]
IDENTIFIER_CHOICES = w.blank("Choose the kind of identifier") + IdentifierKind.choices()
ECRIS_CHOICES = w.blank("Choose an ECRIS offence category") + [
    (c.code, f"{c.code}: {c.label}") for c in OFFENCE_CATEGORIES.values()
]


def _unconfirmed_hint() -> str:
    """Which codes are unconfirmed, said once in the hint rather than in every option: "from
    <code> on" when they are the rest of the table, else each code."""
    codes = [c.code for c in OFFENCE_CATEGORIES.values()]
    unconfirmed = [c.code for c in OFFENCE_CATEGORIES.values() if not c.confirmed]
    if not unconfirmed:
        return ""
    tail = codes[codes.index(unconfirmed[0]) :] == unconfirmed
    which = f"from {unconfirmed[0]} on" if tail else ", ".join(unconfirmed)
    return (
        f"{len(unconfirmed)} of these {len(codes)} codes, {which}, have not yet been checked "
        "against the official table: check the code before relying on it"
    )


ECRIS_HINT = _unconfirmed_hint()
COMPLETION_CHOICES = [("", "Not known"), ("C", "C: completed"), ("A", "A: attempted or prepared")]
PARTICIPATION_CHOICES = [
    ("", "Not known"),
    ("M", "M: perpetrator"),
    ("H", "H: aider, abettor or instigator"),
]


class NameForm(GovukForm):
    family_name = forms.CharField(
        label="Family name", required=False, max_length=NAME_MAX, widget=w.text(20)
    )
    given_names = forms.CharField(
        label="Given names", required=False, max_length=NAME_MAX, widget=w.text(20)
    )


class AddNameForm(NameForm):
    kind = forms.ChoiceField(label="Kind of name", choices=NAME_KIND_CHOICES, required=False)
    valid_from = w.date_field("Used from (optional)", subject="The date the name was first used")


class PersonFactsForm(GovukForm):
    date_of_birth = w.date_field("Date of birth")
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, required=False, initial="unknown")
    nationalities = forms.CharField(
        label="Nationalities",
        required=False,
        max_length=100,
        help_text="Two-letter country codes separated by commas, for example GB, PL",
        widget=w.text(10),
    )


class EditPersonForm(PersonFactsForm):
    version = w.version_field("person")


class IdentifierForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of identifier", choices=IDENTIFIER_CHOICES, required=False)
    value = forms.CharField(
        label="Identifier",
        required=False,
        max_length=60,
        help_text="For example a PNC ID like 2004/0012345X",
        widget=w.text(20),
    )
    country = forms.CharField(
        label="Issuing country (national ID and passport only)",
        required=False,
        max_length=10,
        widget=w.text(3),
    )


class AddressForm(GovukForm):
    line1 = forms.CharField(label="Address line 1", required=False, max_length=300)
    line2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=300)
    town = forms.CharField(label="Town or city", required=False, max_length=150, widget=w.text(20))
    postcode = forms.CharField(label="Postcode", required=False, max_length=30, widget=w.text(10))
    country = forms.CharField(
        label="Country", required=False, max_length=10, initial="GB", widget=w.text(3)
    )
    from_date = w.date_field("Lived here from", subject="The date they started living here")
    to_date = w.date_field(
        "Lived here until (optional)", subject="The date they stopped living here"
    )


class ConvictionForm(GovukForm):
    date = w.date_field("Date of conviction")
    court = forms.CharField(label="Court", required=False, max_length=300)
    country = forms.CharField(
        label="Country of conviction", required=False, max_length=10, initial="GB", widget=w.text(3)
    )
    offence_text = forms.CharField(
        label="Offence (as worded by the national court)",
        required=False,
        max_length=600,
        widget=w.textarea(2),
    )
    ecris_code = forms.ChoiceField(
        label="ECRIS common offence category",
        choices=ECRIS_CHOICES,
        required=False,
        help_text=ECRIS_HINT,
    )
    completion = forms.ChoiceField(label="Completion", choices=COMPLETION_CHOICES, required=False)
    participation = forms.ChoiceField(
        label="Participation", choices=PARTICIPATION_CHOICES, required=False
    )
    sentence = forms.CharField(
        label="Sentence or order", required=False, max_length=600, widget=w.textarea(2)
    )


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", required=False, max_length=1200, widget=w.textarea())


class EditAddressForm(AddressForm):
    """Correcting an address: the add form with the person version loaded (optimistic lock)."""

    version = w.version_field("person")


class EditConvictionForm(ConvictionForm):
    version = w.version_field("person")


class RemovalForm(ReasonForm):
    """Removing an item recorded in error: why, and the person version the user saw."""

    reason = forms.CharField(
        label="Why are you removing it?",
        required=False,
        max_length=1200,
        help_text="For example: recorded on the wrong person, or entered twice",
        widget=w.textarea(),
    )
    version = w.version_field("person")
