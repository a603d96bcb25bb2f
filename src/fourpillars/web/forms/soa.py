"""Forms for SOA 2003 notifications, risk notifications abroad and supervision transfers
(decision 0022). Every rule is the domain's (``domain.soa``); these only collect answers."""

from __future__ import annotations

from django import forms

from fourpillars.domain.soa.proposals import WITHDRAWAL_REASON_MAX, LawfulBasis
from fourpillars.domain.soa.requirements import Change, Kind, Travel
from fourpillars.domain.text import LONG_TEXT_MAX

from . import widgets as w
from .base import GovukForm


def _text(label: str, hint: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text=hint,
        widget=w.textarea(rows),
    )


class NotificationForm(GovukForm):
    """One notification the person made; the travel and change questions apply to those
    kinds only (the service says which are needed)."""

    kind = forms.ChoiceField(
        label="What did the person notify?",
        choices=Kind.choices(),
        required=False,
        widget=forms.RadioSelect,
    )
    notified_on = w.date_field("Date notified", "For example, 27 3 2026")
    place = forms.CharField(
        label="Where (police station)", required=False, max_length=200, widget=w.text()
    )
    changed_on = w.date_field(
        "If a change: the date of the change", "Changes are notified within 3 days."
    )
    changes = forms.ChoiceField(
        label="If a change: what changed",
        choices=Change.choices(),
        required=False,
        widget=forms.RadioSelect,
    )
    departs = w.date_field("If travel: date of departure")
    returns = w.date_field("If travel: date of return", "Leave blank for a move abroad.")
    destinations = forms.CharField(
        label="If travel: destination countries",
        help_text="Two-letter country codes separated by commas, for example NL, BE.",
        required=False,
        max_length=100,
        widget=w.text(10),
    )
    addresses_abroad = _text("If travel: address or addresses abroad", rows=3)
    travel_means = forms.ChoiceField(
        label="If travel: how the person travels",
        choices=Travel.choices(),
        required=False,
        widget=forms.RadioSelect,
    )
    move_abroad = forms.ChoiceField(
        label="If travel: is the person moving abroad?",
        choices=[("", "No, a trip"), ("yes", "Yes, moving abroad")],
        required=False,
        widget=forms.RadioSelect,
    )
    details = _text("Details", "New name or address, or anything else the person told you.")


class CircumstancesForm(GovukForm):
    release_date = w.date_field(
        "Date of release from custody (if later than the conviction)",
        "The initial notification is due within 3 days of release.",
    )
    no_fixed_abode = forms.ChoiceField(
        label="Does the person have no fixed abode?",
        choices=[("", "No"), ("yes", "Yes: notifies weekly")],
        required=False,
        widget=forms.RadioSelect,
    )


class DecisionForm(GovukForm):
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sending",
        choices=LawfulBasis.choices(),
        required=False,
        widget=forms.RadioSelect,
    )
    necessity = _text("Why sending is necessary")
    proportionality = _text("Why what is sent is proportionate")


class DeclineForm(GovukForm):
    reason = _text("Reason for not sending it", rows=3)


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Reason for withdrawing it",
        help_text="The receiving state is told this reason. For example: the trip was "
        "cancelled, or what was sent was wrong.",
        required=False,
        max_length=WITHDRAWAL_REASON_MAX,
        widget=w.textarea(4),
    )


class SupervisionTransferForm(GovukForm):
    receiver = forms.CharField(
        label="State of normal residence",
        help_text="Two-letter country code, for example NL.",
        required=False,
        max_length=2,
        widget=w.text(2),
    )
    measure = _text("The probation measure to be supervised", rows=3)
    reason = _text("Why that state should supervise it")
