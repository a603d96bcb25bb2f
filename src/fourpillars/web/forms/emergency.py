"""Forms for emergency (break-glass) access and retention reviews (decision 0030). Every rule
is the domain's; these only collect the answers."""

from __future__ import annotations

from django import forms

from fourpillars.domain.retention import RetentionOutcome
from fourpillars.domain.text import LONG_TEXT_MAX

from . import widgets as w
from .base import GovukForm


class EmergencyAccessForm(GovukForm):
    reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=30,
        help_text="As it is written on the case, for example FP-A-000123.",
        widget=w.text(10, autocomplete="off"),
    )
    reason = forms.CharField(
        label="What is the emergency?",
        required=False,
        max_length=1000,
        help_text="Say what has happened and why you cannot wait for the lead agency to share "
        "the case. The case's lead agency and the area's MAPPA co-ordinator read this.",
        widget=w.textarea(4),
    )


class RetentionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=[(o.value, o.label) for o in RetentionOutcome],
        required=False,
        widget=forms.RadioSelect,
    )
    next_review = w.date_field(
        "Next review (if you keep the record)",
        help_text="No later than the review period allows from today.",
        subject="The next review date",
    )
    reason = forms.CharField(
        label="Reason for your decision",
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text="Why the record is still needed, or why it is no longer needed for a policing "
        "purpose. Do not name the person: after a deletion this reason is kept.",
        widget=w.textarea(4),
    )
    version = w.version_field("case")
