"""Every table sits in its own scrolling region (GOV.UK Design System: a table wider than
the screen scrolls by itself): a focusable ``role="region"`` whose ``aria-label`` names it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.template import Context, Template
from django.test import Client

from tests.cast import World
from tests.factories import active_plan_and_draft

pytestmark = pytest.mark.django_db

REGION = re.compile(
    r'<div class="fp-table-scroll" role="region" aria-label="([^"]+)" tabindex="0">\s*<table'
)


def test_the_tag_wraps_a_table_in_a_labelled_focusable_region() -> None:
    html = Template(
        "{% load table_tags %}{% scrolling label %}<table><tr><td>{{ cell }}</td></tr></table>"
        "{% endscrolling %}"
    ).render(Context({"label": 'Names & "aliases"', "cell": "<b>"}))
    assert html == (
        '<div class="fp-table-scroll" role="region" aria-label="Names &amp; &quot;aliases&quot;"'
        ' tabindex="0"><table><tr><td>&lt;b&gt;</td></tr></table></div>'
    )


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("police", "case"),
        ("police", "plan"),
        ("police", "search"),
        ("admin", "admin"),
        ("auditor", "audit"),
    ],
)
def test_every_table_on_the_page_is_in_a_region(
    world: World, client_for: Callable[[str], Client], name: str, page: str
) -> None:
    active, _ = active_plan_and_draft(world, "police_case")
    url = {
        "case": f"/cases/{world.police_case.pk}/person/",
        "plan": f"/plans/{active.pk}/",
        "search": "/?q=Kowalski",
        "admin": "/admin-area/",
        "audit": "/audit/",
    }[page]
    body = client_for(name).get(url).content.decode()
    tables = body.count("<table")
    labels = REGION.findall(body)
    assert tables > 0 and len(labels) == tables, (tables, labels)
    assert all(label.strip() for label in labels)
