"""Django settings, read from the environment (see docs/overview.md for every variable)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp import constants as csp

from fourpillars.db.files import private_database, private_folder
from fourpillars.domain.agencies import Role
from fourpillars.domain.sign_in import origin_problems

from .env import ConfigError, env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("FOURPILLARS_HOME", str(SRC_DIR.parent.parent)))
VAR_DIR = Path(env_str("FOURPILLARS_VAR", str(BASE_DIR / "var")))

DEBUG = env_bool("FOURPILLARS_DEBUG", False)
# The application's own data (SQLite database, keys, generated secrets): its owner only.
private_folder(VAR_DIR)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    key = env_str("FOURPILLARS_SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("FOURPILLARS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FOURPILLARS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Sign-in: lockout and throttling (django-axes), two-factor devices (django-otp: TOTP, and
    # static recovery codes); decision 0028.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Security keys and passkeys as a second factor (django-otp-webauthn's models and its
    # py_webauthn helper; its views, URLs and scripts are not used): decision 0028.
    "django_otp_webauthn",
    "fourpillars.accounts",
    "fourpillars.register",
    "fourpillars.audit",
    "fourpillars.assessments",
    "fourpillars.plans",
    "fourpillars.notifications",
    "fourpillars.meetings",
    "fourpillars.referrals",
    "fourpillars.received",
    "fourpillars.exchange",
    "fourpillars.soa",
    "fourpillars.web",
    "fourpillars.api",
    "fourpillars.cli_commands",
    "django_tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static assets itself: they keep caching, nothing else does.
    "fourpillars.web.middleware.NoStoreMiddleware",
    "fourpillars.web.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication, so that its GOV.UK error page knows who is signed in.
    "fourpillars.web.middleware.RejectNulMiddleware",
    "fourpillars.web.middleware.DatePartsMiddleware",
    "fourpillars.web.middleware.PasswordChangeRequiredMiddleware",
    # Turns a sign-in refused for a lockout into the lockout answer (decision 0028).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fourpillars.config.urls"
WSGI_APPLICATION = "fourpillars.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fourpillars.web.context.service",
            ],
            "builtins": [
                "fourpillars.web.templatetags.dates",
                "fourpillars.web.templatetags.links",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{VAR_DIR / 'fourpillars.sqlite3'}"
    try:
        db: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=env_int("FOURPILLARS_CONN_MAX_AGE", 60))
        )
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is not a database URL I understand: {exc}") from None
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # Made 0600 before SQLite first opens it (decision 0029; db/files.py).
        private_database(db["NAME"], VAR_DIR)
        # IMMEDIATE transactions serialise writers up front (no "database is locked" half-way
        # through the audit chain); WAL lets readers carry on meanwhile.
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        db["CONN_MAX_AGE"] = 0
        # Tests use a file, not shared-cache memory, so that threads and the live server lock
        # the way a real deployment does.
        # One file per test process, so that two suites running at once do not collide.
        db["TEST"] = {"NAME": str(VAR_DIR / f"test-fourpillars-{os.getpid()}.sqlite3")}
    elif db["ENGINE"] == "django.db.backends.postgresql":
        # Server-side binding lets psycopg prepare the statements every request repeats, so
        # PostgreSQL stops re-planning them; measured in `make bench`.
        # JIT off: the app's queries are short, and compiling the access-scoped ones cost more
        # than running them (a police caseload of 11,377 cases: 250-450 ms with JIT, 40 ms
        # without; decision 0030).
        db["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 3,
            "options": env_str("FOURPILLARS_PG_OPTIONS", "-c jit=off"),
        }
    db["ATOMIC_REQUESTS"] = False
    return db


DATABASES = {"default": _database()}


def _database_owner() -> dict[str, object] | None:
    """The owner role's login for migrations (decision 0027): DATABASE_OWNER_URL names the same
    PostgreSQL database as DATABASE_URL, as the role that owns it; `fourpillars migrate` runs
    as that role and then grants the application's role (DATABASE_URL's) what it may do."""
    url = env_str("DATABASE_OWNER_URL", "")
    if not url:
        return None
    try:
        owner = dj_database_url.parse(url)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_OWNER_URL is not a database URL I understand: {exc}") from None
    app = DATABASES["default"]
    if owner["ENGINE"] != "django.db.backends.postgresql" or app["ENGINE"] != owner["ENGINE"]:
        raise ConfigError("DATABASE_OWNER_URL is for PostgreSQL, with DATABASE_URL on PostgreSQL")
    if owner["NAME"] != app["NAME"]:
        raise ConfigError("DATABASE_OWNER_URL must name the same database as DATABASE_URL")
    return {key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}


DATABASE_OWNER = _database_owner()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2id for new and changed passwords; PBKDF2 (Django's default before) still read, and
# upgraded at its owner's next sign-in (decision 0028).
PASSWORD_HASHERS = [
    "fourpillars.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Length, not a common password, not like the username, and a strength estimate (zxcvbn, score
# 3 of 4 by default): "aaaaaaaaaaaa" is long enough and refused (decision 0028).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fourpillars.accounts.password_strength.StrengthValidator"},
]
PASSWORD_MINIMAL_STRENGTH = env_int("FOURPILLARS_PASSWORD_STRENGTH", 3, minimum=0)
if PASSWORD_MINIMAL_STRENGTH > 4:
    raise ConfigError("FOURPILLARS_PASSWORD_STRENGTH must be 0 to 4 (zxcvbn's score)")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("FOURPILLARS_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Built by `npm run build` (GOV.UK Frontend, MoJ Frontend, htmx, axe-core) into static/build/.
STATICFILES_DIRS = [d for d in [SRC_DIR / "static"] if d.exists()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
AUTHENTICATION_BACKENDS = [
    "fourpillars.accounts.backends.LockoutBackend",  # django-axes: a locked sign-in stops here
    "fourpillars.accounts.backends.FourPillarsBackend",
]
# Django's database sessions, each row also naming its user (accounts.UserSession), so that
# deactivating an account or resetting its password ends every session it has at once.
# Shared by every worker; logout ends it.
SESSION_ENGINE = "fourpillars.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("FOURPILLARS_SESSION_SECONDS", 8 * 3600, minimum=60)
SESSION_COOKIE_SECURE = env_bool("FOURPILLARS_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS (decision 0029): HSTS for this many seconds (0, the default and the demo's: off);
# the proxy's X-Forwarded-Proto read only where FOURPILLARS_PROXY_TLS says a proxy sets it.
SECURE_HSTS_SECONDS = env_int("FOURPILLARS_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FOURPILLARS_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("FOURPILLARS_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("FOURPILLARS_SSL_REDIRECT", False)
if env_bool("FOURPILLARS_PROXY_TLS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the reverse proxies whose X-Request-ID is taken as the request's id; from
# anyone else the server's own id is used and the client's is only echoed (decision 0029).
FOURPILLARS_TRUSTED_PROXIES = frozenset(env_list("FOURPILLARS_TRUSTED_PROXIES", []))
# Content-Security-Policy (django-csp; decision 0029): scripts, styles, fonts and images from
# this site only, no inline script or style, never framed, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Sign-in (decision 0028). Two factors: a password, then a code from an authenticator app
# (TOTP) or a recovery code. Required of every account unless FOURPILLARS_TWO_FACTOR=false; the
# demo's synthetic cast alone may sign in with a password (User.two_factor_exempt).
FOURPILLARS_TWO_FACTOR = env_bool("FOURPILLARS_TWO_FACTOR", True)
# How long the code may take after the password, in seconds.
FOURPILLARS_SIGN_IN_CODE_SECONDS = env_int("FOURPILLARS_SIGN_IN_CODE_SECONDS", 300, minimum=30)
OTP_TOTP_ISSUER = env_str("FOURPILLARS_TOTP_ISSUER", "Four Pillars")
# Security keys and passkeys (WebAuthn) as a second factor, in place of a code (decision 0028).
# A key is bound to the relying party id, a domain (never an IP address: browsers refuse one),
# and used only from the origins listed, each the id itself or one of its subdomains, over
# https (http only for localhost). The demo's default: open it at http://localhost:8000, as
# browsers refuse WebAuthn at http://127.0.0.1:8000 whatever the id.
OTP_WEBAUTHN_RP_ID = env_str("FOURPILLARS_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("FOURPILLARS_WEBAUTHN_ORIGINS", ["http://localhost:8000"])
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a second factor only, never instead of a password
_webauthn_problems = origin_problems(OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS)
if _webauthn_problems:
    raise ConfigError("; ".join(_webauthn_problems))
# Lockout and throttling (django-axes): this many failed sign-ins (a wrong password, a wrong
# code, a bad API token) for one username, or from one address, lock that username, or that
# address, for FOURPILLARS_SIGN_IN_LOCKOUT_MINUTES; every attempt while locked is refused, even
# with the right password. The address is the connection's own (REMOTE_ADDR).
AXES_FAILURE_LIMIT = env_int("FOURPILLARS_SIGN_IN_FAILURES", 10, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env_int("FOURPILLARS_SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = "fourpillars.accounts.lockout.parameters"
AXES_LOCKOUT_CALLABLE = "fourpillars.web.views.auth.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts while locked do not extend it
AXES_RESET_ON_SUCCESS = False  # a success elsewhere never clears an address's failures
AXES_DISABLE_ACCESS_LOG = True  # sign-ins and sign-outs are audit rows (services.accounts)
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
AXES_VERBOSE = False
# API tokens: the lifetime of a new token unless its issuer gives one, and the longest allowed.
FOURPILLARS_TOKEN_DAYS = env_int("FOURPILLARS_TOKEN_DAYS", 90, minimum=1)
FOURPILLARS_TOKEN_MAX_DAYS = env_int("FOURPILLARS_TOKEN_MAX_DAYS", 366, minimum=1)
if FOURPILLARS_TOKEN_DAYS > FOURPILLARS_TOKEN_MAX_DAYS:
    raise ConfigError("FOURPILLARS_TOKEN_DAYS cannot be more than FOURPILLARS_TOKEN_MAX_DAYS")

# Unconfirmed MAPPA review intervals ([M]/[U]); an area may override them.
FOURPILLARS_REVIEW_WEEKS = {
    1: env_int("FOURPILLARS_REVIEW_WEEKS_L1", 17, minimum=1),
    2: env_int("FOURPILLARS_REVIEW_WEEKS_L2", 16, minimum=1),
    3: env_int("FOURPILLARS_REVIEW_WEEKS_L3", 8, minimum=1),
}
# Who may approve a plan (decision 0015): "plan-approval-2026.1" (default: a second person,
# never its author) or "plan-approval-2026.1-single" (its author too).
FOURPILLARS_PLAN_APPROVAL = env_str("FOURPILLARS_PLAN_APPROVAL", "plan-approval-2026.1")
FOURPILLARS_SEARCH_LIMIT = env_int("FOURPILLARS_SEARCH_LIMIT", 50, minimum=1)
# The caseload flags a notification period ending within this many days.
FOURPILLARS_NOTIFICATION_DAYS = env_int("FOURPILLARS_NOTIFICATION_DAYS", 90, minimum=1)
# How long a referral may wait for screening: local policy [M] (decision 0018), in working
# days (England and Wales bank holidays excluded) unless FOURPILLARS_REFERRAL_WORKING_DAYS=false.
FOURPILLARS_REFERRAL_TARGET_DAYS = env_int("FOURPILLARS_REFERRAL_TARGET_DAYS", 10, minimum=1)
FOURPILLARS_REFERRAL_WORKING_DAYS = env_bool("FOURPILLARS_REFERRAL_WORKING_DAYS", True)

# Emergency (break-glass) access to a case outside need to know (decision 0030): who may ask
# (role codes; Responsible Authority case managers by default), for how many hours, and the
# fewest characters the reason takes.
FOURPILLARS_BREAK_GLASS_ROLES = env_list(
    "FOURPILLARS_BREAK_GLASS_ROLES",
    ["police_offender_manager", "probation_officer", "prison_officer"],
)
_unknown_roles = sorted(set(FOURPILLARS_BREAK_GLASS_ROLES) - {r.value for r in Role})
if _unknown_roles:
    raise ConfigError(
        f"FOURPILLARS_BREAK_GLASS_ROLES names no such role: {', '.join(_unknown_roles)}"
    )
FOURPILLARS_BREAK_GLASS_HOURS = env_int("FOURPILLARS_BREAK_GLASS_HOURS", 4, minimum=1)
FOURPILLARS_BREAK_GLASS_REASON_MIN = env_int("FOURPILLARS_BREAK_GLASS_REASON_MIN", 20, minimum=1)
# Retention review of closed cases (decision 0030): the policy's version, and optional local
# overrides of the years between reviews and of the minimum time a closed case is kept.
FOURPILLARS_RETENTION_POLICY = env_str("FOURPILLARS_RETENTION_POLICY", "mopi-review-2026.1")
FOURPILLARS_RETENTION_REVIEW_YEARS = env_int("FOURPILLARS_RETENTION_REVIEW_YEARS", 0)
FOURPILLARS_RETENTION_MINIMUM_YEARS = env_int("FOURPILLARS_RETENTION_MINIMUM_YEARS", 0)

# Background jobs (decision 0017): Django's tasks framework (the django-tasks backport) with its
# database backend by default (SQLite or PostgreSQL, nothing else to run); "rq" puts the queue
# in Redis (pip extra "rq"; FOURPILLARS_REDIS_URL); "immediate" runs each task where it is
# enqueued (no worker at all).
TASKS_BACKEND = env_str("FOURPILLARS_TASKS", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ConfigError(
        f"FOURPILLARS_TASKS must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")
elif TASKS_BACKEND == "rq":
    REDIS_URL = env_str("FOURPILLARS_REDIS_URL", "")
    if not REDIS_URL:
        raise ConfigError("FOURPILLARS_TASKS=rq needs FOURPILLARS_REDIS_URL (redis://host:6379/0)")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
# How often the worker enqueues the reminder scan, in seconds.
FOURPILLARS_SCAN_SECONDS = env_int("FOURPILLARS_SCAN_SECONDS", 60, minimum=1)
# How often an idle database worker looks for a task, in milliseconds: the longest a task
# asked for waits to start (a message's sending, decision 0026). Each look is one small query.
FOURPILLARS_WORKER_POLL_MS = env_int("FOURPILLARS_WORKER_POLL_MS", 200, minimum=10)
# Days before its due date that an action is reminded of (local policy [U]; decision 0017).
FOURPILLARS_REMINDER_LEAD_DAYS = env_int("FOURPILLARS_REMINDER_LEAD_DAYS", 7)
# E-mail: the console by default (the demo prints each message); set an SMTP back-end and host
# in production. Links in messages start with FOURPILLARS_SITE_URL.
EMAIL_BACKEND = env_str(
    "FOURPILLARS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("FOURPILLARS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("FOURPILLARS_EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str(
    "FOURPILLARS_EMAIL_FROM", "Four Pillars <no-reply@fourpillars.invalid>"
)
FOURPILLARS_SITE_URL = env_str("FOURPILLARS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Cross-border exchange (decision 0020): this node's country (ISO 3166 alpha-2) and name, and
# the directory that holds its private signing keys (files, never in the database).
FOURPILLARS_NODE_COUNTRY = env_str("FOURPILLARS_NODE_COUNTRY", "GB").upper()
if len(FOURPILLARS_NODE_COUNTRY) != 2 or not FOURPILLARS_NODE_COUNTRY.isalpha():
    raise ConfigError("FOURPILLARS_NODE_COUNTRY must be a two-letter country code, such as GB")
FOURPILLARS_NODE_NAME = env_str(
    "FOURPILLARS_NODE_NAME", "Four Pillars node " + FOURPILLARS_NODE_COUNTRY
)
FOURPILLARS_NODE_AUTHORITY = env_str("FOURPILLARS_NODE_AUTHORITY", "")
# Received risk notifications go to the area their address here names, else to this area
# (its code; empty: the first area by code). Decision 0023.
FOURPILLARS_RECEIVED_DEFAULT_AREA = env_str("FOURPILLARS_RECEIVED_DEFAULT_AREA", "")
FOURPILLARS_NODE_KEY_DIR = Path(env_str("FOURPILLARS_NODE_KEY_DIR", str(VAR_DIR / "node-keys")))
# Signed checkpoints of the audit trail (decision 0027): the append-only file this node keeps
# them in (empty: audit-checkpoints.jsonl beside the node's key files), how often the worker
# makes one (seconds; 0: only on demand, `fourpillars audit-checkpoint`), and the witnesses
# beside the peer nodes: a file (another disk or host mount) and a second database (a URL,
# sqlite:///path or postgres://...). Peers witness unless FOURPILLARS_AUDIT_WITNESS_PEERS=false.
FOURPILLARS_AUDIT_CHECKPOINT_FILE = env_str("FOURPILLARS_AUDIT_CHECKPOINT_FILE", "")
FOURPILLARS_AUDIT_CHECKPOINT_SECONDS = env_int("FOURPILLARS_AUDIT_CHECKPOINT_SECONDS", 3600)
FOURPILLARS_AUDIT_WITNESS_PEERS = env_bool("FOURPILLARS_AUDIT_WITNESS_PEERS", True)
FOURPILLARS_AUDIT_WITNESS_FILE = env_str("FOURPILLARS_AUDIT_WITNESS_FILE", "")
FOURPILLARS_AUDIT_WITNESS_DATABASE_URL = env_str("FOURPILLARS_AUDIT_WITNESS_DATABASE_URL", "")
# Incoming messages older than this (or more than five minutes ahead) are refused.
FOURPILLARS_EXCHANGE_MAX_AGE_HOURS = env_int("FOURPILLARS_EXCHANGE_MAX_AGE_HOURS", 72, minimum=1)
# Sending: attempts before a message becomes a dead letter; backoff base and cap in seconds;
# the HTTP timeout in seconds.
FOURPILLARS_EXCHANGE_MAX_ATTEMPTS = env_int("FOURPILLARS_EXCHANGE_MAX_ATTEMPTS", 8, minimum=1)
FOURPILLARS_EXCHANGE_BACKOFF_BASE = env_int("FOURPILLARS_EXCHANGE_BACKOFF_BASE", 30, minimum=0)
FOURPILLARS_EXCHANGE_BACKOFF_CAP = env_int("FOURPILLARS_EXCHANGE_BACKOFF_CAP", 3600, minimum=1)
FOURPILLARS_EXCHANGE_TIMEOUT = env_int("FOURPILLARS_EXCHANGE_TIMEOUT", 10, minimum=1)
# How many posts of one sending batch wait on peers at once (threads; decision 0025).
FOURPILLARS_EXCHANGE_POSTERS = env_int("FOURPILLARS_EXCHANGE_POSTERS", 4, minimum=1)
# How many messages to one peer go in one post (a JSON list; at most the inbox's 100; 1: one
# message a post, as nodes before decision 0026 read them).
FOURPILLARS_EXCHANGE_PER_POST = env_int("FOURPILLARS_EXCHANGE_PER_POST", 20, minimum=1)
if FOURPILLARS_EXCHANGE_PER_POST > 100:
    raise ConfigError("FOURPILLARS_EXCHANGE_PER_POST must be at most 100 (the inbox's limit)")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FOURPILLARS_LOG_LEVEL", "WARNING")},
}

# SOA 2003 notification and risk notifications abroad (decision 0022): the 24-hour contingency
# contact named in every risk notification this node sends (configurable per deployment).
FOURPILLARS_CONTINGENCY_NAME = env_str(
    "FOURPILLARS_CONTINGENCY_NAME", "Single point of contact for cross-border work"
)
FOURPILLARS_CONTINGENCY_ORGANISATION = env_str(
    "FOURPILLARS_CONTINGENCY_ORGANISATION", "Public Protection Unit"
)
FOURPILLARS_CONTINGENCY_PHONE = env_str("FOURPILLARS_CONTINGENCY_PHONE", "+44 20 7946 0000")
FOURPILLARS_CONTINGENCY_EMAIL = env_str(
    "FOURPILLARS_CONTINGENCY_EMAIL", "spoc.crossborder@example.org"
)
