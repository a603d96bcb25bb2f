"""Paths of records' pages by their route's name, for lists that link every row:
``{{ case.pk|path_of:"case" }}``, or ``{% path "meeting-item" meeting_id case_id %}`` for a
route of several ids. Each route is reversed once per process (and script prefix) with
stand-in ids, and each row's ids put in their places: ``{% url %}`` resolves the route again
for every link, and a work list of 25 rows with four links each spent more on that than on
anything else it renders. For routes whose arguments are integer ids only.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

# Stand-ins no real id reaches, one per argument.
_STAND_INS = (987654321987, 987654321989, 987654321991)
_PATTERNS: dict[tuple[str, str, int], list[str]] = {}


def _pieces(name: str, arity: int) -> list[str]:
    key = (name, get_script_prefix(), arity)
    pieces = _PATTERNS.get(key)
    if pieces is None:
        rest = reverse(name, args=list(_STAND_INS[:arity]))
        pieces = []
        for stand_in in _STAND_INS[:arity]:
            before, found, rest = rest.partition(str(stand_in))
            if not found:
                raise template.TemplateSyntaxError(f"route {name!r} does not take {arity} ids")
            pieces.append(before)
        pieces.append(rest)
        _PATTERNS[key] = pieces
    return pieces


def path_to(name: str, *ids: object) -> str:
    """The path of route ``name`` for the given integer ids."""
    if not 1 <= len(ids) <= len(_STAND_INS):
        raise template.TemplateSyntaxError(f"route {name!r}: give 1 to {len(_STAND_INS)} ids")
    pieces = _pieces(name, len(ids))
    out = [pieces[0]]
    for value, after in zip(ids, pieces[1:], strict=True):
        out.append(str(int(str(value))))
        out.append(after)
    return "".join(out)


@register.filter
def path_of(pk: object, name: str) -> str:
    """``{{ pk|path_of:"route" }}``: the path of a route of one id."""
    return path_to(name, pk)


@register.simple_tag
def path(name: str, *ids: object) -> str:
    """``{% path "route" id1 id2 %}``: the path of a route of several ids."""
    return path_to(name, *ids)
