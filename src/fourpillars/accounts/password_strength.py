"""The password policy's strength estimate (decision 0028): django-zxcvbn-password-validator,
which zxcvbn's own failure on an empty password (an IndexError) would turn into a 500. An
empty password is the length rule's to refuse, so this one leaves it alone."""

from __future__ import annotations

from typing import Any

from django_zxcvbn_password_validator import ZxcvbnPasswordValidator


class StrengthValidator(ZxcvbnPasswordValidator):  # type: ignore[misc]
    def validate(self, password: str, user: Any = None) -> None:
        if password:
            super().validate(password, user)
