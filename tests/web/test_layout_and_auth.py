"""Sign in and out, the page layout, and error pages that leak nothing."""

from __future__ import annotations

import pytest

from tests.cast import PASSWORD, World
from tests.web.helpers import error_summary, text

pytestmark = pytest.mark.django_db


def test_login_page_has_no_govuk_branding(client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Four Pillars" in body
    assert "govuk-header__logotype" not in body and "crown" not in body.lower()
    assert "GOV.UK" not in body
    assert "/static/build/application.css" in body


def test_login_with_a_wrong_password_shows_the_error_summary(client, world: World) -> None:
    response = client.post("/login/", {"username": "police", "password": "wrong"})
    assert response.status_code == 200
    assert error_summary(response)
    assert error_summary(response)[0].startswith("#id_username")


def test_login_and_layout_shows_who_is_signed_in(client, world: World) -> None:
    response = client.post("/login/", {"username": "police", "password": PASSWORD}, follow=True)
    body = text(response)
    assert "Signed in as Pat Police (Police offender manager, Northshire Police)" in body
    assert "Sign out" in body


def test_logout_needs_a_post(client_for) -> None:
    client = client_for("police")
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_logout_is_csrf_protected(world: World) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username="police", password=PASSWORD)
    assert client.post("/logout/").status_code == 403


@pytest.mark.parametrize(
    "name,links",
    [
        ("police", ["My cases", "Register a case"]),
        ("housing", ["My cases"]),
        ("auditor", ["Audit trail"]),
        ("admin", ["Administration"]),
    ],
)
def test_navigation_offers_only_what_the_role_may_do(
    client_for, name: str, links: list[str]
) -> None:
    body = client_for(name).get("/").content.decode()
    nav = body.split('id="navigation"')[1].split("</ul>")[0]
    for label in ["My cases", "Register a case", "Audit trail", "Administration"]:
        assert (label in nav) == (label in links), label


def test_404_page_is_in_the_layout(client_for) -> None:
    response = client_for("police").get("/no-such-page/")
    assert response.status_code == 404
    body = text(response)
    assert "Page not found" in body and "Signed in as" in body


def test_403_page_is_in_the_layout(client_for) -> None:
    response = client_for("police").get("/audit/")
    assert response.status_code == 403
    assert "You cannot do this" in text(response)


def test_500_page_renders_without_a_request(world: World) -> None:
    from django.template import loader

    body = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in body


def test_static_assets_are_served(client) -> None:
    response = client.get("/static/build/application.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"GDS Transport" not in css and b"arial" in css.lower()
