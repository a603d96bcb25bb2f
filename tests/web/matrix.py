"""The web permission matrix's expectations, spelt out as tables, not computed by the code
under test (every URL against the standard cast); shared by the matrix tests of cases,
assessments and plans.

- visible: tests.cast.World.visible (co-ordinator sees area A; others their lead or shared cases);
- MANAGES: lead-agency case managers and the area co-ordinator;
- JUSTIFY: visible cases read from outside the lead agency (purpose asked first: 302, for
  every part of the case page and for edit forms, which show case data too).
"""

from __future__ import annotations

from tests.cast import World

MANAGES = {
    "police": {"police_case"},
    "probation": {"shared_case"},
    "coordinator": {"police_case", "shared_case"},
    "outsider": {"other_area_case"},
}
JUSTIFY = {"coordinator": {"police_case", "shared_case"}, "housing": {"shared_case"}}
# The parts of the case page, each read like the case page itself.
CASE_PARTS = {"case", "case-person", "case-risk", "case-plan", "case-timeline", "case-sharing"}
# Who wrote each case's plans (its lead): a second person approves them.
AUTHORS = {"police": {"police_case"}, "probation": {"shared_case"}, "outsider": {"other_area_case"}}


def expected_case_status(world: World, name: str, url_name: str, case_attr: str) -> int:
    """What a GET of a case URL answers the cast member: 302 to log in, 404 hidden, the
    purpose asked first (302) or answered (200), 403 for an edit form they may only read."""
    if name == "anonymous":
        return 302
    if getattr(world, case_attr).pk not in world.visible[name]:
        return 404
    justify = case_attr in JUSTIFY.get(name, set())
    if url_name == "case-justify":
        return 200 if justify else 302  # the lead agency is sent straight to the case
    if url_name in CASE_PARTS:
        return 302 if justify else 200
    if case_attr not in MANAGES.get(name, set()):
        return 403
    if url_name == "plan-approve" and case_attr in AUTHORS.get(name, set()):
        return 403
    return 302 if justify else 200  # edit forms show case data: purpose first
