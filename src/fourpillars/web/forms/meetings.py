"""Forms for Level 2 and 3 meetings: scheduling, invitations, attendance, contributions, each
section of the minutes (one page each, the task list), actions agreed, grades, moving a review.
Dates are GOV.UK date inputs; the services decide what is valid and name the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from fourpillars.domain import meetings as rules
from fourpillars.domain.plans import PILLARS

from . import widgets as w
from .base import GovukForm
from .case import LAWFUL_BASIS_CHOICES

KIND_CHOICES = [(k.value, k.label) for k in rules.MeetingKind]
OUTCOME_CHOICES = [(o.value, o.label) for o in rules.Outcome]
EXIT_CHOICES = w.blank("Not leaving MAPPA") + [(e.value, e.label) for e in rules.ExitReason]
DISCLOSURE_CHOICES = [(d.value, d.label) for d in rules.DisclosureOutcome]
ATTENDANCE_CHOICES = [
    (a.value, a.label) for a in rules.Attendance if a is not rules.Attendance.INVITED
]
PILLAR_CHOICES = w.blank("Choose the pillar") + list(PILLARS.items())
FACTOR_WORDS = 80  # of a factor's text in the hint that lists them


def _text(
    label: str, *, rows: int = 0, max_length: int = 10_000, help_text: str = ""
) -> forms.CharField:
    widget = w.textarea(rows) if rows else w.text()
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=widget, help_text=help_text
    )


class ScheduleForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of meeting", choices=KIND_CHOICES, widget=forms.RadioSelect, required=False
    )
    date = w.date_field("Date of the meeting", subject="Date of the meeting")
    time = forms.CharField(
        label="Start time",
        required=False,
        max_length=5,
        help_text="For example, 14:30",
        widget=w.text(4),
    )
    duration_minutes = forms.CharField(
        label="Length in minutes", required=False, max_length=4, widget=w.number(), initial="60"
    )
    venue = _text("Venue", max_length=200, help_text="Leave blank for a video meeting")
    video_link = _text("Video link", max_length=500, help_text="An https:// address")
    chair = forms.ChoiceField(label="Chair", choices=(), required=False)
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing (only when an invited agency has no access)",
        choices=LAWFUL_BASIS_CHOICES,
        required=False,
    )
    reason = _text("Reason for sharing", rows=2, max_length=1000)

    def __init__(self, *args: Any, chairs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chair"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose the chair") + chairs

    def starts_at(self) -> str:
        day, time = (
            self.cleaned_data.get("date") or "",
            (self.cleaned_data.get("time") or "").strip(),
        )
        if not day:
            return ""
        return f"{day}T{time}" if time else day + "T"


class InviteForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", choices=(), required=False)
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=LAWFUL_BASIS_CHOICES,
        required=False,
        help_text="Needed when the agency has no access to a case on the meeting",
    )
    reason = _text("Reason for sharing", rows=2, max_length=1000)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose the agency") + agencies


class AttendanceForm(GovukForm):
    """One radio group and one names box per agency invited."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = []
        for inv in invitations:
            code = inv.agency.code
            self.codes.append(code)
            initial = inv.attendance if inv.attendance != rules.Attendance.INVITED.value else ""
            self.fields[f"att_{code}"] = forms.ChoiceField(
                label=inv.agency.name,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )
            self.fields[f"names_{code}"] = forms.CharField(
                label=f"Who attended for {inv.agency.name}",
                required=False,
                max_length=500,
                initial=inv.attendees,
                widget=w.text(),
            )

    def entries(self) -> list[dict[str, str]]:
        return [
            {
                "agency": c,
                "attendance": self.cleaned_data.get(f"att_{c}") or "",
                "attendees": self.cleaned_data.get(f"names_{c}") or "",
            }
            for c in self.codes
        ]


class ContributionForm(GovukForm):
    text = _text(
        "What your agency knows",
        rows=8,
        help_text="Behaviour, compliance, victims, anything the meeting should weigh",
    )


class HeadingsForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for h in rules.HEADINGS:
            self.fields[h.slug] = _text(h.title, rows=4, help_text=h.hint)


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Decision on the level",
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    level = forms.ChoiceField(
        label="New level (if changed)",
        choices=[*w.blank("Not changed"), ("2", "Level 2"), ("3", "Level 3")],
        required=False,
    )
    exit_reason = forms.ChoiceField(
        label="Why the case leaves MAPPA", choices=EXIT_CHOICES, required=False
    )
    reason = _text("Reason for the decision", rows=4)


class PlanAgreedForm(GovukForm):
    number = forms.ChoiceField(label="Plan version agreed", choices=(), required=False)
    note = _text("What the meeting agreed about the plan", rows=4)

    def __init__(self, *args: Any, plans: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["number"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("None: a new version is to be drafted") + plans


class DisclosureForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Disclosure", choices=DISCLOSURE_CHOICES, widget=forms.RadioSelect, required=False
    )
    detail = _text("What was considered and why", rows=4)


class DissentForm(GovukForm):
    agency = forms.ChoiceField(label="Agency that dissented", choices=(), required=False)
    text = _text("Their view and the decision taken", rows=4)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose the agency") + agencies


class NextReviewForm(GovukForm):
    date = w.date_field("Date of the next review", subject="Date of the next review")
    reason = _text("Reason (when moving a date already set)", rows=2)


class ActionForm(GovukForm):
    pillar = forms.ChoiceField(label="Pillar", choices=PILLAR_CHOICES, required=False)
    text = _text("Action", rows=3)
    owner_agency = forms.ChoiceField(label="Owner agency", choices=(), required=False)
    owner_name = _text("Named owner", max_length=200)
    due = w.date_field("Due date", subject="Due date")
    addresses = _text(
        "Risk factors it addresses",
        max_length=200,
        help_text="Identifiers separated by commas, for example rf1, rf2",
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        factors: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = w.blank("Choose the agency") + agencies
        if factors:  # the identifiers to type, with what each stands for
            listed = "; ".join(f"{ident}: {text[:FACTOR_WORDS]}" for ident, text in factors)
            self.fields[
                "addresses"
            ].help_text = f"Identifiers separated by commas. This case's factors are {listed}"


class GradeForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in rules.AUDIT_FORM.items:
            self.fields[item.slug] = forms.ChoiceField(
                label=item.text,
                widget=forms.RadioSelect,
                required=False,
                choices=[
                    (str(k), f"{k}: {v}") for k, v in sorted(item.scale.items(), reverse=True)
                ],
            )
        self.fields["note"] = _text("Note", rows=3)

    def data_for_service(self) -> dict[str, Any]:
        scores = {i.slug: self.cleaned_data.get(i.slug) or "" for i in rules.AUDIT_FORM.items}
        return {"scores": scores, "note": self.cleaned_data.get("note") or ""}


class MoveReviewForm(GovukForm):
    date = w.date_field("New date of the next review", subject="Date of the next review")
    reason = _text("Reason for moving the review", rows=3)
