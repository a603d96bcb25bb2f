"""Forms for received information (decision 0023): which person it concerns, why it is read,
opening a case from a risk notification, and asking for or answering a criminal-record
request. Every rule is the domain's; these only collect the answers."""

from __future__ import annotations

from django import forms

from fourpillars.domain.audit import JUSTIFICATION_TEXT_MAX, PURPOSE_LABELS
from fourpillars.domain.received import REQUEST_PURPOSES, SENT_FOR_LABELS, AnswerKind
from fourpillars.domain.text import LONG_TEXT_MAX

from . import widgets as w
from .base import GovukForm


def _text(label: str, hint: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text=hint,
        widget=w.textarea(rows),
    )


class PurposeForm(GovukForm):
    purpose = forms.ChoiceField(
        label="Why are you reading what was received?",
        help_text=(
            "Information from another country may be read only for purposes compatible with "
            "the one it was sent for; your purpose is recorded (Data Protection Act 2018 s.62)."
        ),
        choices=[(p.value, label) for p, label in PURPOSE_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are reading it"},
    )
    text = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=JUSTIFICATION_TEXT_MAX,
        widget=w.textarea(2),
    )


class MatchForm(GovukForm):
    choice = forms.ChoiceField(
        label="Who is this?", required=False, widget=forms.RadioSelect, choices=[]
    )
    reason = _text("Reason", "What you checked. Required when nobody here matches.")

    def __init__(self, *args: object, candidates: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*candidates, ("none", "Nobody here is this person")]


class OpenCaseForm(GovukForm):
    lead_agency = forms.ChoiceField(label="Lead agency", required=False, choices=[])
    category = forms.ChoiceField(
        label="MAPPA category",
        required=False,
        choices=[
            ("", "Choose a category"),
            ("1", "Category 1"),
            ("2", "Category 2"),
            ("3", "Category 3"),
        ],
    )
    level = forms.ChoiceField(
        label="Management level",
        required=False,
        choices=[("", "Choose a level"), ("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")],
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose an agency") + agencies


class AnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label="How do you answer?",
        required=False,
        widget=forms.RadioSelect,
        choices=[(k.value, k.label) for k in AnswerKind],
    )
    person = forms.ChoiceField(label="The person it concerns", required=False, choices=[])
    note = _text(
        "Note to the requesting state",
        "Required when you ask for more information or give notice of a delay.",
    )

    def __init__(self, *args: object, candidates: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Nobody chosen") + candidates


class RecordRequestForm(GovukForm):
    receiver = forms.ChoiceField(label="Country to ask", required=False, choices=[])
    purpose = forms.ChoiceField(
        label="Purpose of the request",
        required=False,
        widget=forms.RadioSelect,
        choices=[(p, SENT_FOR_LABELS[p]) for p in REQUEST_PURPOSES],
    )
    reason = _text("Reason", "Why the record is needed: the proceedings or decision it serves.")
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    given_names = forms.CharField(label="Given names", required=False, max_length=100)
    date_of_birth = forms.CharField(
        label="Date of birth", required=False, max_length=10, help_text="For example, 1980-05-17"
    )
    nationality = forms.CharField(
        label="Nationality", required=False, max_length=2, help_text="Two letters, such as NL"
    )

    def __init__(self, *args: object, peers: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receiver"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose a country") + peers
