"""Level 2 and 3 MAPPA meetings ([MAPPA-G] ch.13a): the meeting, the cases it discusses (one,
or several as a panel), the agencies invited and who attended, each agency's contribution,
the minutes of each case (MAPPA B), the co-ordinator's grades on the audit form, and the
chairs' grades. Rules live in ``domain/meetings``; every change goes through
``services/meetings`` with its audit row. Reads of a meeting go through the cases it
discusses, fetched by ``Case.objects.visible_to`` (404 when none is visible).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fourpillars.domain.meetings import (
    AUDIT_FORM,
    MINUTES_VERSION,
    STANDARD_AGENDA,
    Attendance,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    Seniority,
)


class ChairGrade(models.Model):
    """A user's grade as a meeting chair ([MAPPA-G] ch.13a: seniority rises with the level),
    held as data beside the account, set by an administrator."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="chair_grade"
    )
    seniority = models.PositiveSmallIntegerField(
        choices=[(int(s), s.name.title()) for s in Seniority], default=int(Seniority.NONE)
    )
    set_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    set_at = models.DateTimeField(default=timezone.now)


class Meeting(models.Model):
    """A Level 2 or 3 meeting on one case or a panel of several, in one area."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=12, choices=MeetingKind.choices())
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices(), default=MeetingStatus.SCHEDULED.value
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    venue = models.CharField(max_length=200, blank=True)
    video_link = models.CharField(max_length=500, blank=True)
    chair = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="chaired")
    agenda_version = models.CharField(max_length=60, default=STANDARD_AGENDA.version)
    status_reason = models.TextField(blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            # The co-ordinator's upcoming meetings: an area's scheduled meetings by time.
            models.Index(fields=["area", "status", "starts_at"], name="meeting_area_upcoming"),
            models.Index(fields=["chair", "starts_at"], name="meeting_chair"),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk}"


class MeetingCase(models.Model):
    """A case discussed at a meeting, at the level it had when the meeting was set."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="meetings")
    level = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="meeting_case_unique")
        ]
        indexes = [models.Index(fields=["case", "meeting"], name="meetingcase_case")]


class Invitation(models.Model):
    """An agency invited to the meeting, and whether it attended (who, by name)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(
        max_length=12, choices=Attendance.choices(), default=Attendance.INVITED.value
    )
    attendees = models.CharField(max_length=500, blank=True)
    invited_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="invitation_unique")
        ]


class Contribution(models.Model):
    """What an invited agency tells the meeting about one case, attributed and dated."""

    item = models.ForeignKey(MeetingCase, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    during_meeting = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class Minutes(models.Model):
    """The minutes of one case at one meeting (MAPPA B): the headings' text and the decisions
    in ``content``, the actions agreed, the plan they went into, and approval and circulation.
    ``area``, ``meeting_at`` and ``chair`` are copied from the meeting (neither changes once it
    is scheduled) for the co-ordinator's list of minutes and the chair's "Waiting for me"."""

    item = models.OneToOneField(MeetingCase, on_delete=models.CASCADE, related_name="minutes")
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    meeting_at = models.DateTimeField()
    chair = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=MinutesStatus.choices(), default=MinutesStatus.DRAFT.value
    )
    template_version = models.CharField(max_length=40, default=MINUTES_VERSION)
    content = models.JSONField(default=dict, blank=True)
    actions = models.JSONField(default=list, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    level_decision = models.ForeignKey(
        "assessments.LevelDecision",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    editors = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_to = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["area", "status", "meeting_at"], name="minutes_area_status"),
            models.Index(fields=["chair", "status", "meeting_at"], name="minutes_chair_status"),
        ]


class MeetingGrade(models.Model):
    """The co-ordinator's grades of a meeting on the audit form (MAPPA L), 1 to 4 per item."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="grade")
    form_version = models.CharField(max_length=40, default=AUDIT_FORM.version)
    scores = models.JSONField(default=dict)
    mean = models.FloatField(null=True)
    note = models.TextField(blank=True)
    graded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField(default=timezone.now)
