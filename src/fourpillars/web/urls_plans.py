"""The URL map of the risk management plan screens (decision 0012): plans and their versions, the
builder, approval, action status, "my actions" and decisions. Included from ``web/urls.py``;
``tests/web/test_plan_permissions`` checks every name here against the whole cast."""

from __future__ import annotations

from django.urls import path

from .views import case_parts, decisions, plan_actions, plan_approve, plan_edit, plan_items, plans

urlpatterns = [
    path("cases/<int:case_id>/plans/", plans.case_plans, name="case-plans"),
    path("cases/<int:case_id>/plans/new/", plans.start, name="plan-start"),
    path("cases/<int:case_id>/decisions/", case_parts.case_decisions, name="case-decisions"),
    path("cases/<int:case_id>/decisions/new/", decisions.new, name="decision-new"),
    path("plans/<int:plan_id>/", plans.view, name="plan"),
    path("plans/<int:plan_id>/edit/", plan_edit.edit, name="plan-edit"),
    path("plans/<int:plan_id>/edit/<slug:slug>/", plan_edit.section, name="plan-section"),
    path("plans/<int:plan_id>/edit/<slug:slug>/<int:index>/", plan_items.item, name="plan-item"),
    path(
        "plans/<int:plan_id>/edit/<slug:slug>/<int:index>/remove/",
        plan_items.remove,
        name="plan-item-remove",
    ),
    path("plans/<int:plan_id>/autosave/", plan_edit.autosave, name="plan-autosave"),
    path("plans/<int:plan_id>/approve/", plan_approve.approve, name="plan-approve"),
    path("plans/<int:plan_id>/compare/<int:other_id>/", plans.compare, name="plan-compare"),
    path("plans/<int:plan_id>/plan.pdf", plans.pdf, name="plan-pdf"),
    path("actions/<int:action_id>/status/", plan_actions.status, name="action-status"),
    path("actions/<int:action_id>/complete/", plan_actions.complete, name="action-complete"),
    path("my-actions/", plan_actions.my_actions, name="my-actions"),
]
