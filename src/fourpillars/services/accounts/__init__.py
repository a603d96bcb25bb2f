"""Users, agencies, areas and API tokens (administration); signing in, passwords and two
factors: an authenticator app, security keys and passkeys, recovery codes (decision 0028)."""

from __future__ import annotations

from . import security_keys, signing_in, two_factor
from .changes import (
    create_agency,
    create_area,
    create_user,
    set_review_intervals,
    set_user_active,
)
from .names import Names, agency_names, full_names, names_for
from .passwords import WrongPassword, change_password, reset_password
from .tokens import issue_token, revoke_token, tokens_of

__all__ = [
    "Names",
    "WrongPassword",
    "agency_names",
    "change_password",
    "create_agency",
    "create_area",
    "create_user",
    "full_names",
    "issue_token",
    "names_for",
    "reset_password",
    "revoke_token",
    "security_keys",
    "set_review_intervals",
    "set_user_active",
    "signing_in",
    "tokens_of",
    "two_factor",
]
