"""Settings, read from the environment.

ZHENGGAI_ENV        local (default) | demo | production
ZHENGGAI_DEBUG      off unless asked for
ZHENGGAI_SECRET_KEY required in production; elsewhere a random per-install key is kept
                    in ZHENGGAI_DATA_DIR/secret_key
DATABASE_URL        default: SQLite file zhenggai.sqlite3 in the working directory;
                    postgres://… for PostgreSQL (psycopg 3)
ZHENGGAI_DATA_DIR   where uploads and the generated key live (default ./var), outside the
                    web root
ZHENGGAI_ALLOWED_HOSTS  comma-separated (default 127.0.0.1,localhost)
ZHENGGAI_STORAGE    filesystem (default: folders of ZHENGGAI_DATA_DIR/media) | s3 (an
                    S3-compatible bucket: ZHENGGAI_S3_ENDPOINT, _BUCKET, _ACCESS_KEY,
                    _SECRET_KEY, _REGION, _PREFIX, _ADDRESSING, _CA_BUNDLE)
ZHENGGAI_REDIS_URL  the shared cache in Redis (default: the database's cache table)
ZHENGGAI_TODAY      pins the clock to a day (2018-11-27) or an ISO datetime (not in
                    production); `zhenggai demo` pins it to its report's date
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhenggai.env import (
    check_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    generated_secret,
)
from zhenggai.lib.clock import parse_pin
from zhenggai.lib.storage import filesystem_storages, s3_storages

PACKAGE_DIR = Path(__file__).resolve().parent

ENV = env_choice("ZHENGGAI_ENV", ("local", "demo", "production"), "local")
PRODUCTION = ENV == "production"
DEBUG = env_bool("ZHENGGAI_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("ZHENGGAI_DEBUG cannot be on when ZHENGGAI_ENV=production")

DATA_DIR = Path(env_str("ZHENGGAI_DATA_DIR", "var")).resolve()

SECRET_KEY = env_str("ZHENGGAI_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("ZHENGGAI_SECRET_KEY must be set when ZHENGGAI_ENV=production")
    SECRET_KEY = generated_secret(DATA_DIR / "secret_key")
elif PRODUCTION:
    check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ZHENGGAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ZHENGGAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Only for its bundled Swagger UI files: the API docs must load without a CDN.
    "ninja",
    "zhenggai.accounts",
    "zhenggai.organisations",
    "zhenggai.units",
    "zhenggai.inspections",
    "zhenggai.tasks",
    "zhenggai.audit",
    "zhenggai.reporting",
    "zhenggai.feedback",
    "zhenggai.search",
    "zhenggai.ledger",
    "zhenggai.items",
    "zhenggai.spreadsheet",
    "zhenggai.api",
    "zhenggai.documents",
    "zhenggai.indicators",
    "zhenggai.publication",
    "zhenggai.meetings",
    "zhenggai.accountability",
    "zhenggai.briefings",
    "zhenggai.rhythm",
    "zhenggai.inbox",
    "zhenggai.dashboard",
    "zhenggai.rollups",
    "zhenggai.todo",
]

MIDDLEWARE = [
    # First, so that every response carries its headers, static files (WhiteNoise) too.
    "zhenggai.lib.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhenggai.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhenggai.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "zhenggai.urls"
WSGI_APPLICATION = "zhenggai.wsgi.application"
# Django's form renderer, with selects and inputs drawn without a template per option.
FORM_RENDERER = "zhenggai.lib.widgets.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with its paths remembered (zhenggai/lib/urltag.py).
            "builtins": ["zhenggai.lib.urltag"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "sqlite:///zhenggai.sqlite3"),
        conn_max_age=env_int("ZHENGGAI_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker) share one file: wait for a lock rather than fail,
    # and take the write lock at BEGIN so two writers cannot deadlock on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Django's, loading the session's user with their organisation (zhenggai.access scopes by it).
AUTHENTICATION_BACKENDS = ["zhenggai.accounts.backends.Backend"]
LOGIN_URL = "login"
# Everyone lands on 我的待办.
LOGIN_REDIRECT_URL = "/todo/"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("ZHENGGAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# The day the system stands on (zhenggai/lib/clock.py): `2018-11-27` or an ISO datetime;
# the demo stands on its report's date. Never in production, whose day is the real one.
CLOCK_PIN = parse_pin(env_str("ZHENGGAI_TODAY"), TIME_ZONE)
if PRODUCTION and CLOCK_PIN is not None:
    raise ImproperlyConfigured("ZHENGGAI_TODAY cannot be set in production")

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns about a missing STATIC_ROOT even when it serves from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the installed packages' static folders: no collectstatic step to
# forget on an intranet install, and nothing ever comes from a CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = DATA_DIR / "media"

# Files (zhenggai/lib/storage.py): evidence and document versions, the stored renditions
# of frozen documents, uploads waiting for confirmation. Folders of MEDIA_ROOT on one
# machine; one S3-compatible bucket (MinIO, Ceph, OSS) for several application servers.
FILE_STORAGE = env_choice("ZHENGGAI_STORAGE", ("filesystem", "s3"), "filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if FILE_STORAGE == "s3":
    S3 = {
        "endpoint": env_str("ZHENGGAI_S3_ENDPOINT"),
        "bucket": env_str("ZHENGGAI_S3_BUCKET"),
        "access_key": env_str("ZHENGGAI_S3_ACCESS_KEY"),
        "secret_key": env_str("ZHENGGAI_S3_SECRET_KEY"),
        "region": env_str("ZHENGGAI_S3_REGION"),
        "prefix": env_str("ZHENGGAI_S3_PREFIX"),
        "addressing_style": env_choice(
            "ZHENGGAI_S3_ADDRESSING", ("path", "virtual", "auto"), "path"
        ),
        "ca_bundle": env_str("ZHENGGAI_S3_CA_BUNDLE"),
    }
    if not S3["bucket"]:
        raise ImproperlyConfigured("ZHENGGAI_STORAGE=s3 needs ZHENGGAI_S3_BUCKET")
    STORAGES.update(s3_storages(S3))
else:
    STORAGES.update(filesystem_storages())

# The cache, shared by every process: Redis where ZHENGGAI_REDIS_URL is set, otherwise a
# table of the database (created by a migration of zhenggai.lib). Never one process's
# memory: two servers must see the same counts and locks.
REDIS_URL = env_str("ZHENGGAI_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("ZHENGGAI_CACHE_PREFIX", "zhenggai"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zhenggai_cache",
        }
    }
# Sessions are rows of the database: every server sees every sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
UPLOAD_MAX_BYTES = env_int("ZHENGGAI_UPLOAD_MAX_MB", 20) * 1024 * 1024
# An Excel ledger is inspected before it is parsed (spreadsheet/ledger_read.py): a small
# file may unpack to gigabytes.
IMPORT_MAX_ROWS = env_int("ZHENGGAI_IMPORT_MAX_ROWS", 10000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("ZHENGGAI_IMPORT_MAX_UNCOMPRESSED_MB", 64) * 1024 * 1024
IMPORT_MAX_SHEET_BYTES = env_int("ZHENGGAI_IMPORT_MAX_SHEET_MB", 32) * 1024 * 1024
IMPORT_MAX_RATIO = env_int("ZHENGGAI_IMPORT_MAX_RATIO", 200)
# The API's cap on a text (lib/inputs.TEXT_MAX) is the default.
IMPORT_MAX_CELL_CHARS = env_int("ZHENGGAI_IMPORT_MAX_CELL_CHARS", 20000)

# Sign-in (zhenggai/accounts/login.py): lockout per account, throttle per address.
LOGIN_MAX_FAILURES = env_int("ZHENGGAI_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("ZHENGGAI_LOGIN_LOCK_MINUTES", 30)
LOGIN_ADDRESS_MAX_FAILURES = env_int("ZHENGGAI_LOGIN_ADDRESS_MAX_FAILURES", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("ZHENGGAI_LOGIN_ADDRESS_WINDOW_MINUTES", 15)

# Sessions: an idle timeout and an absolute lifetime (zhenggai/accounts/middleware.py).
SESSION_IDLE_MINUTES = env_int("ZHENGGAI_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = env_int("ZHENGGAI_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS. Production is secure by default, for a TLS-terminating proxy that sets
# X-Forwarded-Proto; each relaxation is a documented setting and is logged at start
# (zhenggai/accounts/apps.py).
HTTPS = env_bool("ZHENGGAI_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ZHENGGAI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("ZHENGGAI_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZHENGGAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ZHENGGAI_HSTS_PRELOAD", True)
if env_bool("ZHENGGAI_BEHIND_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZHENGGAI_LOG_LEVEL", "WARNING")},
}

DEMO_PASSWORD = env_str("ZHENGGAI_DEMO_PASSWORD", "demo")

# Public feedback (意见建议): how many messages one client address may send, and — behind
# a reverse proxy, where REMOTE_ADDR is the proxy — which header carries the client's
# address (e.g. HTTP_X_REAL_IP). Addresses are only ever stored as a keyed hash.
FEEDBACK_PER_10_MINUTES = env_int("ZHENGGAI_FEEDBACK_PER_10_MINUTES", 5)
FEEDBACK_PER_DAY = env_int("ZHENGGAI_FEEDBACK_PER_DAY", 20)
CLIENT_IP_HEADER = env_str(
    "ZHENGGAI_CLIENT_IP_HEADER", env_str("ZHENGGAI_FEEDBACK_CLIENT_IP_HEADER", "REMOTE_ADDR")
)

# Mail (reminders): sent by `zhenggai worker` from the outbox over SMTP. A server that is
# down delays mails (retried with backoff up to MAIL_MAX_ATTEMPTS) and loses none.
EMAIL_BACKEND = env_str("ZHENGGAI_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhenggai@localhost")
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[整改] ")
ZHENGGAI_BASE_URL = env_str("ZHENGGAI_BASE_URL", "")
# For ZHENGGAI_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the demo).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
MAIL_MAX_ATTEMPTS = env_int("ZHENGGAI_MAIL_MAX_ATTEMPTS", 12)
MAIL_RETRY_BASE_SECONDS = env_int("ZHENGGAI_MAIL_RETRY_BASE_SECONDS", 60)
MAIL_RETRY_MAX_SECONDS = env_int("ZHENGGAI_MAIL_RETRY_MAX_SECONDS", 6 * 3600)

# Work-messaging channels (企业微信, 钉钉, JSON webhooks; zhenggai/inbox/channels.py): each
# request waits at most WEBHOOK_TIMEOUT seconds; a message is retried with the mail's
# backoff and marked failed after WEBHOOK_MAX_ATTEMPTS; no channel gets more than
# WEBHOOK_PER_MINUTE messages a minute (both robots refuse more than 20).
WEBHOOK_TIMEOUT = env_int("ZHENGGAI_WEBHOOK_TIMEOUT", 5)
WEBHOOK_MAX_ATTEMPTS = env_int("ZHENGGAI_WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_PER_MINUTE = env_int("ZHENGGAI_WEBHOOK_PER_MINUTE", 20)
# The local hour (0-23) from which the daily digest mail goes out.
DIGEST_HOUR = env_int("ZHENGGAI_DIGEST_HOUR", 8)

# The rhythm (zhenggai/rhythm): traffic lights and the reminder worker.
# Yellow: a deadline (item, due report, notice reply) within this many days.
RHYTHM_YELLOW_DAYS = env_int("ZHENGGAI_RHYTHM_YELLOW_DAYS", 2)
# Seconds between two rounds of `zhenggai worker`.
RHYTHM_WORKER_INTERVAL = env_int("ZHENGGAI_WORKER_INTERVAL", 60)
