"""Settings of the reference deployment: `startproject`'s template, trimmed to what an API needs, plus the
seeds' choices. Every value that is not the template's or a framework default says where it comes from.

Two settings vary between real deployments and are read from the environment, so one project plays each
variant the mock has a profile for: the database (`REFERENCE_DATABASE`: a path to an SQLite file, or
`postgresql://user@host:port/name`) and the router (`REFERENCE_ROUTER`: `default` or `simple`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "reference-deployment-not-secret"  # loopback only, in tests
DEBUG = True  # seeds 000 and 002: POST without a slash is a 500, i.e. Django's APPEND_SLASH check under DEBUG
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
APPEND_SLASH = True  # Django's default, named because seeds 000 and 002 document its effects

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "contacts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "reference_project.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
WSGI_APPLICATION = None


def _database(url: str) -> dict[str, object]:
    if url.startswith("postgresql://"):
        parts = urlsplit(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": parts.username or "",
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": url}


DATABASES = {"default": _database(os.environ.get("REFERENCE_DATABASE", str(BASE_DIR / "db.sqlite3")))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # startproject's template; seed 002's timestamps end in Z
USE_I18N = True
USE_TZ = True

REFERENCE_ROUTER = os.environ.get("REFERENCE_ROUTER", "default")

REST_FRAMEWORK = {
    # Seeds 000-002: "Authentication: Token-based (Authorization: Token <your_api_key>)".
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    # Seed 002: limit/offset in the query; 10 a page is an assumption (the seeds give none).
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 10,
}
