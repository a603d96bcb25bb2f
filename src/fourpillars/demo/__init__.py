"""Synthetic demo data (no real personal data): the demo world and its people, and the seeded
RoSH assessments and plans. Not use cases: the demo drives the services as a user would."""

from __future__ import annotations

from .meetings import seed_meetings
from .risk import DEMO_FORMULATION, seed_assessments, seed_plans
from .world import (
    AGENCIES,
    AREAS,
    CAST,
    COUNTRY,
    LOCALES,
    MANAGERS,
    SEXUAL_OFFENCES,
    VIOLENT_OFFENCES,
    Draft,
    category_level,
    draft_person,
    ensure_managers,
    ensure_world,
    seed_people,
)

__all__ = [
    "AGENCIES",
    "AREAS",
    "CAST",
    "COUNTRY",
    "DEMO_FORMULATION",
    "LOCALES",
    "MANAGERS",
    "SEXUAL_OFFENCES",
    "VIOLENT_OFFENCES",
    "Draft",
    "category_level",
    "draft_person",
    "ensure_managers",
    "ensure_world",
    "seed_assessments",
    "seed_meetings",
    "seed_people",
    "seed_plans",
]
