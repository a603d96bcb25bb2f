"""Helpers for the web tests: form payloads and page text."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse

from fourpillars.domain.identifiers import pnc_check_letter


def pnc(year: int = 2004, serial: int = 12345) -> str:
    """A valid PNC ID (check letter computed as the PNC does)."""
    s = f"{serial:07d}"
    return f"{year}/{s}{pnc_check_letter(str(year)[2:], s)}"


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def date_parts(name: str, iso: str) -> dict[str, str]:
    """A date as the GOV.UK date input posts it: ``<name>-day``, ``-month``, ``-year``
    (``2026-03-07`` -> 7, 3, 2026; an empty date posts three empty boxes)."""
    match = ISO_DATE.fullmatch(iso)
    if match is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    year, month, day = match.groups()
    return {f"{name}-day": str(int(day)), f"{name}-month": str(int(month)), f"{name}-year": year}


def posted(data: Mapping[str, Any], *dates: str) -> dict[str, Any]:
    """``data`` with each named date (given as ISO, a date or "") split into its three boxes."""
    out = {k: v for k, v in data.items() if k not in dates}
    for name in dates:
        value = data.get(name) or ""
        out.update(date_parts(name, value.isoformat() if hasattr(value, "isoformat") else value))
    return out


REGISTER_DATES = (
    "person-date_of_birth",
    "address-from_date",
    "address-to_date",
    "conviction-date",
    "case-start_date",
    "case-next_review_date",
    "case-disposal_date",
)


def register_data(**overrides: str) -> dict[str, str]:
    """A complete, valid registration as the browser would post it (prefixed fields; dates as
    day, month and year boxes; overrides of a date given as ISO)."""
    data = {
        "name-family_name": "Nowak",
        "name-given_names": "Piotr",
        "alias-family_name": "",
        "alias-given_names": "",
        "person-date_of_birth": "1979-02-03",
        "person-sex": "male",
        "person-nationalities": "PL, GB",
        "identifier-kind": "pnc",
        "identifier-value": pnc(2004, 777),
        "identifier-country": "",
        "address-line1": "5 Mill Lane",
        "address-line2": "",
        "address-town": "Northtown",
        "address-postcode": "NT2 2BB",
        "address-country": "GB",
        "address-from_date": "2023-04-01",
        "address-to_date": "",
        "conviction-date": "2016-07-08",
        "conviction-court": "Northtown Crown Court",
        "conviction-country": "GB",
        "conviction-offence_text": "Rape",
        "conviction-ecris_code": "1001 00",
        "conviction-completion": "C",
        "conviction-participation": "M",
        "conviction-sentence": "8 years' imprisonment",
        "case-category": "1",
        "case-level": "2",
        "case-lead_agency": "police-a",
        "case-start_date": "2025-01-10",
        "case-next_review_date": "",
        "case-disposal": "custody",
        "case-disposal_date": "2016-07-08",
        "case-custody_months": "96",
        "case-discharge_months": "",
    }
    data.update(overrides)
    return posted(data, *REGISTER_DATES)


def text(response: HttpResponse) -> str:
    """The page's visible text, tags removed and whitespace collapsed (for readable asserts)."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def error_summary(response: HttpResponse) -> list[str]:
    """The links in the GOV.UK error summary, as (href text) strings."""
    body = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', body, flags=re.S)
    if not match:
        return []
    return [
        f"{href} {html.unescape(label)}"
        for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', match.group(1))
    ]
