"""The audit trail's filter form (user, case, operation, dates)."""

from __future__ import annotations

from django import forms

from fourpillars.domain.audit import Operation

from . import widgets as w

OPERATION_CHOICES = w.blank("Any operation") + Operation.choices()


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="Username", required=False, max_length=150, widget=w.text(10))
    case_id = forms.CharField(label="Case id", required=False, max_length=20, widget=w.number())
    # A plain field with a select widget: the service checks the value and names the field.
    operation = forms.CharField(
        label="Operation", required=False, widget=forms.Select(choices=OPERATION_CHOICES)
    )
    date_from = forms.CharField(label="From", required=False, widget=w.date())
    date_to = forms.CharField(label="To", required=False, widget=w.date())
