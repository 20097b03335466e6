"""The one settings file. Every deployment difference is read from the environment.

With nothing set, the quickstart defaults serve: a SQLite file, tasks run
in-process, email printed on the console. Set DATABASE_URL and
CELERY_BROKER_URL for PostgreSQL and Redis, and DEBUG=false for production,
which switches on every setting that `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-fundtracker-development-key-only"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set to a secret value when DEBUG is false.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "csp",
    "axes",
    "deals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "deals.middleware.RejectNullCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "deals.middleware.DatabaseUnavailableMiddleware",
    "deals.middleware.SiteNotFoundMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by its backend into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fundtracker.urls"
WSGI_APPLICATION = "fundtracker.wsgi.application"

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
                "deals.context_processors.roles",
                "deals.context_processors.csp_nonce",
                "deals.context_processors.page_cache",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Axes checks lockouts before any other backend gets to check a password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for a
# while; keying on the pair means an attacker cannot lock a colleague out from
# elsewhere. One address is also capped across all usernames (deals/throttle.py), so
# it cannot try four passwords on every account.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
if not 0 < AXES_FAILURE_LIMIT <= AXES_ADDRESS_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_ADDRESS_FAILURE_LIMIT must be at least AXES_FAILURE_LIMIT.")
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "deals.throttle.AddressCappedHandler"
# Behind reverse proxies every request arrives from the nearest proxy, and the throttle
# would count all clients as one address. TRUSTED_PROXY_COUNT is the number of proxies
# in front of Django that each append to X-Forwarded-For; the client address is then
# read from that header (django-ipware, strict: only when the header holds exactly the
# entries those proxies add, so a client cannot choose its address by sending one).
# 0, the default: the header is ignored and the connection's address is the client's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT cannot be negative.")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
# ipware counts the proxies whose addresses the header holds: all but the nearest one.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Not its version banner on every manage.py command, nor a line per successful login;
# lockouts and failed attempts are still logged as warnings.
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "deals:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in the quickstart, the mail catcher under compose, SMTP in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FundTracker <alerts@fundtracker.local>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Celery: without a broker the tasks run in-process, so the quickstart needs no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None

# Rendered fragments of the reading pages ({% cache %}, deals/page_cache.py), dropped on every
# write of a fact. In Redis when there is one, so that all web processes share one
# facts version; in process memory for the quickstart's single process.
PAGE_CACHE_URL = env.str(
    "PAGE_CACHE_URL", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
PAGE_CACHE_ALIAS = "pages"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    PAGE_CACHE_ALIAS: (
        {
            "BACKEND": "deals.page_cache.TolerantRedisCache",
            "LOCATION": PAGE_CACHE_URL,
            "KEY_PREFIX": "ft-pages",
            # A Redis that is down must cost a page milliseconds, not a timeout.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if PAGE_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    ),
    # What editors' pages (and every page with PAGE_CACHE_ENABLED off) cache in: nothing.
    "uncached": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged after it ran and requeued when its worker dies, so a
# killed worker loses nothing; every task is idempotent for that reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Countdowns and leases stay well below this, or Redis would redeliver early.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Ingest: the fetch guard refuses private and loopback addresses unless allowed.
FETCH_ALLOW_PRIVATE = env.bool("FETCH_ALLOW_PRIVATE", default=False)
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=15.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
# Redis forgets its queue on a restart and a killed worker's task may never come
# back, so PostgreSQL is the truth: the sweep re-queues an article left pending or
# fetched longer than this. It must outlast the hard time limit, or an article still
# being worked on would be handed to a second worker.
INGEST_STALE_AFTER_SECONDS = env.int("INGEST_STALE_AFTER_SECONDS", default=900)
if INGEST_STALE_AFTER_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("INGEST_STALE_AFTER_SECONDS must exceed CELERY_TASK_TIME_LIMIT.")
# An article whose work was started this many times without finishing (it hit the
# hard time limit, or took its worker down) is failed instead of tried again.
INGEST_MAX_ATTEMPTS = env.int("INGEST_MAX_ATTEMPTS", default=5)
# First wait before a task retries a database outage; doubled each try, with jitter.
INGEST_DB_RETRY_SECONDS = env.int("INGEST_DB_RETRY_SECONDS", default=5)

# Alerts fire at this local hour on the day after a watched milestone's range ends.
ALERT_HOUR = env.int("ALERT_HOUR", default=8)
if not 0 <= ALERT_HOUR <= 23:
    raise ImproperlyConfigured("ALERT_HOUR must be between 0 and 23.")
# A sender holds a claimed alert this long; past it, the sweep hands the row to another.
ALERT_LEASE_SECONDS = env.int("ALERT_LEASE_SECONDS", default=300)
ALERT_BACKOFF_SECONDS = env.int("ALERT_BACKOFF_SECONDS", default=60)
ALERT_BACKOFF_MAX_SECONDS = env.int("ALERT_BACKOFF_MAX_SECONDS", default=1800)
# Milestones that fell due longer ago than this are not alerted on any more.
ALERT_LOOKBACK_DAYS = env.int("ALERT_LOOKBACK_DAYS", default=30)
ALERT_SWEEP_BATCH = env.int("ALERT_SWEEP_BATCH", default=500)

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# A form body over this size is a 400 before any view runs (a 50 MB paste);
# file parts are not counted here, so the add-article form caps uploads itself
# at FETCH_MAX_BYTES, with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Content Security Policy: no inline script anywhere. The only script tags are the
# htmx ones, which carry the per-request nonce ({% htmx_script %} reads it from the
# context), and htmx itself is told not to eval or run swapped-in scripts
# (the htmx-config meta tag in base.html), so user text can never become code.
# The read-only API (deals/api): Bearer keys for scripts, the session for the docs
# page's "Try it out"; signed-in only; pages of rounds by cursor.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "deals.api.authentication.BearerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="2000/hour")
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="60/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "FundTracker API",
    "DESCRIPTION": "Read-only: companies, investors, rounds (with participations and "
    "sources) and milestones. Send the header Authorization: Bearer, then a key made "
    "on the Preferences page (or sign in to the site in this browser).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's files from the sidecar package: no CDN, which the CSP would refuse.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # amount_qualifier and valuation_qualifier share one set of choices: one enum.
    "ENUM_NAME_OVERRIDES": {"QualifierEnum": "deals.models.choices.Qualifier"},
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django gives its logger a console handler of its own; propagating to the root's
    # as well printed every line twice ("Watching for file changes" in the quickstart).
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        # django-axes logs every successful login at INFO; its warnings (failed
        # attempts, lockouts) are the ones worth a line.
        "axes": {"level": "WARNING"},
    },
}
