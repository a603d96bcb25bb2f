"""Every page of a printed plan and RoSH summary carries the classification in its header and
footer, the case reference and "Page N of M" (read page by page with pdftotext -f N -l N)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.services import plans
from tests.cast import World
from tests.documents import PLAN_CONTENT
from tests.factories import level_decided, submitted_assessment

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, in order (pdftotext -f N -l N)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    whole = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    count = whole.count("\f")
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for n in range(1, count + 1)
    ]


def assert_running_header_and_footer(pages: list[str], reference: str) -> None:
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        head, foot = " ".join(lines[:2]), " ".join(lines[-3:])
        assert "OFFICIAL-SENSITIVE" in head, (n, head)
        assert "OFFICIAL-SENSITIVE" in foot, (n, foot)
        assert f"Case {reference}" in text, n
        assert f"Page {n} of {total}" in foot, (n, foot)
        assert len(re.findall(r"Page \d+ of \d+", text)) == 1, n


def test_every_page_of_a_long_plan_names_its_classification_case_and_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    police = world.users["police"]
    submitted_assessment(world)
    level_decided(world)
    many = [
        {
            "id": f"a{i}",
            "pillar": ("supervision", "monitoring_control", "interventions_treatment")[i % 3],
            "text": f"Action {i}: a home visit to check the address and the curfew, with notes",
            "owner_agency": "police-a",
            "owner_name": "DC Amy Hart",
            "addresses": ["rf1"],
            "frequency": "weekly",
        }
        for i in range(5, 85)
    ]
    content = {**PLAN_CONTENT, "actions": [*PLAN_CONTENT["actions"], *many]}  # type: ignore[list-item]
    plan = plans.start_plan(actor=police, case_id=world.police_case.pk)
    plan = plans.save_plan(
        actor=police, plan_id=plan.pk, data=content, expected_version=plan.version
    )
    response = client_for("police").get(f"/plans/{plan.pk}/plan.pdf")
    assert response.status_code == 200
    pages = pages_of(response.content)
    assert len(pages) >= 3
    assert_running_header_and_footer(pages, world.police_case.reference)
    assert any("Action 84: a home visit" in " ".join(p.split()) for p in pages)


def test_every_page_of_the_rosh_summary_names_its_classification_case_and_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    a = submitted_assessment(world)
    response = client_for("police").get(f"/assessments/{a.pk}/summary.pdf")
    assert response.status_code == 200
    pages = pages_of(response.content)
    assert_running_header_and_footer(pages, world.police_case.reference)
