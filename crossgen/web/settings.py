"""Crossgen settings: one module, every value from the environment.

Defaults give the embedded demo (SQLite, console email, in-process background
work). Production sets DEBUG=false, SECRET_KEY, DATABASE_URL (PostgreSQL),
ALLOWED_HOSTS and CELERY_BROKER_URL (Redis); see .env.example.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG: bool = env.bool("DEBUG", default=False)
_INSECURE_DEV_KEY = "django-insecure-crossgen-demo-only-never-use-in-production-0123456789"
SECRET_KEY: str = env.str("SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for the local demo).")

ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "crossgen.accounts",
    "crossgen.tenancy",
    "crossgen.people",
    "crossgen.skills",
    "crossgen.roster",
    "crossgen.audit",
    "crossgen.demo",
    "crossgen.programs",
    "crossgen.matchmaking",
    "crossgen.notifications",
    "crossgen.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "crossgen.web.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "crossgen.tenancy.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crossgen.web.urls"
WSGI_APPLICATION = "crossgen.web.wsgi.application"

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
                "crossgen.tenancy.context_processors.membership",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'crossgen.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE transactions and a
    # busy timeout make concurrent writers wait instead of failing with
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures for one account from one address lock that
# pair out for a quarter of an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "crossgen.accounts.throttling.attempted_account"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Security -----------------------------------------------------------------
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE: bool = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE: bool = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD: bool = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {
        # Uploaded roster files are private: kept under var/, never served.
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "uploads")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ----------------------------------------------------------------------
# EMAIL_BACKEND is "console" (prints messages: the demo), "smtp" (production)
# or "locmem" (kept in memory: tests).
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend: str = env.str("EMAIL_BACKEND", default="console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    raise environ.ImproperlyConfigured(f"EMAIL_BACKEND must be one of {sorted(_EMAIL_BACKENDS)}.")
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": _EMAIL_BACKENDS[_email_backend]}}
if _email_backend == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Crossgen <crossgen@localhost>")

# --- Background work --------------------------------------------------------------
# Without a broker, tasks run in-process (the embedded default); production
# points CELERY_BROKER_URL at Redis and runs `celery -A crossgen.web worker`.
CELERY_BROKER_URL: str = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND: str | None = env.str("CELERY_RESULT_BACKEND", default=None) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- Crossgen -------------------------------------------------------------------
# Scheme and host put in front of links in emails sent by background jobs
# (introductions), which have no request to take them from.
SITE_URL: str = env.str("SITE_URL", default="").rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise environ.ImproperlyConfigured(
        f"SITE_URL must start with https:// (or http://), not {SITE_URL!r}."
    )
# The matcher stops improving after about this many seconds and reports its
# proven gap on the review page (0: no limit).
MATCHING_TIME_BUDGET_SECONDS: float = env.float("MATCHING_TIME_BUDGET_SECONDS", default=20.0)
if MATCHING_TIME_BUDGET_SECONDS < 0:
    raise environ.ImproperlyConfigured("MATCHING_TIME_BUDGET_SECONDS must be 0 (no limit) or more.")
# Without a broker, background jobs run on a thread of the web process (the
# demo shows progress); false runs them inline, inside the request.
MATCHING_IN_BACKGROUND_THREAD: bool = env.bool("MATCHING_IN_BACKGROUND_THREAD", default=True)
ROSTER_MAX_UPLOAD_BYTES: int = env.int("ROSTER_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
ROSTER_MAX_ROWS: int = env.int("ROSTER_MAX_ROWS", default=200_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
