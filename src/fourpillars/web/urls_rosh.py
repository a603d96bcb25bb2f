"""The URL map of the Risk of Serious Harm screens (decision 0011): assessments, instruments, the
MAPPA level decision. Included from ``web/urls.py``; ``tests/web/test_assessment_permissions``
checks every name here against the whole cast."""

from __future__ import annotations

from django.urls import path

from .views import assessment_edit, assessment_items, assessments, instruments, level

urlpatterns = [
    path("cases/<int:case_id>/assessments/", assessments.case_assessments, name="case-assessments"),
    path("cases/<int:case_id>/assessments/new/", assessments.start, name="assessment-start"),
    path("cases/<int:case_id>/level/", level.level, name="case-level"),
    path("assessments/<int:assessment_id>/", assessments.view, name="assessment"),
    path("assessments/<int:assessment_id>/edit/", assessment_edit.edit, name="assessment-edit"),
    path(
        "assessments/<int:assessment_id>/edit/<slug:slug>/",
        assessment_edit.section,
        name="assessment-section",
    ),
    path(
        "assessments/<int:assessment_id>/edit/<slug:slug>/<int:index>/",
        assessment_items.item,
        name="assessment-item",
    ),
    path(
        "assessments/<int:assessment_id>/edit/<slug:slug>/<int:index>/remove/",
        assessment_items.remove,
        name="assessment-item-remove",
    ),
    path(
        "assessments/<int:assessment_id>/autosave/",
        assessment_edit.autosave,
        name="assessment-autosave",
    ),
    path(
        "assessments/<int:assessment_id>/instruments/",
        instruments.assessment_instruments,
        name="assessment-instruments",
    ),
    path(
        "assessments/<int:assessment_id>/instruments/<str:code>/",
        instruments.assessment_instrument,
        name="assessment-instrument",
    ),
    path(
        "assessments/<int:assessment_id>/results/<int:result_id>/",
        instruments.result,
        name="assessment-result",
    ),
    path(
        "assessments/<int:assessment_id>/results/<int:result_id>/remove/",
        instruments.remove_result,
        name="assessment-result-remove",
    ),
    path("assessments/<int:assessment_id>/submit/", assessments.submit, name="assessment-submit"),
    path(
        "assessments/<int:assessment_id>/countersign/",
        assessments.countersign,
        name="assessment-countersign",
    ),
    path("assessments/<int:assessment_id>/summary.pdf", assessments.pdf, name="assessment-pdf"),
    path("instruments/", instruments.instrument_list, name="instruments"),
    path("instruments/<str:code>/", instruments.standalone, name="instrument-score"),
    path("instruments/<str:code>/about/", instruments.instrument_about, name="instrument-about"),
]
