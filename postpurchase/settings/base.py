"""Settings shared by every environment, read from the environment (12-factor).

Nothing set gives the embedded default: SQLite and Celery's filesystem broker under ``var/``,
email written to ``var/mail/``. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("POSTPURCHASE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded default keeps its database, broker queue, media and mail here; make sure the folders exist
# so that a fresh clone works with manage.py alone.
for _folder in ("broker/queue", "broker/processed", "broker/control", "mail", "media", "static"):
    (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)

# "local", "test" or "production": lets commands such as seed_demo refuse to run where they must not.
ENVIRONMENT = "local"
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anymail",
    "core",
    "accounts",
    "orders",
    "tracking",
    "returns",
    "notifications",
    "coupons",
    "api",
    "demo",
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
]

ROOT_URLCONF = "postpurchase.urls"
WSGI_APPLICATION = "postpurchase.wsgi.application"
ASGI_APPLICATION = "postpurchase.asgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.shop",
            ],
        },
    },
    # The order pages' content (core/jinja2.py): rendered with ``using="jinja2"``.
    {
        "NAME": "jinja2",
        "BACKEND": "core.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "core.jinja2.environment", "context_processors": ["core.jinja2.language"]},
    },
]

# --- Database -------------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the Celery worker writes; IMMEDIATE takes the write lock at
    # BEGIN so that concurrent writers wait (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# --- Email ----------------------------------------------------------------------------------------
# Default: every outgoing email is written as a file to var/mail/. Set EMAIL_BACKEND to an anymail
# backend (for example "anymail.backends.postmark.EmailBackend") plus that provider's ANYMAIL_* variables,
# or EMAIL_URL=smtp://host:port for an SMTP server such as mailpit.
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Nordlicht Haus <service@nordlicht-haus.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS and WhatsApp: the default backend writes JSON lines to var/textmessages/; Twilio carries both.
TEXT_MESSAGE_BACKEND = env.str("TEXT_MESSAGE_BACKEND", default="notifications.channels.FileBackend")
TEXT_MESSAGE_FILE_PATH = VAR_DIR / "textmessages"
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_SMS_FROM = env.str("TWILIO_SMS_FROM", default="")
TWILIO_WHATSAPP_FROM = env.str("TWILIO_WHATSAPP_FROM", default="")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value for key, value in env.ENVIRON.items() if key.startswith("ANYMAIL_")
}

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # Celery's filesystem transport: a real worker and beat with no server. Producer and worker share
    # one folder; processed messages are not kept.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-stuck-messages": {
        "task": "notifications.tasks.messages_sweep",
        "schedule": 60.0,
    },
    "api-webhooks-send-due": {"task": "api.tasks.webhooks_due_send", "schedule": 60.0},
    "notifications-send-due-messages": {
        "task": "notifications.tasks.messages_due_send",
        "schedule": 60.0,
    },
}

# --- REST framework -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": "60000/minute"},  # per API key
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "postpurchase API",
    "DESCRIPTION": "Orders, parcels, scans, returns, customers, products and webhook subscriptions for shop "
    "systems. Authorization: Bearer <API key>; errors are application/problem+json; every POST accepts an "
    "Idempotency-Key header. The whole life of an order, step by step: docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.decimals_need_a_digit",
    ],
    "COMPONENT_SPLIT_REQUEST": True,  # request bodies get their own components, with minLength for required text
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "TrackingStatusEnum": "tracking.models.TrackingStatus",
        "ReturnStatusEnum": "returns.models.ReturnStatus",
    },
}

# --- The shop -------------------------------------------------------------------------------------
SHOP_NAME = env.str("SHOP_NAME", default="Nordlicht Haus")
SHOP_BASE_URL = env.str("SHOP_BASE_URL", default="http://127.0.0.1:8000")

# --- Customer area (accounts: Mein Konto, login, magic links, guest lookup) ----------------------------
LOGIN_REDIRECT_URL = "account_home"
LOGOUT_REDIRECT_URL = "login"
# Branding: a logo URL and one brand colour (a colour too light for white text falls back to the default,
# so that buttons and links keep a WCAG AA contrast of at least 4.5:1).
SHOP_LOGO_URL = env.str("SHOP_LOGO_URL", default="")
SHOP_BRAND_COLOR = env.str("SHOP_BRAND_COLOR", default="#1f4e5f")
SHOP_SUPPORT_EMAIL = env.str("SHOP_SUPPORT_EMAIL", default="service@nordlicht-haus.example")
SHOP_SUPPORT_PHONE = env.str("SHOP_SUPPORT_PHONE", default="040 123 456 78")
# The seller on invoices (German invoice fields: name, address, VAT id).
SHOP_LEGAL_NAME = env.str("SHOP_LEGAL_NAME", default="Nordlicht Haus GmbH")
SHOP_ADDRESS = env.list("SHOP_ADDRESS", default=["Große Elbstraße 145", "22767 Hamburg", "Deutschland"])
SHOP_VAT_ID = env.str("SHOP_VAT_ID", default="DE123456789")
SHOP_REGISTER = env.str("SHOP_REGISTER", default="Amtsgericht Hamburg, HRB 123456")
# Days to return an item after delivery when neither the product nor its category says otherwise.
RETURN_WINDOW_DAYS_DEFAULT = 30
# Signed links: a magic link opens one order for 30 days; an activation link sets a password within 14 days.
MAGIC_LINK_MAX_AGE = 30 * 24 * 3600
ACCOUNT_ACTIVATION_MAX_AGE = 14 * 24 * 3600
# Login throttling per (email, client address): after 5 failures within 15 minutes, 15 minutes' pause.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
# Guest lookup (/track/): requests per client address and per order number within the window.
GUEST_LOOKUP_LIMIT_PER_ADDRESS = 10
GUEST_LOOKUP_LIMIT_PER_NUMBER = 5
GUEST_LOOKUP_WINDOW_SECONDS = 60 * 60
ACCOUNT_ORDERS_PER_PAGE = 10
# Order pages are kept this long per person, grant, order and language: a new scan shows up to 15 s late.
ACCOUNT_PAGE_CACHE_SECONDS = 15

# --- Tracking (carriers, webhooks, polling) --------------------------------------------------------------
# Webhook secrets: several at once while one is rotated (comma-separated). Without one, every webhook is
# refused with 401 (fail closed).
TRACKING_WEBHOOK_SECRETS = env.list("TRACKING_WEBHOOK_SECRETS", default=[])
AFTERSHIP_WEBHOOK_SECRET = env.str("AFTERSHIP_WEBHOOK_SECRET", default="")
# Polling adapters that beat runs (tracking/adapters/); the simulated one moves demo parcels forward.
# Unset: the simulated carrier when DEBUG is on (make run), none otherwise (see tracking.tasks).
TRACKING_POLLING_ADAPTERS = env.list("TRACKING_POLLING_ADAPTERS", default=None)
CELERY_BEAT_SCHEDULE["tracking-poll-carriers"] = {"task": "tracking.tasks.carriers_poll", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["tracking-process-pending-events"] = {
    "task": "tracking.tasks.tracking_events_process",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["tracking-overdue-shipments"] = {
    "task": "tracking.tasks.shipments_overdue_refresh",
    "schedule": 3600.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
