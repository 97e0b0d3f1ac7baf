"""Django settings, all read from environment variables (documented in README.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from gongkai.env import ConfigError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(env_str("GONGKAI_HOME", str(Path.cwd()))).resolve()
VAR_DIR = HOME / "var"
# Uploads, rejects reports, the database and backups live here: the owner's alone.
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)

DEBUG = env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = env_str("GONGKAI_SECRET_KEY")
if not SECRET_KEY:
    # A local, per-installation key: generated once and kept in var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        # Created 0600 from the first byte (no window in which another user could read it).
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(get_random_secret_key())
    SECRET_KEY = key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "gongkai.orgs",
    "gongkai.calendar",
    "gongkai.findings",
    "gongkai.foi",
    "gongkai.publishing",
    "gongkai.standards",
    "gongkai.policies",
    "gongkai.newmedia",
    "gongkai.sitecheck",
    "gongkai.assessment",
    "gongkai.annualreport",
    "gongkai.proofread",
    "gongkai.reports",
    "gongkai.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gongkai.web.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.web.context_processors.permissions",
            ],
        },
    },
]


def private_file(path: Path) -> None:
    """Create `path` readable by its owner only (0600), or take group/other rights away from an
    existing file: the database holds applicants' personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    elif path.stat().st_mode & 0o077 and os.access(path, os.W_OK):
        path.chmod(0o600)


def _database_config() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        url = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 0))
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ConfigError(f"DATABASE_URL={url!r}: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            # SQLite gives its -wal and -shm files the database file's permissions.
            private_file(Path(config["NAME"]))
        config["OPTIONS"] = {
            # WAL lets the web UI read while an import writes; IMMEDIATE avoids lock upgrades.
            # 16 KB pages (set when the file is created, ignored after): a 10 M-row import wrote
            # and checkpointed ~5 s faster than with 4 KB pages.
            # The page cache (GONGKAI_SQLITE_CACHE_MB, default 64) is most of a process's memory
            # that grows with the database, up to this bound.
            "init_command": (
                "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                f" PRAGMA busy_timeout=10000; PRAGMA cache_size=-{env_int('GONGKAI_SQLITE_CACHE_MB', 64) * 1024};"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gongkai.web.security.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("GONGKAI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "gongkai.web.security.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.security.CommonPasswordValidator"},
    {"NAME": "gongkai.web.security.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after N wrong passwords for one login name from one address,
# that pair is locked for the cool-off time; a correct password resets the count.
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GONGKAI_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = env_str("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
# The read API: GET only, a token per account or the browser session, pages of 100.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongkai 政务公开监测考核平台 API",
    "DESCRIPTION": "只读接口：单位、统计表、问题、考核批次与结果、依申请公开（已脱敏）。",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# An idle session ends after this many minutes (each request extends it).
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# HTTPS in production: GONGKAI_HTTPS=1 turns every switch below on; each can be set on its own.
_https = env_bool("GONGKAI_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("GONGKAI_SECURE_COOKIES", _https)
SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", _https)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (and strips the
# client's own): tells Django the request was HTTPS.
if env_bool("GONGKAI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("GONGKAI_USE_X_FORWARDED_HOST", False)
# Uploads above this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Task queue: huey, embedded in SQLite by default; Redis when GONGKAI_REDIS_URL is set.
_redis_url = env_str("GONGKAI_REDIS_URL")
_huey_immediate = env_bool("GONGKAI_TASKS_IMMEDIATE", False)
if _redis_url:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gongkai",
        "url": _redis_url,
        "immediate": _huey_immediate,
    }
else:
    private_file(VAR_DIR / "tasks.sqlite3")
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": _huey_immediate,
    }

# A page a crawl worker claimed but never stored (the worker stopped) is due again after this.
CRAWL_CLAIM_LEASE_SECONDS = env_int("GONGKAI_CRAWL_CLAIM_LEASE_SECONDS", 600)

# Where uploaded import files and generated rejects reports are kept.
IMPORT_DIR = VAR_DIR / "imports"
# Documents built in the background (web/jobs.py), kept for their owner for a week.
JOBS_DIR = VAR_DIR / "jobs"
# Imports larger than this run as a background task with progress shown in the UI.
IMPORT_BACKGROUND_BYTES = env_int("GONGKAI_IMPORT_BACKGROUND_BYTES", 2 * 1024 * 1024)
# Whether a fee notice (国办函〔2020〕109号) pauses the reply clock until payment.
FOI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FOI_FEE_PAUSES_CLOCK", True)
# A file at least this large imported into an empty SQLite table builds its indexes once, at the end.
IMPORT_BULK_BYTES = env_int("GONGKAI_IMPORT_BULK_BYTES", 64 * 1024 * 1024)
# A CSV at least that large is read by two processes (the importer and a helper), on two cores.
IMPORT_PARALLEL = env_bool("GONGKAI_IMPORT_PARALLEL", True)
# SQLite page cache while an import runs (MB): duplicate checks probe the unique indexes at random.
SQLITE_IMPORT_CACHE_MB = env_int("GONGKAI_SQLITE_IMPORT_CACHE_MB", 128)
# SQLite's page cache while crawling: a crawl reads and writes a batch of pages at a time, and a
# large cache only fills with pages not read again (peak memory grows with the site otherwise).
SQLITE_CRAWL_CACHE_MB = env_int("GONGKAI_SQLITE_CRAWL_CACHE_MB", 16)
# How eager the proofreading typo check is: "precise" (few false alarms) or "thorough".
PROOFREAD_TYPOS = env_str("GONGKAI_PROOFREAD_TYPOS", "precise")
if PROOFREAD_TYPOS not in ("precise", "thorough"):
    raise ConfigError(f"GONGKAI_PROOFREAD_TYPOS={PROOFREAD_TYPOS!r}: expected precise or thorough")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "WARNING")},
}
