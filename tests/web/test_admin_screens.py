"""Administration screens: users, agencies, areas, review intervals."""

from __future__ import annotations

import pytest

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.audit.models import AuditEvent
from tests.web.helpers import error_summary, text

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin-area/",
    "/admin-area/users/new/",
    "/admin-area/agencies/new/",
    "/admin-area/areas/new/",
    "/admin-area/areas/A/review-intervals/",
]


@pytest.mark.parametrize("page", PAGES)
def test_admin_pages_open_for_admins(client_for, page: str) -> None:
    assert client_for("admin").get(page).status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ["coordinator", "police", "housing", "auditor"])
def test_admin_pages_are_403_for_others(client_for, page: str, name: str) -> None:
    client = client_for(name)
    assert client.get(page).status_code == 403
    if page != "/admin-area/":  # the list page takes GET only
        assert client.post(page, {}).status_code == 403


def test_anonymous_is_sent_to_login(client_for) -> None:
    assert client_for("anonymous").get("/admin-area/").status_code == 302


def test_django_admin_is_not_enabled(client_for) -> None:
    assert client_for("admin").get("/admin/").status_code == 404


def test_admin_home_lists_users_agencies_and_areas(client_for) -> None:
    body = text(client_for("admin").get("/admin-area/"))
    assert "police Pat Police Police offender manager Northshire Police" in body
    assert "housing-a Northshire Council Housing Local housing authority A" in body
    assert "Area B (Southvale)" in body


def test_create_user(client_for) -> None:
    response = client_for("admin").post(
        "/admin-area/users/new/",
        {
            "username": "newofficer",
            "first_name": "Nia",
            "last_name": "New",
            "role": "probation_officer",
            "agency": "probation-a",
            "password": "a-long-enough-passphrase",
        },
        follow=True,
    )
    assert "User newofficer created." in text(response)
    user = User.objects.get(username="newofficer")
    assert user.role == "probation_officer" and user.agency.code == "probation-a"
    assert AuditEvent.objects.filter(action="create_user").exists()


def test_create_user_errors_name_fields(client_for) -> None:
    response = client_for("admin").post(
        "/admin-area/users/new/",
        {
            "username": "police",
            "role": "",
            "agency": "",
            "password": "short",
        },
    )
    assert response.status_code == 200
    hrefs = {e.split(" ")[0] for e in error_summary(response)}
    assert {"#id_username", "#id_role", "#id_agency", "#id_password"} <= hrefs


def test_deactivate_and_reactivate_user(client_for) -> None:
    client = client_for("admin")
    target = User.objects.get(username="housing")
    response = client.post(
        f"/admin-area/users/{target.pk}/active/", {"active": "false"}, follow=True
    )
    assert "User housing deactivated." in text(response)
    assert not User.objects.get(pk=target.pk).is_active
    client.post(f"/admin-area/users/{target.pk}/active/", {"active": "true"})
    assert User.objects.get(pk=target.pk).is_active
    assert client.get(f"/admin-area/users/{target.pk}/active/").status_code == 405


def test_admin_cannot_deactivate_themself(client_for) -> None:
    admin = User.objects.get(username="admin")
    response = client_for("admin").post(
        f"/admin-area/users/{admin.pk}/active/", {"active": "false"}, follow=True
    )
    assert "you cannot deactivate yourself" in text(response)
    assert User.objects.get(pk=admin.pk).is_active


def test_create_agency_and_area(client_for) -> None:
    client = client_for("admin")
    assert client.post("/admin-area/areas/new/", {"code": "C", "name": "Area C"}).status_code == 302
    assert (
        client.post(
            "/admin-area/agencies/new/",
            {
                "code": "health-c",
                "name": "Area C NHS Trust",
                "kind": "nhs_trust",
                "area": "C",
            },
        ).status_code
        == 302
    )
    assert Agency.objects.get(code="health-c").area.code == "C"
    again = client.post("/admin-area/areas/new/", {"code": "C", "name": "Again"})
    assert "#id_code Code is already taken" in error_summary(again)


def test_set_review_intervals(client_for) -> None:
    client = client_for("admin")
    page = "/admin-area/areas/A/review-intervals/"
    assert "unconfirmed" in text(client.get(page))
    response = client.post(page, {"level_1": "", "level_2": "12", "level_3": "6"})
    assert response.status_code == 302
    area = Area.objects.get(code="A")
    assert (area.review_weeks_l1, area.review_weeks_l2, area.review_weeks_l3) == (None, 12, 6)
    bad = client.post(page, {"level_1": "0", "level_2": "", "level_3": "abc"})
    hrefs = {e.split(" ")[0] for e in error_summary(bad)}
    assert "#id_level_3" in hrefs
    worse = client.post(page, {"level_1": "99"})
    assert any(e.startswith("#id_level_1") for e in error_summary(worse))
    assert client.get("/admin-area/areas/ZZ/review-intervals/").status_code == 404
