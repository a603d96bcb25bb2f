"""Synthetic demo data (no real personal data): the demo world and its people, and the seeded
RoSH assessments, plans, referrals and a transfer. Not use cases: the demo drives the services
as a user would."""

from __future__ import annotations

from .cross_border import seed_two_node_people
from .meetings import seed_meetings
from .moves import seed_referrals
from .retention import seed_retention
from .risk import DEMO_FORMULATION, seed_assessments, seed_plans
from .soa import seed_notifications
from .world import (
    AGENCIES,
    AREAS,
    CAST,
    COORDINATORS,
    COUNTRY,
    LOCALES,
    MANAGERS,
    SEXUAL_OFFENCES,
    VIOLENT_OFFENCES,
    Draft,
    category_level,
    demo_email,
    draft_person,
    ensure_coordinators,
    ensure_managers,
    ensure_world,
    seed_people,
)

__all__ = [
    "AGENCIES",
    "AREAS",
    "CAST",
    "COORDINATORS",
    "COUNTRY",
    "DEMO_FORMULATION",
    "LOCALES",
    "MANAGERS",
    "SEXUAL_OFFENCES",
    "VIOLENT_OFFENCES",
    "Draft",
    "category_level",
    "demo_email",
    "draft_person",
    "ensure_coordinators",
    "ensure_managers",
    "ensure_world",
    "seed_assessments",
    "seed_meetings",
    "seed_notifications",
    "seed_people",
    "seed_plans",
    "seed_referrals",
    "seed_retention",
    "seed_two_node_people",
]
