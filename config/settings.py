"""Samvern settings: one file, driven by the environment.

Development needs nothing set: SQLite under var/, a generated secret key, console e-mail.
Production (DJANGO_ENV=production) refuses to start without its secrets and turns on every
transport and cookie protection, so that `manage.py check --deploy` is clean.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAMVERN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # WhiteNoise warns on every start without it


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    # Development: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production.")

# The address people reach Samvern at; used for links in e-mails sent outside a request.
SAMVERN_SITE_URL = os.environ.get("SAMVERN_SITE_URL", "http://127.0.0.1:8000")

# Demo mode pre-enrols second factors with known secrets and prints them. It exists for
# trying the product out and must never be possible where real data lives.
DEMO_MODE = env_bool("SAMVERN_DEMO", False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("SAMVERN_DEMO cannot be enabled when DJANGO_ENV=production.")

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
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "samvern.core",
    "samvern.accounts",
    "samvern.places",
    "samvern.audit",
    # Before the case layer in this list so that its catalogue's wording wins, as when
    # these pages were part of samvern.audit (the first app's translation wins).
    "samvern.trail",
    "samvern.plans",
    "samvern.overview",
    "samvern.partnerships",
    "samvern.risk",
    "samvern.cases",
    "samvern.outreach",
    "samvern.protection",
    "samvern.voice",
    "samvern.programmes",
    "samvern.safetyplans",
    "samvern.checklists",
    "samvern.conferences",
    # The partnership's governance apps come after the case layer here (not in the layers):
    # where they share a text with an app listed before them, its established wording wins.
    "samvern.directory",
    "samvern.training",
    "samvern.agreements",
    "samvern.surveys",
    "samvern.governance",
    "samvern.synthetic",
    "samvern.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samvern.core.locale.DefaultLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samvern.accounts.middleware.ActiveOrganisationMiddleware",
    "samvern.accounts.middleware.SecondFactorRequiredMiddleware",
    "samvern.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "samvern.core.middleware.RequestSizeLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "samvern.core.middleware.RequestContextMiddleware",
]

# Benchmark only (bench/run.py): an X-Query-Count header on every response. Never set it
# where real people use the installation.
if env_bool("SAMVERN_BENCH_QUERY_HEADER", False):
    MIDDLEWARE.insert(0, "samvern.core.benchmark.QueryCountHeaderMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samvern.core.context_processors.samvern",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'samvern.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Several workers on one file: every transaction takes the write lock when it begins
    # (a read that then writes its audit event would otherwise fail with "database is
    # locked" instead of waiting), and readers do not block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions: the general lifetime; users with a case role are logged out after
# CASE_ROLE_IDLE_TIMEOUT of inactivity (see accounts.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CASE_ROLE_IDLE_TIMEOUT = timedelta(minutes=30)
GENERAL_IDLE_TIMEOUT = timedelta(hours=8)

# Lock-out after repeated failed logins, per account and per address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samvern.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# The client address, for the lock-out, the API throttles and the audit trail: REMOTE_ADDR,
# or X-Forwarded-For when (and only when) the request comes from one of these reverse
# proxies (addresses or networks, comma-separated). Empty: no forwarded header is believed.
SAMVERN_TRUSTED_PROXIES = env_list("SAMVERN_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "samvern.core.request_context.address_of"
# Sign-ups to follow a public plan by e-mail, per client address and hour (each sends a
# confirmation mail). Counted in the cache: per process with the default cache.
SAMVERN_FOLLOW_SIGNUPS_PER_HOUR = int(os.environ.get("SAMVERN_FOLLOW_SIGNUPS_PER_HOUR", "20"))

OTP_TOTP_ISSUER = "Samvern"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "samvern_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as each language writes them (config/formats/): "1. desember 2026" and
# "1 December 2026". Grouping is asked for where a figure is shown (the `number` and
# `amount` filters), not with USE_THOUSAND_SEPARATOR, which would also group years.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# From npm packages, only the files the pages use (samvern.core.staticfiles): whole
# package folders made collectstatic hash and compress thousands of unused files.
VENDOR_STATIC = [
    (
        "vendor/designsystemet",
        BASE_DIR / "node_modules/@digdir/designsystemet-css/dist",
        ["src/*.css", "theme/designsystemet.css"],
    ),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist", ["htmx.min.js"]),
    # Inter, Designsystemet's typeface, served from our own static files (no font CDN):
    # the four weights the stylesheet uses, upright, and the fonts they name.
    (
        "vendor/inter",
        BASE_DIR / "node_modules/@fontsource/inter",
        [
            *(f"{weight}.css" for weight in (400, 500, 600, 700)),
            *(f"files/inter-*-{weight}-normal.woff*" for weight in (400, 500, 600, 700)),
        ],
    ),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "samvern.core.staticfiles.VendorFinder",
]
# Source maps are read only by developer tools; compressing them (5 MB of Swagger UI and
# ReDoc maps, with Brotli at its highest level) was most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4",
    "mpeg", "mpg", "webm", "wmv", "map",
]  # fmt: skip
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Rendered plan documents and council reports, shared by the workers of one server and
# keyed on what they show (samvern.plans.document_cache). Never served directly.
SAMVERN_DOCUMENT_CACHE_DIR = Path(
    os.environ.get("SAMVERN_DOCUMENT_CACHE_DIR", VAR_DIR / "document-cache")
)
# Form and API bodies without their files: the longest forms (an evaluation with a reason
# per measure) stay far below this; anything larger gets the 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SAMVERN_UPLOAD_MAX_BYTES = 20 * 1024 * 1024

# API tokens stop working this many days after they were issued.
SAMVERN_API_TOKEN_DAYS = int(os.environ.get("SAMVERN_API_TOKEN_DAYS", 90))
# A token with the "case data" scope stops working this many hours after it was issued.
SAMVERN_CASE_API_TOKEN_HOURS = int(os.environ.get("SAMVERN_CASE_API_TOKEN_HOURS", 12))

# Action-point reminders go out this many days before and after the due date
# (manage.py send_action_reminders, daily).
SAMVERN_ACTION_REMINDER_DAYS_BEFORE = int(os.environ.get("SAMVERN_ACTION_REMINDER_DAYS_BEFORE", 3))
SAMVERN_ACTION_REMINDER_DAYS_AFTER = int(os.environ.get("SAMVERN_ACTION_REMINDER_DAYS_AFTER", 1))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samvern <noreply@samvern.invalid>")

# Key for field-level encryption of national identity numbers (Fernet, urlsafe base64).
# Development derives one from SECRET_KEY; production must set its own and keep it safe.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
if PRODUCTION and not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DJANGO_ENV=production.")

# Key of the audit trail's HMAC chain, held outside the database so that someone who can
# write to the database cannot recompute the chain. Development derives one from SECRET_KEY.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
if PRODUCTION and not AUDIT_CHAIN_KEY:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be set when DJANGO_ENV=production.")
# Append-only file of audit checkpoints (`manage.py audit_checkpoint`), outside the database.
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit-checkpoints.log")
)

# Organisations holding licences for published risk instruments put their files here.
RISK_INSTRUMENT_DIRS = env_list("RISK_INSTRUMENT_DIRS")

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

REST_FRAMEWORK = {
    # The token class comes first: its scheme is what a 401 names in WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samvern.accounts.authentication.ApiTokenAuthentication",
        "samvern.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A service's ValidationError raised in a view is a 400 with its messages.
    "EXCEPTION_HANDLER": "samvern.api.errors.exception_handler",
    # At most 500 rows a page (a larger limit is refused with 400, as is a bad offset).
    "DEFAULT_PAGINATION_CLASS": "samvern.api.pagination.BoundedLimitOffsetPagination",
    # An unknown ?format= is a 400 naming the formats offered, not a 404.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "samvern.api.negotiation.StrictContentNegotiation",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/hour", "user": "6000/hour"},
}
# The open data (the overview's figures and the reference data under /api/v1/) is published
# under the Norwegian Licence for Open Government Data: stated on the overview page, in the
# schema, and in a Link header on every open-data response.
OPEN_DATA_LICENCE = {
    "name": "Norwegian Licence for Open Government Data (NLOD) 2.0",
    "url": "https://data.norge.no/nlod/no/2.0",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samvern API",
    "DESCRIPTION": (
        "Action plans against violence in close relationships, the national overview, "
        "partnerships and multi-agency cases. Case endpoints follow the same need-to-know "
        "rules as the pages and are audited on every read."
    ),
    "VERSION": "1",
    "LICENSE": OPEN_DATA_LICENCE,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (no CDN), as the CSP requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Over a hundred routes: a filter box by tag, and links that open one operation. Swagger
    # UI renders only the operations near the viewport, so a route is found by its tag.
    "SWAGGER_UI_SETTINGS": {"filter": True, "deepLinking": True},
    # Several serializers have a field called "kind"; name the organisation kinds explicitly
    # so the generated enum gets a stable, readable name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "samvern.accounts.models.OrganisationKind",
        "AttendanceStatusEnum": "samvern.conferences.models.AttendanceStatus",
        "GovernanceBodyKindEnum": "samvern.governance.models.BodyKind",
        "GovernanceMeetingStatusEnum": "samvern.governance.models.MeetingStatus",
        "GovernanceItemKindEnum": "samvern.governance.models.ItemKind",
        "GovernanceAttendanceStatusEnum": "samvern.governance.models.AttendanceStatus",
        "GovernanceCommitmentStatusEnum": "samvern.governance.models.CommitmentStatus",
        "GovernanceRecurrenceEnum": "samvern.governance.models.Recurrence",
        "AgreementDocumentKindEnum": "samvern.agreements.models.DocumentKind",
        "AgreementVersionStatusEnum": "samvern.agreements.models.VersionStatus",
        "SurveyRoundStatusEnum": "samvern.surveys.models.RoundStatus",
        "DirectoryServiceKindEnum": "samvern.directory.models.ServiceKind",
        "OutreachPersonKindEnum": "samvern.outreach.models.PersonKind",
        "OutreachEntryStatusEnum": "samvern.outreach.models.EntryStatus",
        "OutreachAttemptResultEnum": "samvern.outreach.models.AttemptResult",
        "ProgrammeStatusEnum": "samvern.programmes.models.ProgrammeStatus",
        "ProgrammeUpdateKindEnum": "samvern.programmes.models.UpdateKind",
        "ProgrammeIntakeResultEnum": "samvern.programmes.models.IntakeResult",
        "ProgrammeEndResultEnum": "samvern.programmes.models.EndResult",
        "VoiceInformationKindEnum": "samvern.voice.models.InformationKind",
        "FollowUpAnswerEnum": "samvern.conferences.models.Answer",
        "ReferralStatusEnum": "samvern.cases.models.ReferralStatus",
        "ReferralFeedbackKindEnum": "samvern.cases.models.FeedbackKind",
        "CaseItemKindEnum": "samvern.cases.models.ItemKind",
    },
}

# Content Security Policy: no inline script, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
