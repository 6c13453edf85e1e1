"""The mock's message catalogues are the installed Django's and DRF's, and its language choice is Django's.

Django is asked in a process of its own, set up with the reference deployment's settings (tests/locale_catalog.py):
the mock never imports it, and this process never configures it.
"""

from __future__ import annotations

import json

from mockserver.locale import Languages
from mockserver.locale.translation import CATALOGUES
from tests.locale_catalog import expected_catalogues, localised_languages, render


def test_every_catalogue_is_what_the_installed_frameworks_translate() -> None:
    """Fails when a message the mock emits reads differently in Django's or DRF's catalogue (after an upgrade, or
    a new `gettext` in mockserver): `python -m tests.locale_catalog` rewrites the files."""
    expected = expected_catalogues()
    present = {path.stem for path in CATALOGUES.glob("*.json")}
    assert present == set(expected), "python -m tests.locale_catalog"
    for language, document in expected.items():
        written = (CATALOGUES / f"{language}.json").read_text(encoding="utf-8")
        made = json.loads(written)
        assert made["messages"] == document["messages"], language
        # The header names the releases the file was made from. A later release that translates every message the
        # same (a patch release: Django 5.2.19 -> 5.2.20) leaves the file right, so the file is compared as made
        # from the releases it names, which it must name in its text too.
        assert set(made["packages"]) == set(document["packages"]), language
        assert all(f"{package} {version}" in made["source"] for package, version in made["packages"].items())
        as_made = {**document, "packages": made["packages"], "source": made["source"]}
        assert written == render(as_made), f"{language}: header or layout (python -m tests.locale_catalog)"


def test_the_conversations_shop_chooses_its_language_as_django_does() -> None:
    from tests.locale_catalog import ask_django

    languages = localised_languages()["conversations"]
    assert languages == ("fa", "en")
    requests: list[tuple[str | None, str | None]] = [
        (None, None),
        ("fa", None),
        ("en", None),
        ("EN", None),
        ("en-US,en;q=0.9", None),
        ("en-GB", None),
        ("fa-IR", None),
        ("de", None),
        ("de,en;q=0.5", None),
        ("de;q=0.9,fa;q=0.9,en;q=0.9", None),
        ("en;q=0.5,fa", None),
        ("en;q=0", None),
        ("*", None),
        ("*,en", None),
        ("de,*,en", None),
        ("undefined", None),
        ("en;q=2", None),
        ("en, fa;x=1", None),
        ("", None),
        ("1en", None),
        ("en-", None),
        ("x" * 600, None),
        ("de," * 200 + "en", None),
        (None, "en"),
        (None, "de"),
        ("en", "fa"),
        ("fa", "en-GB"),
    ]
    answers = ask_django([], [], requests)["choices"]
    shop = Languages(languages, "fa")
    mine = [shop.choose(header, cookie) for header, cookie in requests]
    assert mine == answers
