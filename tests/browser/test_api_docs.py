"""The API's interactive documentation in a real browser, under the Content-Security-Policy:
Swagger UI from the project's own build shows every route, with no script error, no refused
script or style, and no request to anywhere but this site."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_runs_from_the_site_alone(browser_page, live_server, world: World) -> None:
    page = browser_page
    hosts: set[str] = set()

    def seen(request: object) -> None:
        url = urlparse(request.url)  # type: ignore[attr-defined]
        if url.scheme in {"http", "https", "ws", "wss"}:
            hosts.add(url.netloc)

    page.on("request", seen)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#id_username")  # sign in first
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(".swagger-ui .info .title:has-text('Four Pillars API')")
    page.wait_for_selector(".opblock-summary-path:has-text('/api/v1/cases')")
    assert hosts == {urlparse(live_server.url).netloc}, hosts
    assert page.js_errors == []  # nothing refused by the policy, nothing broken
