"""How passwords are stored (decision 0028): Argon2id with the first of OWASP's recommended
settings ([OWASP-PSCS]: 19 MiB of memory, two passes, one lane). Memory-hard, so a stolen
table costs an attacker's graphics cards more than PBKDF2's million SHA-256 rounds would, and
about a tenth of PBKDF2's processor time a sign-in here, so that ten people signing in at once
do not queue behind each other. A password stored with any other setting (PBKDF2 from before,
or other Argon2 settings) is checked as it was stored and stored again this way when its owner
next signs in (Django's own upgrade on a successful check)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
