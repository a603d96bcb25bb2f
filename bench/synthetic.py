"""Synthetic people for the bench: names from Faker per locale (the demo's locales, names in
their own alphabets), dates and areas drawn with the demo's proportions. No real data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

from fourpillars import demo
from fourpillars.domain import names as name_rules


@dataclass(frozen=True)
class Pools:
    """Names drawn once per locale from Faker, then sampled: common names recur, as in life."""

    male: list[str]
    female: list[str]
    family_male: list[str]
    family: list[str]


@lru_cache(maxsize=4)
def name_pools(seed: int, size: int = 400) -> dict[str, Pools]:
    pools: dict[str, Pools] = {}
    for i, locale in enumerate(sorted(set(demo.LOCALES))):
        fk = Faker(locale)
        fk.seed_instance(seed * 31 + i)
        male_family = getattr(fk, "last_name_male", fk.last_name)
        pools[locale] = Pools(
            male=sorted({fk.first_name_male() for _ in range(size)}),
            female=sorted({fk.first_name_female() for _ in range(size)}),
            family_male=sorted({male_family() for _ in range(size)}),
            family=sorted({fk.last_name() for _ in range(size)}),
        )
    return pools


@lru_cache(maxsize=200_000)
def name_index(full: str) -> frozenset[str]:
    """The search keys of one full name, as services.persons.rebuild_name_index stores them."""
    return frozenset(name_rules.name_keys([full]))


@dataclass
class Draw:
    """One synthetic person's facts, before they become rows."""

    locale: str
    male: bool
    given: str
    family: str
    alias: str | None
    dob: dt.date
    conv_date: dt.date
    months: int
    start: dt.date
    area: str


def draw(
    rng: random.Random,
    pools_by_locale: dict[str, Pools],
    today: dt.date,
    areas: list[str],
    weights: list[float],
) -> Draw:
    """One synthetic person: locale, sex, names, birth, conviction, start date and area."""
    locale = rng.choice(demo.LOCALES)
    pools = pools_by_locale[locale]
    male = rng.random() < 0.93
    given = rng.choice(pools.male if male else pools.female)
    family = rng.choice(pools.family_male if male else pools.family)
    alias = rng.choice(pools.family) if rng.random() < 0.25 else None
    dob = today - dt.timedelta(days=rng.randint(19 * 365, 75 * 365))
    conv = dob + dt.timedelta(days=rng.randint(18 * 365, (today - dob).days - 30))
    start = max(conv, today - dt.timedelta(days=rng.randint(30, 2000)))
    area = rng.choices(areas, weights=weights)[0]
    months = rng.choice([4, 9, 18, 24, 36, 60, 96])
    return Draw(locale, male, given, family, alias, dob, conv, months, start, area)


@lru_cache(maxsize=4)
def address_pool(seed: int, size: int = 5000) -> list[tuple[str, str, str]]:
    fk = Faker("en_GB")
    fk.seed_instance(seed)
    return [
        (fk.street_address().replace("\n", ", "), fk.city(), fk.postcode()) for _ in range(size)
    ]
