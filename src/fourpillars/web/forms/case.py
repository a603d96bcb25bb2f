"""Forms for a MAPPA case: registration fields, edits, status moves, shares, justification."""

from __future__ import annotations

from django import forms

from fourpillars.domain.agencies import LAWFUL_BASIS_LABELS
from fourpillars.domain.audit import JUSTIFICATION_TEXT_MAX, PURPOSE_LABELS
from fourpillars.domain.mappa import CATEGORY_INFO, LEVEL_LABELS
from fourpillars.domain.notification import DISPOSAL_LABELS

from . import widgets as w
from .base import GovukForm

CATEGORY_CHOICES = w.blank("Choose the MAPPA category") + [
    (str(int(c)), info.label) for c, info in CATEGORY_INFO.items()
]
LEVEL_CHOICES = w.blank("Choose the management level") + [
    (str(int(lv)), label) for lv, label in LEVEL_LABELS.items()
]
DISPOSAL_CHOICES = w.blank("Not given") + [(d.value, label) for d, label in DISPOSAL_LABELS.items()]
LAWFUL_BASIS_CHOICES = w.blank("Choose the lawful basis") + [
    (b.value, label) for b, label in LAWFUL_BASIS_LABELS.items()
]
PURPOSE_CHOICES = [(p.value, label) for p, label in PURPOSE_LABELS.items()]


class CaseFieldsForm(GovukForm):
    """Category, level, review date and the disposal that sets a notification period."""

    category = forms.ChoiceField(label="MAPPA category", choices=CATEGORY_CHOICES, required=False)
    level = forms.ChoiceField(label="Management level", choices=LEVEL_CHOICES, required=False)
    next_review_date = w.date_field(
        "Next review date (optional)",
        help_text="Leave blank to use the latest date the level allows",
    )
    disposal = forms.ChoiceField(
        label="Disposal for the qualifying offence",
        choices=DISPOSAL_CHOICES,
        required=False,
        help_text="Needed for category 1: it sets the notification period",
    )
    disposal_date = w.date_field("Date of conviction or caution")
    custody_months = forms.CharField(
        label="Custodial term in months (custody only)",
        required=False,
        max_length=6,
        widget=w.number(),
    )
    discharge_months = forms.CharField(
        label="Length of conditional discharge in months",
        required=False,
        max_length=6,
        widget=w.number(),
    )


class RegisterCaseForm(CaseFieldsForm):
    lead_agency = forms.ChoiceField(label="Lead agency", choices=(), required=False)
    start_date = w.date_field("Start of management")

    field_order = ["category", "level", "lead_agency", "start_date", "next_review_date"]

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = agencies
        if len(agencies) == 1:
            field.initial = agencies[0][0]


class EditCaseForm(CaseFieldsForm):
    version = w.version_field("case")


class StatusForm(GovukForm):
    status = forms.ChoiceField(label="New status", choices=(), required=False)
    reason = forms.CharField(
        label="Reason for the decision", required=False, max_length=1200, widget=w.textarea()
    )

    def __init__(self, *args: object, moves: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose the new status") + moves


class ShareForm(GovukForm):
    agency = forms.ChoiceField(label="Agency to share with", choices=(), required=False)
    lawful_basis = forms.ChoiceField(
        label="Lawful basis", choices=LAWFUL_BASIS_CHOICES, required=False
    )
    reason = forms.CharField(
        label="Reason for sharing", required=False, max_length=1200, widget=w.textarea()
    )
    expires_at = w.date_field(
        "Share until (optional)",
        help_text="Leave blank to share until the share is revoked",
        subject="The date the share ends",
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose an agency") + agencies


class JustificationForm(GovukForm):
    purpose = forms.ChoiceField(
        label="Why do you need to see this case?",
        help_text=(
            "Your agency does not lead this case, so the law requires a record of why you look "
            "at it (Data Protection Act 2018 s.62). You are asked once per case each time you "
            "sign in."
        ),
        choices=PURPOSE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to see this case"},
    )
    text = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=JUSTIFICATION_TEXT_MAX,
        widget=w.textarea(2),
    )
