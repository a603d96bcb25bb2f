"""Codes in plain words: the label behind a stored value the screens show where a record keeps
a code (an audit row's before and after, a decision's evidence, a checker's message).

- an enumeration's stored value ("plan_approval", "previous_high") by its label, from every
  vocabulary of the domain and the label tables that are not vocabularies;
- a plan checker's code ("RF_UNADDRESSED") by what its rule checks;
- an agency's code ("police-a") by the agency's name, from the names the page read once
  (services.accounts.names); an instrument's code ("rm2000-c") by its name;
- anything else that still looks like a code, in words ("some_value" -> "Some value").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

from fourpillars.domain import decisions, rosh
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.agencies import LAWFUL_BASIS_LABELS
from fourpillars.domain.audit import RECORDED_PURPOSE_LABELS
from fourpillars.domain.instruments import REGISTRY
from fourpillars.domain.notification import DISPOSAL_LABELS
from fourpillars.domain.vocabulary import Vocabulary

SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
SHOUTED = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _vocabularies(cls: type[Vocabulary] = Vocabulary) -> Iterator[type[Vocabulary]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _vocabularies(sub)


@cache
def labels() -> dict[str, str]:
    """Every stored value that is not already a plain word, with its label (the first label
    wins where two vocabularies share a value)."""
    found: dict[str, str] = {}
    tables: list[Mapping[str, str]] = [
        *({m.value: m.label for m in v} for v in _vocabularies()),
        decisions.KINDS,
        dict(decisions.DEFENSIBILITY_CRITERIA),
        rosh.TRIGGER_LABELS,
        rosh.SCENARIO_LABELS,
        rosh.RATING_LABELS,
        plan_rules.PILLARS,
        plan_rules.VICTIM_KINDS,
        plan_rules.ACTION_STATUSES,
        plan_rules.OFFENDING_KINDS,
        {str(k): v for k, v in LAWFUL_BASIS_LABELS.items()},
        {str(k): v for k, v in RECORDED_PURPOSE_LABELS.items()},
        {str(k): v for k, v in DISPOSAL_LABELS.items()},
        {plan_rules.VICTIM_LIAISON: plan_rules.VICTIM_LIAISON_LABEL},
        {code: rule.summary for code, rule in plan_rules.RULES_BY_CODE.items()},
    ]
    for table in tables:
        for value, label in table.items():
            if label and (SNAKE.fullmatch(str(value)) or SHOUTED.fullmatch(str(value))):
                found.setdefault(str(value), str(label))
    return found


def words(code: str) -> str:
    """A code nobody labelled, in words: "some_value" -> "Some value"."""
    return code.replace("_", " ").lower().capitalize()


def label(value: str, agencies: Mapping[str, str] | None = None) -> str:
    """The plain words for one stored value: an agency by name, an enumeration or a checker's
    code by its label, another code in words, anything else as it is."""
    if agencies and value in agencies:
        return agencies[value]
    instrument = REGISTRY.get(value)
    if instrument is not None:
        return instrument.definition.name
    known = labels().get(value)
    if known is not None:
        return known
    if SNAKE.fullmatch(value) or SHOUTED.fullmatch(value):
        return words(value)
    return value


def finding_title(code: object) -> str:
    """What a plan checker's rule checks ("RF_UNADDRESSED" -> "A risk factor is not
    addressed by any action")."""
    rule = plan_rules.RULES_BY_CODE.get(str(code or ""))
    return rule.summary if rule is not None else words(str(code or ""))


def agencies_named(text: str, agencies: Mapping[str, str]) -> str:
    """Free text (a checker's message) with each agency code in it replaced by the agency's
    name."""
    codes = sorted((c for c in agencies if c and "-" in c), key=len, reverse=True)
    if not codes or not text:
        return text
    rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in codes) + r")(?![\w-])")
    return rx.sub(lambda m: agencies[m.group(1)], text)
