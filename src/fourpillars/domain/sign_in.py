"""Signing in: which second step a password leads to, how long an API token lives, and how
a typed one-time code is read (decision 0028).

Sources: [NCSC-MFA] (two factors for services holding sensitive personal data; throttle and
lock out guessing) [M]; [ASVS-4] V2.2 (anti-automation), V2.8 (one-time verifiers), V3.3
(sessions ended on logout and password change) [M]; [WEBAUTHN-3] (W3C Web Authentication
Level 3: relying party id and origins, section 5.1.3 and 13.4.9) [M].
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from urllib.parse import urlsplit

from .errors import DomainValidationError


class SecondStep(StrEnum):
    """What follows a correct password."""

    NONE = "none"  # signed in with the password alone
    CODE = "code"  # the app's code, a security key or passkey, or a recovery code
    SET_UP = "set_up"  # set an authenticator app up first, then signed in


class Factor(StrEnum):
    """What completed a sign-in (kept in its audit row)."""

    PASSWORD = "password"  # noqa: S105 - the name of a factor
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"
    SECURITY_KEY = "security_key"  # a security key or passkey (WebAuthn)


def second_step(*, required: bool, exempt: bool, has_device: bool) -> SecondStep:
    """[NCSC-MFA]: a user with an authenticator app or a security key is always asked for it
    (or a recovery code); a user without either sets an app up before anything else while two
    factors are required, unless exempt (the demo's synthetic cast only)."""
    if has_device:
        return SecondStep.CODE
    if required and not exempt:
        return SecondStep.SET_UP
    return SecondStep.NONE


TOTP_DIGITS = 6
_SEPARATORS = re.compile(r"[\s-]+")


def read_code(raw: object) -> tuple[Factor, str] | None:
    """A typed code as the step that checks it: six digits are an authenticator app's code,
    letters and digits (8 to 16) a recovery code; spaces and hyphens are ignored. None for
    anything else."""
    text = _SEPARATORS.sub("", str(raw or "")).lower()
    if text.isdigit() and len(text) == TOTP_DIGITS:
        return Factor.TOTP, text
    if text.isascii() and text.isalnum() and 8 <= len(text) <= 16:
        return Factor.RECOVERY_CODE, text
    return None


def token_days(days: int | None, *, default: int, maximum: int, field: str = "days") -> int:
    """[ASVS-4] V3.3 [M]: every API token expires; its lifetime in days, ``default`` unless
    given, never more than ``maximum`` (decision 0028)."""
    if days is None:
        return default
    if days < 1 or days > maximum:
        raise DomainValidationError.single(field, f"must be between 1 and {maximum} days")
    return days


KEY_NAME_MAX = 50


def key_name(raw: object) -> str:
    """The name a user gives a security key or passkey, to tell their keys apart on their
    account page: required, at most 50 characters, spaces at either end dropped."""
    text = " ".join(str(raw or "").split())
    if not text:
        raise DomainValidationError.single("name", "enter a name for the security key or passkey")
    if len(text) > KEY_NAME_MAX:
        raise DomainValidationError.single("name", f"must be {KEY_NAME_MAX} characters or fewer")
    return text


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _local(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def origin_problems(rp_id: str, origins: list[str]) -> list[str]:
    """[WEBAUTHN-3] 5.1.3, 13.4.9: what is wrong with a relying party id and the origins keys
    may be used from. The id is a domain, never an IP address (browsers refuse one: WebAuthn
    does not work at http://127.0.0.1); each origin is the id or one of its subdomains, over
    https, or http for localhost alone (a secure context without TLS)."""
    problems: list[str] = []
    if not rp_id or _is_ip_address(rp_id) or not re.fullmatch(r"[a-z0-9.-]+", rp_id):
        problems.append(
            f"FOURPILLARS_WEBAUTHN_RP_ID must be a domain in lower case such as "
            f"register.example.org or localhost, not {rp_id!r}"
        )
    if not origins:
        problems.append("FOURPILLARS_WEBAUTHN_ORIGINS must name at least one origin")
    for origin in origins:
        problems += _origin_problem(rp_id, origin)
    return problems


def _origin_problem(rp_id: str, origin: str) -> list[str]:
    parts = urlsplit(origin)
    host = parts.hostname or ""
    name = f"FOURPILLARS_WEBAUTHN_ORIGINS: {origin!r}"
    if parts.path not in ("", "/") or parts.query or parts.fragment or not host:
        return [f"{name} must be a scheme, a host and a port only, such as https://{rp_id}"]
    if not (parts.scheme == "https" or (parts.scheme == "http" and _local(host))):
        return [f"{name} must use https (http is allowed for localhost alone)"]
    if host != rp_id and not host.endswith("." + rp_id):
        return [f"{name} is not the relying party id {rp_id!r} nor one of its subdomains"]
    return []
