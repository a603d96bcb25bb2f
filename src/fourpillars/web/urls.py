"""The web UI's URL map, one group per screen (views/ package)."""

from __future__ import annotations

from django.urls import include, path

from .views import (
    account,
    admin,
    audit,
    auth,
    case_edit,
    case_parts,
    cases,
    person_history,
    persons,
    register,
    search,
    security_keys,
    sharing,
)

urlpatterns = [
    path("", search.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("login/code/", auth.code, name="sign-in-code"),
    path("login/set-up/", auth.set_up, name="sign-in-set-up"),
    path("login/security-key/", security_keys.sign_in, name="sign-in-key"),
    path(
        "login/security-key/complete/",
        security_keys.sign_in_complete,
        name="sign-in-key-complete",
    ),
    path("account/", account.home, name="account"),
    path("account/password/", account.change_password, name="account-password"),
    path("account/two-factor/", account.set_up_app, name="account-two-factor"),
    path("account/recovery-codes/", account.recovery_codes, name="account-recovery-codes"),
    path("account/security-keys/new/", security_keys.add, name="account-security-key-new"),
    path(
        "account/security-keys/new/complete/",
        security_keys.add_complete,
        name="account-security-key-added",
    ),
    path(
        "account/security-keys/<int:key_id>/remove/",
        security_keys.remove,
        name="account-security-key-remove",
    ),
    path("tokens/<int:token_id>/revoke/", account.revoke_token, name="token-revoke"),
    path("cases/new/", register.register, name="case-new"),
    path("cases/<int:case_id>/", case_parts.summary, name="case"),
    path("cases/<int:case_id>/person/", case_parts.person, name="case-person"),
    path("cases/<int:case_id>/risk/", case_parts.risk, name="case-risk"),
    path("cases/<int:case_id>/plan/", case_parts.plan, name="case-plan"),
    path("cases/<int:case_id>/timeline/", case_parts.timeline, name="case-timeline"),
    path("cases/<int:case_id>/sharing/", case_parts.sharing, name="case-sharing"),
    path("cases/<int:case_id>/justify/", cases.justify, name="case-justify"),
    path("cases/<int:case_id>/edit/", case_edit.edit_case, name="case-edit"),
    path("cases/<int:case_id>/status/", case_edit.change_status, name="case-status"),
    path("cases/<int:case_id>/share/", sharing.share, name="case-share"),
    path(
        "cases/<int:case_id>/shares/<int:share_id>/revoke/",
        sharing.revoke,
        name="case-share-revoke",
    ),
    path("cases/<int:case_id>/person/edit/", persons.edit_person, name="person-edit"),
    path("cases/<int:case_id>/person/names/new/", persons.add_name, name="person-name-new"),
    path(
        "cases/<int:case_id>/person/identifiers/new/",
        persons.add_identifier,
        name="person-identifier-new",
    ),
    path(
        "cases/<int:case_id>/person/identifiers/<int:identifier_id>/remove/",
        persons.remove_identifier,
        name="person-identifier-remove",
    ),
    path(
        "cases/<int:case_id>/person/addresses/new/",
        person_history.add_address,
        name="person-address-new",
    ),
    path(
        "cases/<int:case_id>/person/convictions/new/",
        person_history.add_conviction,
        name="person-conviction-new",
    ),
    path(
        "cases/<int:case_id>/person/addresses/<int:address_id>/edit/",
        person_history.edit_address,
        name="person-address-edit",
    ),
    path(
        "cases/<int:case_id>/person/addresses/<int:address_id>/remove/",
        person_history.remove_address,
        name="person-address-remove",
    ),
    path(
        "cases/<int:case_id>/person/convictions/<int:conviction_id>/edit/",
        person_history.edit_conviction,
        name="person-conviction-edit",
    ),
    path(
        "cases/<int:case_id>/person/convictions/<int:conviction_id>/remove/",
        person_history.remove_conviction,
        name="person-conviction-remove",
    ),
    path("audit/", audit.trail, name="audit"),
    path("audit/export.csv", audit.export_csv, name="audit-export"),
    path("admin-area/", admin.home, name="admin-home"),
    path("admin-area/users/new/", admin.create_user, name="admin-user-new"),
    path("admin-area/users/<int:user_id>/", admin.user, name="admin-user"),
    path(
        "admin-area/users/<int:user_id>/password/",
        admin.reset_password,
        name="admin-user-password",
    ),
    path("admin-area/users/<int:user_id>/active/", admin.set_active, name="admin-user-active"),
    path("admin-area/agencies/new/", admin.create_agency, name="admin-agency-new"),
    path("admin-area/areas/new/", admin.create_area, name="admin-area-new"),
    path(
        "admin-area/areas/<str:code>/review-intervals/",
        admin.review_intervals,
        name="admin-area-intervals",
    ),
    path("", include("fourpillars.web.urls_rosh")),  # RoSH, instruments, level (decision 0011)
    path("", include("fourpillars.web.urls_plans")),  # plans, actions, decisions (decision 0012)
    path("", include("fourpillars.web.urls_notifications")),  # notifications (decision 0017)
    path("", include("fourpillars.web.urls_meetings")),  # level 2 and 3 meetings (decision 0019)
    path("", include("fourpillars.web.urls_received")),  # from other countries (decision 0023)
    path("", include("fourpillars.web.urls_referrals")),  # referrals, transfers (decision 0018)
    path("", include("fourpillars.web.urls_soa")),  # SOA 2003 notification (decision 0022)
    path("", include("fourpillars.web.urls_exchange")),  # cross-border exchange (decision 0020)
    path("", include("fourpillars.web.urls_security")),  # emergency access, retention (0030)
]
