"""The OpenAPI document is true: schemathesis drives the API in-process (Django's WSGI
application: no server, no network) from what /api/v1/openapi.json says, with every one of its
checks, so that drift between the document and the API fails the build (decision 0029).

Bounded to ``MAX_EXAMPLES`` generated requests per operation and phase, a fixed seed (the same
requests every run), the co-ordinator's bearer token; on both databases in CI.

- The documented examples must be accepted as they are (2xx, or 404 for a record the test
  database does not hold): an example is a request a reader may copy.
- Generated requests: every answer's status is one the document lists, its body matches the
  documented schema, no 500, no request the schema forbids is accepted, authentication is never
  ignored. A request the schema allows may still be refused with 422 naming the field: the
  bodies are deliberately permissive and the services own each rule (api/inputs.py), which the
  document says of every write (422 is listed on each).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from fourpillars.accounts.models import ApiToken
from fourpillars.services.accounts import issue_token
from tests.cast import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 5
# Generated requests: the services' own refusals (422) and edit conflicts (409) count as
# accepting the request's shape; a record that is not there (or hidden) is 404.
ACCEPTED = ["2xx", "401", "403", "404", "409", "422", "428"]
# Documented examples: nothing but a success, or a record the test database does not hold.
EXAMPLE_ACCEPTED = ["2xx", "404"]

GENERATION = {"max-examples": MAX_EXAMPLES, "database": "none", "allow-extra-parameters": False}


def config(*, examples: bool) -> SchemathesisConfig:
    """The documented examples alone, strictly; or generated requests alone (so that each
    runs on a database of its own: an example sent twice would be a duplicate registration)."""
    accepted = EXAMPLE_ACCEPTED if examples else ACCEPTED
    return SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "generation": GENERATION,
            "checks": {"positive_data_acceptance": {"expected-statuses": accepted}},
            "phases": {
                "examples": {"enabled": examples},
                "coverage": {"enabled": not examples},
                "fuzzing": {"enabled": not examples},
                "stateful": {"enabled": False},
            },
        }
    )


app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config(examples=False))
examples = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config(examples=True))
# The co-ordinator's token in every test database (issued under this key by ``token``): known
# before any request is generated, as schemathesis applies it while it builds them.
KEY = "fp_schemathesis-conformance-token-0000000000"


class BearerToken:
    """The co-ordinator's token, sent the way the document's security scheme says; schemathesis
    leaves it out where it checks that authentication is not ignored."""

    def get(self, case: schemathesis.Case, context: Any) -> str:
        return KEY

    def set(self, case: schemathesis.Case, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


schema.auth(refresh_interval=None)(BearerToken)
examples.auth(refresh_interval=None)(BearerToken)


@pytest.fixture
def token(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The co-ordinator's bearer token ``KEY``, with the test's database connection kept open
    across requests: the WSGI handler would close it after each one (Django's test client does
    the same)."""
    monkeypatch.setattr(ApiToken, "new_key", staticmethod(lambda: KEY))
    # Schemathesis sends bad credentials on purpose, many times: the sign-in lockout (tested
    # on its own, tests/api/test_tokens.py) would answer 429 to the rest of the run.
    monkeypatch.setattr(django_settings, "AXES_FAILURE_LIMIT", 10**6)
    assert issue_token(user=world.users["coordinator"], name="schemathesis") == KEY
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield KEY
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@examples.parametrize()
@settings(suppress_health_check=SUPPRESSED)
def test_every_documented_example_is_a_valid_request(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate()


@schema.parametrize()
@settings(suppress_health_check=SUPPRESSED)
def test_the_api_does_what_its_document_says(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate()


def test_no_two_schemas_share_a_name() -> None:
    """The document names each schema by its class: two classes of one name would make one of
    them describe the other's answers (a case's notification period read as an SOA
    notification)."""
    from ninja import Schema

    seen: dict[str, set[str]] = {}

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("fourpillars."):
                seen.setdefault(sub.__name__, set()).add(sub.__module__)
            walk(sub)

    walk(Schema)
    assert {name: mods for name, mods in seen.items() if len(mods) > 1} == {}
