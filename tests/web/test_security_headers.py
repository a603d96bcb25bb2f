"""Headers and caching: ``Cache-Control: no-store`` on every page, API answer, PDF and CSV file
(static assets keep caching); a Content-Security-Policy with no inline script or style on every
answer, and no inline script, event handler or style attribute in any template; HSTS settable
from the environment (off by default); the API's interactive documentation for signed-in users
only, from the project's own assets, loading nothing from elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client

from fourpillars.services.accounts import issue_token
from tests.cast import World
from tests.factories import submitted_assessment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src/fourpillars"


def csp_of(response: HttpResponse) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def assert_private(response: HttpResponse) -> None:
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache, response["Cache-Control"]


def assert_strict_csp(response: HttpResponse) -> None:
    csp = csp_of(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in v for values in csp.values() for v in values)


def answers(world: World, client_for: Callable[[str], Client]) -> dict[str, HttpResponse]:
    police = client_for("police")
    token = issue_token(user=world.users["police"])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    a = submitted_assessment(world)
    case = world.police_case.pk
    auditor = client_for("auditor").get("/audit/export.csv")
    return {
        "page": police.get(f"/cases/{case}/"),
        "search": police.get("/", {"q": "Kowalski"}),
        "login": Client().get("/login/"),
        "api": api.get(f"/api/v1/cases/{case}"),
        "api error": api.get("/api/v1/cases/999999"),
        "web pdf": police.get(f"/assessments/{a.pk}/summary.pdf"),
        "api pdf": api.get(f"/api/v1/assessments/{a.pk}/summary.pdf"),
        "csv": auditor,
    }


def test_personal_data_is_never_cached_and_every_answer_has_the_csp(
    world: World, client_for: Callable[[str], Client]
) -> None:
    for name, response in answers(world, client_for).items():
        assert response.status_code in {200, 404}, name
        assert_private(response)
        assert_strict_csp(response)


def test_static_assets_keep_caching(client: Client) -> None:
    response = client.get("/static/build/application.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_rendered_pages_hold_no_inline_script(
    world: World, client_for: Callable[[str], Client]
) -> None:
    police = client_for("police")
    case = world.police_case.pk
    for url in ["/", f"/cases/{case}/", f"/cases/{case}/edit/", "/login/"]:
        html = police.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert " style=" not in html, url


TEMPLATES = [
    *SRC.glob("*/templates/**/*.html"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    """What the CSP would refuse in a browser, refused in the source."""
    text = template.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag, tag  # data blocks come from json_script, never written by hand
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text)
    assert "javascript:" not in text
    assert not re.search(r"<style\b|\sstyle\s*=", text)


def test_hsts_is_off_by_default_and_set_behind_tls(
    client: Client, settings: object, world: World
) -> None:
    assert client.get("/login/", secure=True).get("Strict-Transport-Security") is None
    settings.SECURE_HSTS_SECONDS = 31536000  # type: ignore[attr-defined]
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # type: ignore[attr-defined]
    client = Client()  # the security middleware reads its settings when it is made
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/login/").get("Strict-Transport-Security") is None  # plain HTTP: never


def settings_from(env: dict[str, str], names: list[str]) -> list[str]:
    code = (
        "from fourpillars.config import settings as s; "
        f"print(*[repr(getattr(s, n, None)) for n in {names!r}], sep='|')"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FOURPILLARS_HSTS")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout.strip().split("|")


def test_hsts_and_the_tls_proxy_come_from_the_environment() -> None:
    names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER"]
    assert settings_from({}, names) == ["0", "False", "None"]
    env = {
        "FOURPILLARS_HSTS_SECONDS": "63072000",
        "FOURPILLARS_HSTS_PRELOAD": "true",
        "FOURPILLARS_PROXY_TLS": "true",
    }
    assert settings_from(env, names) == [
        "63072000",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
    ]


def test_api_docs_need_sign_in(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/api/v1/docs")


def test_api_docs_load_only_the_projects_own_assets(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("police").get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert_strict_csp(response)
    assert_private(response)
    urls = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "/static/build/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/static/build/swagger-ui/swagger-ui.css" in urls
    assert "/api/v1/openapi.json" in html  # the settings' data block names the document
    for url in urls:
        assert client_for("police").get(url).status_code == 200, url
    assert "cdn" not in html.lower()


def test_the_openapi_document_stays_readable_without_sign_in(client: Client) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 200
