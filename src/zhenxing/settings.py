"""Django settings. One switch selects production: ZHENXING_ENV=production (docs/operations.md).

Everything secret or site-specific comes from the environment; the defaults serve a developer's
machine: SQLite under var/, DEBUG on, a throwaway secret key.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("ZHENXING_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("ZHENXING_VAR", BASE_DIR / "var"))

PRODUCTION = os.environ.get("ZHENXING_ENV", "development") == "production"
# Off by default even on a developer's machine: users never see a debug page.
DEBUG = not PRODUCTION and os.environ.get("ZHENXING_DEBUG", "0") == "1"

SECRET_KEY = os.environ.get("ZHENXING_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("生产环境必须设置 ZHENXING_SECRET_KEY 环境变量")
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ZHENXING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ZHENXING_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_include_bootstrap",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ninja",
    "zhenxing.orgs",
    "zhenxing.editions",
    "zhenxing.registration",
    "zhenxing.judging",
    "zhenxing.results",
    "zhenxing.awards",
    "zhenxing.orgaward",
    "zhenxing.showcase",
    "zhenxing.talent",
    "zhenxing.exams",
    "zhenxing.accounts",
    "zhenxing.web",
]

MIDDLEWARE = [
    "zhenxing.web.proxy.client_address_from_proxy",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "zhenxing.web.upload_limit.declared_size_checked",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhenxing.web.middleware.chinese_by_default",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhenxing.web.middleware.wrong_method_explained",
]

ROOT_URLCONF = "zhenxing.urls"
WSGI_APPLICATION = "zhenxing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zhenxing.web.context_processors.api_access",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ZHENXING_SQLITE", str(VAR_DIR / "zhenxing.sqlite3")),
        "OPTIONS": {
            # mmap: reads come from the mapped file, not copied through SQLite's own page cache
            # (a final's recompute reads ~100,000 marks: ~12 % faster); no memory of its own
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process: its own memory. Several app servers: Redis (ZHENXING_REDIS_URL, e.g.
# redis://127.0.0.1:6379/0), so that every server sees the same rate-limit counts and versions.
REDIS_URL = os.environ.get("ZHENXING_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenxing"}
    )
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

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
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling (django-axes): 5 failures per username and address → locked for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("ZHENXING_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "errors/locked.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
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
MEDIA_ROOT = VAR_DIR / "media"
# Outside production, whitenoise serves static files straight from the installed packages.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# API: throttles per anonymous address and per user (django-ninja).
API_THROTTLE_ANON = os.environ.get("ZHENXING_API_THROTTLE_ANON", "120/m")
API_THROTTLE_USER = os.environ.get("ZHENXING_API_THROTTLE_USER", "600/m")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (django-permissions-policy): no page uses the camera, microphone, location,
# motion sensors, payment or USB; a script that got in could not either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
CSRF_FAILURE_VIEW = "zhenxing.web.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp), in development as in production: scripts and styles come
# only from the site's own static files; an inline <style> needs the response's nonce
# (request.csp_nonce); no inline script, event handler, style attribute or javascript: link
# (docs/decisions.md). The Django admin and the API's Swagger page work under it as they are.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Bootstrap's form icons and the certificates' QR codes
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("ZHENXING_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHENXING_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# The proxies whose X-Real-IP names the client (zhenxing.web.proxy): in production the app
# servers listen on loopback behind nginx, so loopback is the proxy.
ZHENXING_TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get(
        "ZHENXING_TRUSTED_PROXIES", "127.0.0.1,::1" if PRODUCTION else ""
    ).split(",")
    if address.strip()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}},
}

# Results are recomputed by a background job after each score change (django-tasks). Inline
# recomputation (in the saving request) is for tests, where commit hooks do not run.
ZHENXING_RESULTS_INLINE = os.environ.get("ZHENXING_RESULTS_INLINE", "0") == "1"

# The certificate seal's key and certificate (docs/operations.md: back it up; rotation).
# E-mail, for set-password links: sent only where a mail server is configured.
EMAIL_HOST = os.environ.get("ZHENXING_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("ZHENXING_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ZHENXING_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZHENXING_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ZHENXING_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("ZHENXING_EMAIL_FROM", "noreply@localhost")
ZHENXING_EMAIL = bool(EMAIL_HOST)
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600  # a set-password link works for 7 days, and only once

# The largest request body taken (the 16 MB registration import and its form); the proxy's
# client_max_body_size says the same (docs/operations.md).
ZHENXING_MAX_REQUEST_MB = int(os.environ.get("ZHENXING_MAX_REQUEST_MB", "20"))
# The largest video an organization sends with its materials (§七.1); a larger one also needs
# ZHENXING_MAX_REQUEST_MB and the proxy's limit raised above it.
ZHENXING_MATERIALS_VIDEO_MB = int(os.environ.get("ZHENXING_MATERIALS_VIDEO_MB", "18"))
# nginx's cache of public pages on this machine (scripts/serve-prod.sh sets it): emptied when
# results are published or change, so the public never reads an old page from it.
ZHENXING_PROXY_CACHE_DIR = os.environ.get("ZHENXING_PROXY_CACHE_DIR", "")
# The largest showcase video (附件3: short videos and micro-videos); the same proxy note applies.
ZHENXING_SHOWCASE_VIDEO_MB = int(os.environ.get("ZHENXING_SHOWCASE_VIDEO_MB", "18"))

# The background jobs' lease (zhenxing.orgs.jobs): a worker (manage.py jobs_worker) whose
# heartbeat is older than this has died, and its jobs are run again (or marked failed), at most
# lease + lease/6 after the death: 105 s by default. An import that shows no progress for this
# long and is in no queue is marked failed.
ZHENXING_JOB_LEASE_SECONDS = int(os.environ.get("ZHENXING_JOB_LEASE_SECONDS", "90"))
ZHENXING_KEYS_DIR = Path(os.environ.get("ZHENXING_KEYS_DIR", VAR_DIR / "keys"))
# The address printed on certificates (verification link and QR code).
ZHENXING_SITE_URL = os.environ.get("ZHENXING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
