"""Paths of records' pages by route name (``path_of`` and ``{% path %}``): the same paths as
``reverse`` gives, for any id, and a clear refusal for a route that takes no id."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, reverse

from fourpillars.web.templatetags.links import path_of, path_to


@pytest.mark.parametrize("pk", [1, 7, 42, 123456, 2**31])
def test_a_path_is_the_one_reverse_gives(pk: int) -> None:
    for name in ("case", "plan", "meeting", "case-meetings", "action-complete"):
        assert path_of(pk, name) == reverse(name, args=[pk])
    assert path_to("meeting-item", pk, pk + 1) == reverse("meeting-item", args=[pk, pk + 1])


def test_the_template_forms_render_the_same_paths() -> None:
    rendered = Template('{{ pk|path_of:"case" }} {% path "meeting-item" pk 9 %}').render(
        Context({"pk": 31})
    )
    assert rendered == f"{reverse('case', args=[31])} {reverse('meeting-item', args=[31, 9])}"


def test_a_route_without_ids_or_a_wrong_id_is_refused() -> None:
    with pytest.raises(NoReverseMatch, match="home"):
        path_of(1, "home")
    with pytest.raises(ValueError):
        path_of("<script>", "case")
    with pytest.raises(TemplateSyntaxError):
        path_to("case")
