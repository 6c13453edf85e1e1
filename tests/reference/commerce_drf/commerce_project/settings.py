"""Settings of the Akinon Commerce reference: `startproject`'s template (without the admin) plus what seed 003,
Akinon's docs (as `spec/conversations.yaml` cites them) and the `@akinon/next` client (`spec/akinon-next-client.md`)
dictate. Every value that is not the template's or a framework default says where it comes from; the README
lists them all.

Read from the environment: the SQLite file (`COMMERCE_DATABASE`), the upload folder (`COMMERCE_MEDIA_ROOT`) and
the trusted origins (`COMMERCE_TRUSTED_ORIGINS`, comma-separated).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "commerce-reference-not-secret"  # loopback only, in tests
DEBUG = False  # Akinon runs production Django; hamta's default trailing-slash profile `django` is DEBUG=False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]  # the loopback names a test or a local storefront uses

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",  # login answers the user's token `key`
    "django_filters",
    "support",
]

# startproject's order, plus LocaleMiddleware where Django's docs put it: after SessionMiddleware, before
# CommonMiddleware (subjects are localised by Accept-Language).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "commerce_project.urls"
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
            ],
        },
    },
]
WSGI_APPLICATION = None

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("COMMERCE_DATABASE", str(BASE_DIR / "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A test-speed choice: the fixture's passwords are hashed with MD5 so that a login costs microseconds, not
# PBKDF2's ~0.3 s. A real deployment keeps Django's default hashers.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# fixtures/conversations.yaml: languages fa and en, fa the default; Tehran is the shop's time zone (the mock
# renders +03:30, as Django does with USE_TZ and a local TIME_ZONE).
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "Persian"), ("en", "English")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
MEDIA_ROOT = os.environ.get("COMMERCE_MEDIA_ROOT", str(BASE_DIR / "media"))

# Seed 003 and Akinon's getting-started page: the session cookie is `osessionid`.
SESSION_COOKIE_NAME = "osessionid"
# CSRF: Django's defaults (cookie `csrftoken`, not in the session, header X-CSRFToken). The trusted origins stand
# for "browsers on other local ports count as Commerce's trusted origins".
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("COMMERCE_TRUSTED_ORIGINS", "").split(",") if o.strip()]

REST_FRAMEWORK = {
    # Seed 003: session authentication with a CSRF token for writes. Parsers and renderers stay DRF's defaults.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}

# Akinon's CONTACT_US_EMAIL_TO: the keys a contact-us `operation` may name and their recipients, as JSON (the
# runner passes fixtures/conversations.yaml's `recipients`).
CONTACT_US_EMAIL_TO = json.loads(os.environ.get("COMMERCE_CONTACT_US_EMAIL_TO", "{}"))
