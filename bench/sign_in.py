"""Sign-in with two factors under load (decision 0028): each client GETs /login/ (untimed:
the CSRF token), then the timed sign-in is the password POST and the code POST (a TOTP code
computed from the bench user's secret), each with the CSRF cookie and token; the sign-in counts
as done when the code POST sends the user on (302 to the page asked for).

An authenticator app's code is accepted once per 30-second step for a user, so the bench makes
a pool of users (bench-only bulk set-up: one password hash shared by all, a TOTP device each)
and never signs one user in twice within one step. The password is hashed with the production
hasher (Argon2id, decision 0028), as a real sign-in is. ``hash_costs`` times one password
check with it and with the hasher before it (PBKDF2, Django's default), in this process.
"""

from __future__ import annotations

import http.client
import re
import secrets
import threading
import time
from binascii import unhexlify
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .load import Result

PREFIX = "bench-signin-"
STEP = 30  # seconds of one TOTP code
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Account:
    username: str
    secret_hex: str


def hash_costs(rounds: int = 5) -> dict[str, float]:
    """Processor time of one password check (the median of ``rounds``) with the production
    hasher and with PBKDF2 (the baseline: what a sign-in cost before decision 0028's change),
    and their ratio."""
    import statistics

    from django.contrib.auth.hashers import check_password, make_password

    password = "bench-" + secrets.token_hex(8)
    costs: dict[str, float] = {}
    for name, hasher in (("production_ms", "default"), ("pbkdf2_ms", "pbkdf2_sha256")):
        stored = make_password(password, hasher=hasher)
        times = []
        for _ in range(rounds):
            started = time.process_time()
            if not check_password(password, stored):
                raise RuntimeError(f"the {hasher} check failed")
            times.append((time.process_time() - started) * 1000)
        costs[name] = round(statistics.median(times), 1)
    costs["ratio"] = round(costs["production_ms"] / costs["pbkdf2_ms"], 3)
    return costs


def prepare(count: int, password: str) -> list[Account]:
    """``count`` bench users in police-a, not exempt from two factors, each with a confirmed
    authenticator app of its own secret (made once; kept when the bench database is reused)."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fourpillars.accounts.models import Agency, User

    agency = Agency.objects.get(code="police-a")
    existing = set(
        User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True)
    )
    wanted = [f"{PREFIX}{n:04d}" for n in range(count)]
    hashed = make_password(password)
    User.objects.bulk_create(
        User(
            username=name,
            password=hashed,
            role="police_offender_manager",
            agency=agency,
            first_name="Bench",
            last_name=name[len(PREFIX) :],
        )
        for name in wanted
        if name not in existing
    )
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=hashed)
    TOTPDevice.objects.filter(user__in=users.values()).delete()
    devices = [
        TOTPDevice(
            user=users[name],
            name="Bench app",
            key=secrets.token_hex(20),
            confirmed=True,
            tolerance=1,
        )
        for name in wanted
    ]
    TOTPDevice.objects.bulk_create(devices)
    return [Account(d.user.username, d.key) for d in devices]


def code_at(secret_hex: str, at: float) -> str:
    """The code an authenticator app holding the secret shows at time ``at``."""
    from django_otp.oath import TOTP

    code = TOTP(unhexlify(secret_hex), step=STEP)
    code.time = at
    return f"{int(code.token()):06d}"


class _Pool:
    """Hands each client a user not yet signed in during the current 30-second step."""

    def __init__(self, accounts: list[Account]) -> None:
        self.accounts, self.lock, self.next = accounts, threading.Lock(), 0
        self.used: dict[str, int] = {}

    def take(self) -> Account | None:
        with self.lock:
            step = int(time.time() // STEP)
            for _ in range(len(self.accounts)):
                account = self.accounts[self.next % len(self.accounts)]
                self.next += 1
                if self.used.get(account.username, -10) < step:
                    # spent until the step after next: a sign-in that crosses into the next
                    # step uses that step's code
                    self.used[account.username] = step + 1
                    return account
            return None


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for key, morsel in parsed.items():
            jar[key] = morsel.value


def _send(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    jar: dict[str, str],
    body: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    data = None
    if body is not None:
        data = urlencode(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{conn.port}/login/"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    _cookies(response, jar)
    return response.status, response.headers.get("Location", ""), text


def sign_in_once(
    conn: http.client.HTTPConnection, account: Account, password: str
) -> tuple[bool, float, str]:
    """One two-factor sign-in; (done, milliseconds of the two POSTs, what went wrong)."""
    jar: dict[str, str] = {}
    status, _, page = _send(conn, "GET", "/login/", jar)
    found = _TOKEN.search(page)
    if status != 200 or found is None:
        return False, 0.0, f"login page {status}"
    token = found.group(1)
    started = time.perf_counter()
    status, where, _ = _send(
        conn,
        "POST",
        "/login/",
        jar,
        {
            "csrfmiddlewaretoken": token,
            "username": account.username,
            "password": password,
            "next": "/account/",
        },
    )
    if status != 302 or not where.startswith("/login/code/"):
        return False, 0.0, f"password step {status} {where}"
    code = code_at(account.secret_hex, time.time())
    status, where, _ = _send(
        conn, "POST", "/login/code/", jar, {"csrfmiddlewaretoken": token, "code": code}
    )
    elapsed = (time.perf_counter() - started) * 1000
    if status != 302 or where.startswith("/login/"):
        return False, elapsed, f"code step {status} {where}"
    return True, elapsed, ""


def run(
    port: int,
    accounts: list[Account],
    password: str,
    *,
    clients: int,
    requests: int,
    seconds: float,
) -> Result:
    """At most ``requests`` sign-ins within ``seconds`` from ``clients`` threads."""
    result, lock, pool = Result("sign_in", clients), threading.Lock(), _Pool(accounts)
    deadline = time.monotonic() + seconds
    remaining = [requests]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            account = pool.take()
            if account is None:
                time.sleep(0.2)
                with lock:
                    remaining[0] += 1
                continue
            try:
                done, ms, why = sign_in_once(conn, account, password)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                done, ms, why = False, 0.0, type(exc).__name__
            with lock:
                result.requests += 1
                result.statuses[302 if done else 0] += 1
                if done:
                    result.latencies_ms.append(ms)
                else:
                    result.errors[why[:60]] += 1
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    result.seconds = time.perf_counter() - started
    return result
