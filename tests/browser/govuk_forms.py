"""Signing in and filling a GOV.UK date input in the browser: shared by the browser tests of
SOA notification and the cross-border journey."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.cast import PASSWORD


def sign_in(page: Any, url: str, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))
