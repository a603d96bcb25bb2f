"""The audit trail's filter form (user, case, operation, dates)."""

from __future__ import annotations

from django import forms

from fourpillars.domain.audit import Operation

from . import widgets as w
from .base import GovukForm

OPERATION_CHOICES = w.blank("Any operation") + Operation.choices()


class AuditFilterForm(GovukForm):
    user = forms.CharField(label="Username", required=False, max_length=150, widget=w.text(10))
    case_id = forms.CharField(label="Case id", required=False, max_length=20, widget=w.number())
    # A plain field with a select widget: the service checks the value and names the field.
    operation = forms.CharField(
        label="Operation", required=False, widget=forms.Select(choices=OPERATION_CHOICES)
    )
    date_from = w.date_field("From", subject="The start date")
    date_to = w.date_field("To", subject="The end date")
