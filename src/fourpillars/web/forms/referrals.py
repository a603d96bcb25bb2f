"""Forms for referrals (MAPPA A) and their screening, transfers between areas and possible
duplicates (decision 0018). Every rule is the domain's; these only collect the answers."""

from __future__ import annotations

from django import forms

from fourpillars.domain.duplicates import RESOLUTIONS
from fourpillars.domain.referrals import Outcome
from fourpillars.domain.text import LONG_TEXT_MAX
from fourpillars.domain.transfers import DEFAULT_HANDOVER

from . import widgets as w
from .base import GovukForm

REFERRAL_LEVELS = [
    ("2", "Level 2: active multi-agency management"),
    ("3", "Level 3: active multi-agency management, senior level"),
]


def _text(label: str, hint: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text=hint,
        widget=w.textarea(rows),
    )


class ReferralForm(GovukForm):
    """The MAPPA A sections the referrer writes."""

    reason = _text(
        "Reason for referral",
        "What has happened or changed, and why the case needs multi-agency management now.",
    )
    current_risk = _text(
        "Current risk",
        "Who is at risk, of what harm, how likely and how soon: the current risk summary.",
    )
    cannot_manage = _text(
        "What cannot be managed at the current level",
        "The parts of the risk management plan your agency cannot deliver without meetings "
        "(for level 3: what needs senior representation or resources at short notice).",
    )
    proposed_level = forms.ChoiceField(
        label="Which level do you propose?",
        choices=REFERRAL_LEVELS,
        required=False,
        widget=forms.RadioSelect,
    )


class ScreeningForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=[(o.value, o.label) for o in Outcome],
        required=False,
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label="If you accept: at which level is the case to be managed?",
        choices=REFERRAL_LEVELS,
        required=False,
        widget=forms.RadioSelect,
        help_text="Accepting records a level decision: multi-agency meetings would add value.",
    )
    reason = _text(
        "Reason for your decision",
        "If you decline, this is sent back to the person who made the referral.",
    )


class TransferForm(GovukForm):
    proposed_lead_agency = forms.ChoiceField(
        label="Which agency is to lead the case in its new area?",
        choices=(),
        required=False,
        help_text="Police, probation or prison in another area. Their area's co-ordinator decides.",
    )
    reason = _text(
        "Reason for the transfer", "For example a move of address or a new licence area."
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["proposed_lead_agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose an agency") + agencies


class TransferDecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Do you accept the case into your area?",
        choices=[("accept", "Accept the case"), ("refuse", "Refuse the case")],
        required=False,
        widget=forms.RadioSelect,
    )
    handover_note = _text(
        "Hand-over note (if you accept)",
        "What was handed over and agreed, or where the hand-over meeting is recorded.",
    )
    access_ends_on = w.date_field(
        "Last day the old area can see the case (if you accept, optional)",
        help_text=f"Leave blank for {DEFAULT_HANDOVER.default_days} days from today; at most "
        f"{DEFAULT_HANDOVER.max_days} days (local policy).",
        subject="The last day the old area can see the case",
    )
    reason = _text("Reason (if you refuse)", "Sent back to the person who asked for the transfer.")


class ReasonOnlyForm(GovukForm):
    reason = _text("Reason", rows=3)


class ResolveForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Are they the same person?",
        choices=[(s.value, s.label) for s in RESOLUTIONS],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = _text("Reason", "What you checked with the other area, and what it showed.", rows=3)
