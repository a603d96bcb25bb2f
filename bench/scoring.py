"""In-process scoring throughput (aim: docs/decisions/0009): scores per second for each instrument,
one thread of the bench process, through ``domain.instruments.score`` (the function the CLI,
the API and the services call).

OGRS3 scores 1,000 different valid inputs, generated deterministically (RSR 200, with the
ratio of its rate to OGRS3's, both timed in this process); every other instrument
scores one valid sample payload built from its definition (items, allowed answers). OGRS3 is
also compared, in the same process and interleaved round by round, with a baseline: the bare
formula (the logistic of the precomputed linear predictor, for 1 and 2 years, no validation,
no explanation) on the same inputs. Aim: at least 50,000 OGRS3 scores a second on one core.

An instrument whose sample does not score (its module still being finished) is skipped with a
note, never a failure of the bench.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fourpillars.domain import instruments
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments.base import Definition, logistic

OGRS3 = "ogrs3"
OGRS3_AIM = 50_000.0  # scores per second on one core (docs/decisions/0009)
OGRS3_INPUTS = 1000
RSR = "rsr"
RSR_INPUTS = 200
ROUNDS = 4  # OGRS3 and the bare formula alternate, so a burst of other work hits both
SAMPLE_DATE = dt.date(2026, 3, 1)  # the assessment date of every generated input
TEXT = "Bench sample answer: seen in the file and discussed with the person."

Say = Callable[[str], None]
Payload = dict[str, Any]


# --- inputs ---------------------------------------------------------------------------------


def ogrs3_inputs(n: int = OGRS3_INPUTS, seed: int = 1) -> list[Payload]:
    """``n`` different valid OGRS3 inputs, the same for the same seed: ages 18-80 on the
    assessment date, 0-40 previous sanctions that fit between the first sanction (aged 10 or
    more) and the current conviction, every offence category, about 1 in 7 female."""
    rng = random.Random(seed)
    out: list[Payload] = []
    for _ in range(n):
        dob = SAMPLE_DATE - dt.timedelta(days=rng.randint(18 * 365 + 5, 80 * 365))
        age10 = dob + dt.timedelta(days=3654)  # on or after the tenth birthday
        span = (SAMPLE_DATE - age10).days
        previous = 0 if rng.random() < 0.25 else rng.randint(1, 40)
        conviction = age10 + dt.timedelta(days=rng.randint(previous, span))
        first = (
            conviction
            if previous == 0
            else age10 + dt.timedelta(days=rng.randint(0, (conviction - age10).days - previous))
        )
        out.append(
            {
                "sex": "female" if rng.random() < 0.15 else "male",
                "date_of_birth": dob.isoformat(),
                "date_of_current_conviction": conviction.isoformat(),
                "date_of_first_sanction": first.isoformat(),
                "previous_sanctions": previous,
                "assessment_date": SAMPLE_DATE.isoformat(),
                "offence_category": rng.randrange(20),
            }
        )
    return out


def _rated_items(definition: Definition, skip: Sequence[str] = ()) -> dict[str, Any]:
    """SPJ items: every item rated (cycling through its allowed ratings), with evidence."""
    items: dict[str, Any] = {}
    for i, item in enumerate(definition.items):
        if item.code in skip:
            continue
        rating = int(item.answers[i % len(item.answers)])
        items[item.code] = {"rating": rating, "evidence": TEXT if rating else ""}
    return items


def _nested(definition: Definition, choose: Mapping[str, Any]) -> Payload:
    """A record built from dotted item codes (``medical.gp_notified``): true/false items are
    false, text items answered, choices take ``choose`` or the first allowed answer."""
    data: Payload = {"assessment_date": SAMPLE_DATE.isoformat()}
    for item in definition.items:
        value: Any
        if item.code in choose:
            value = choose[item.code]
        elif item.answers == ("true", "false"):
            value = False
        elif item.answers:
            value = item.answers[0]
        else:
            value = TEXT
        *parents, leaf = item.code.split(".")
        node = data
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return data


def _definition(code: str) -> Definition:
    return instruments.REGISTRY[code].definition


def _sample(code: str) -> Payload:
    """One valid payload for ``code``, following the module's definition and docstring."""
    day = SAMPLE_DATE.isoformat()
    if code == OGRS3:
        return ogrs3_inputs(1)[0]
    if code == "osp-dc":
        return {
            "sex": "male",
            "date_of_birth": "1985-03-01",
            "assessment_date": day,
            "contact_adult_sanctions": 1,
            "contact_child_sanctions": 0,
            "non_contact_sanctions": 1,
            "date_of_last_sexual_sanction": "2024-05-01",
            "total_sanctions": 3,
            "stranger_victim": "unknown",
        }
    if code == "osp-iic":
        return {"iioc_sanctions": 1, "contact_child_sanctions": 0, "any_sexual_sanctions": True}
    if code == "rm2000-s":
        return {
            "date_of_birth": "1988-01-10",
            "assessment_date": day,
            "sexual_appearances": 2,
            "criminal_appearances": 6,
            "male_victim": False,
            "stranger_victim": True,
            "non_contact_offence": False,
            "single": True,
        }
    if code == "rm2000-v":
        return {
            "date_of_birth": "1988-01-10",
            "assessment_date": day,
            "violent_appearances": 2,
            "burglary": True,
        }
    if code == "rm2000-c":
        return {"s_band": "high", "v_band": "medium"}
    if code == "static-99r":
        return {
            "age_at_release": 41.5,
            "lived_with_partner_2_years": False,
            "index_non_sexual_violence": False,
            "prior_non_sexual_violence": True,
            "prior_sex_offence_charges": 2,
            "prior_sex_offence_convictions": 1,
            "prior_sentencing_dates": 5,
            "non_contact_sex_offence": False,
            "unrelated_victim": True,
            "stranger_victim": False,
            "male_victim": False,
        }
    if code in ("dash", "dash-safelives"):
        answers = ("yes", "no", "no", "unknown")
        return {
            "answers": {
                item.code: answers[i % len(answers)]
                for i, item in enumerate(_definition(code).items)
            },
            "professional_judgement": False,
            "incidents_last_12_months": 2,
            "last_marac_referral_date": None,
            "assessment_date": day,
        }
    if code == "sara":
        return {
            "items": _rated_items(_definition(code)),
            "final_judgement": {
                "risk_to_partner": "moderate",
                "risk_to_others": "low",
                "reasons": TEXT,
            },
            "assessment_date": day,
        }
    if code == "saprof":
        return {
            "items": _rated_items(_definition(code)),
            "final_judgement": {"protection": "moderate", "reasons": TEXT},
            "assessment_date": day,
        }
    if code == "stable-2007":
        return {
            "child_victims": True,
            "items": _rated_items(_definition(code)),
            "assessment_date": day,
        }
    if code == "acute-2007":
        return {"items": _rated_items(_definition(code)), "assessment_date": day}
    if code == "firearms-suitability":
        return _nested(_definition(code), {"sentences": [], "medical.conditions": []})
    if code == "parole-review":
        return _nested(_definition(code), {"outcome.recommendation": "open_conditions"})
    raise KeyError(f"no sample payload for {code}")


def rsr_inputs(n: int = RSR_INPUTS, seed: int = 1) -> list[Payload]:
    """``n`` different valid RSR inputs, the same for the same seed: men and women, static and
    dynamic models, with and without a sexual-offence history (OSP scored from its inputs)."""
    rng = random.Random(seed)
    out: list[Payload] = []
    for i in range(n):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
        first = born + dt.timedelta(days=365 * rng.randrange(14, 30))
        total = rng.randrange(1, 40)
        conviction = first if total == 1 else first + dt.timedelta(days=rng.randrange(30, 4000))
        assessed = conviction + dt.timedelta(days=rng.randrange(0, 1500))
        category = rng.randrange(0, 20)
        payload: Payload = {
            "sex": "female" if i % 4 == 3 else "male",
            "date_of_birth": born.isoformat(),
            "date_of_current_conviction": conviction.isoformat(),
            "date_of_first_sanction": first.isoformat(),
            "assessment_date": assessed.isoformat(),
            "total_sanctions": total,
            "violent_sanctions": rng.randrange(0, total + 1),
            "offence_category": category,
            "sexual_history": "no",
        }
        if category == 18:
            payload["vatp_subcategory"] = "abh_or_more"
        if i % 2:  # the dynamic model
            payload.update({"weapon": "no", "unemployed": "yes", "domestic_violence": "no"})
            for item in ("accommodation", "relationship", "alcohol", "binge_drinking"):
                payload[item] = rng.randrange(0, 3)
            for item in ("impulsivity", "temper", "pro_criminal"):
                payload[item] = rng.randrange(0, 3)
        if i % 5 == 0:
            payload.update(
                {
                    "sexual_history": "yes",
                    "contact_adult_sanctions": 1,
                    "contact_child_sanctions": 0,
                    "non_contact_sanctions": 0,
                    "iioc_sanctions": 0,
                    "date_of_last_sexual_sanction": conviction.isoformat(),
                    "stranger_victim": "unknown",
                }
            )
        out.append(payload)
    return out


def samples(seed: int = 1) -> tuple[dict[str, list[Payload]], dict[str, str]]:
    """Valid payloads per instrument code (1,000 for OGRS3), and why any were skipped."""
    payloads: dict[str, list[Payload]] = {}
    skipped: dict[str, str] = {}
    for code in instruments.REGISTRY:
        try:
            found = (
                ogrs3_inputs(seed=seed)
                if code == OGRS3
                else rsr_inputs(seed=seed)
                if code == RSR
                else [_sample(code)]
            )
            for one in found:
                instruments.score(code, one)
        except DomainValidationError as exc:
            fields = ", ".join(f"{e.field}: {e.message}" for e in exc.errors[:3])
            skipped[code] = f"the sample does not score ({fields})"
        except Exception as exc:  # an instrument still being finished must not stop the bench
            skipped[code] = f"the sample does not score ({type(exc).__name__}: {exc})"[:200]
        else:
            payloads[code] = found
    return payloads, skipped


# --- timing ---------------------------------------------------------------------------------


@dataclass
class Rate:
    """``count`` calls in ``seconds`` over ``inputs`` different inputs."""

    inputs: int
    count: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "scores": self.count,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 1),
        }


def _passes(one_pass: Callable[[], int], seconds: float, rate: Rate) -> None:
    """Repeat whole passes over the inputs until ``seconds`` have gone (at least one pass)."""
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        rate.count += one_pass()
        now = time.perf_counter()
        if now >= deadline:
            break
    rate.seconds += now - started


def _scorer(code: str, payloads: Sequence[Payload]) -> Callable[[], int]:
    score = instruments.score

    def one_pass() -> int:
        for payload in payloads:
            score(code, payload)
        return len(payloads)

    return one_pass


def linear_predictors(payloads: Sequence[Payload]) -> list[float]:
    """OGRS3's linear predictor of each input, precomputed by the full scorer."""
    from fourpillars.domain.instruments import ogrs3

    out = []
    for payload in payloads:
        result = instruments.score(OGRS3, payload)
        x = next((t.value for t in result.terms if t.name == "linear_predictor"), None)
        if not isinstance(x, float):  # no such term: back from the 2-year probability
            p2 = result.probabilities["2y"]
            x = math.log(p2 / (1 - p2)) - ogrs3.INTERCEPT_2Y
        out.append(x)
    return out


def bare_formula() -> Callable[[float], tuple[float, float]]:
    """The baseline: OGRS3's 1- and 2-year probabilities from a ready linear predictor."""
    from fourpillars.domain.instruments import ogrs3

    one, two = ogrs3.INTERCEPT_1Y, ogrs3.INTERCEPT_2Y

    def bare(x: float) -> tuple[float, float]:
        return logistic(x + one), logistic(x + two)

    return bare


def _bare_pass(xs: Sequence[float]) -> Callable[[], int]:
    bare = bare_formula()

    def one_pass() -> int:
        for x in xs:
            bare(x)
        return len(xs)

    return one_pass


@dataclass
class ScoringFigures:
    seconds_per_instrument: float
    rates: dict[str, Rate] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    bare: Rate | None = None

    @property
    def ogrs3_ratio(self) -> float | None:
        """OGRS3 scores per second / bare-formula evaluations per second (same inputs)."""
        full = self.rates.get(OGRS3)
        if full is None or self.bare is None or not self.bare.per_second:
            return None
        return full.per_second / self.bare.per_second

    @property
    def rsr_to_ogrs3_ratio(self) -> float | None:
        """RSR scores per second / OGRS3 scores per second, both timed in this process."""
        full, rsr = self.rates.get(OGRS3), self.rates.get(RSR)
        if full is None or rsr is None or not full.per_second:
            return None
        return rsr.per_second / full.per_second

    @property
    def verdict(self) -> str:
        full = self.rates.get(OGRS3)
        if full is None:
            return "NO DATA"
        return "PASS" if full.per_second >= OGRS3_AIM else "FAIL"

    def summary(self) -> dict[str, Any]:
        ratio = self.ogrs3_ratio
        return {
            "thread": "one thread of the bench process (one core at a time)",
            "seconds_per_instrument": self.seconds_per_instrument,
            "per_instrument": {code: rate.summary() for code, rate in self.rates.items()},
            "skipped": dict(self.skipped),
            "ogrs3_bare_formula": None if self.bare is None else self.bare.summary(),
            "ogrs3_to_bare_ratio": None if ratio is None else round(ratio, 4),
            "ogrs3_aim_per_second": OGRS3_AIM,
            "ogrs3_verdict": self.verdict,
            "rsr_to_ogrs3_ratio": None
            if self.rsr_to_ogrs3_ratio is None
            else round(self.rsr_to_ogrs3_ratio, 4),
        }


def run(seconds: float = 1.0, seed: int = 1, say: Say | None = None) -> ScoringFigures:
    """Time every instrument that scores its sample for about ``seconds``; OGRS3 and the bare
    formula alternate over ROUNDS rounds of ``seconds / ROUNDS`` each."""
    payloads, skipped = samples(seed)
    figures = ScoringFigures(seconds, skipped=skipped)
    for code, reason in skipped.items():
        if say:
            say(f"  skipped {code}: {reason}")
    for code, found in payloads.items():
        one_pass = _scorer(code, found)
        one_pass()  # warm: imports, caches, first-call costs
        rate = Rate(len(found))
        if code == OGRS3:
            bare_pass, bare = _bare_pass(linear_predictors(found)), Rate(len(found))
            bare_pass()
            for _ in range(ROUNDS):
                _passes(one_pass, seconds / ROUNDS, rate)
                _passes(bare_pass, seconds / ROUNDS, bare)
            figures.bare = bare
        else:
            _passes(one_pass, seconds, rate)
        figures.rates[code] = rate
        if say:
            say(f"  {code:<21} {rate.per_second:>12,.0f} scores/s")
    return figures
