"""The mock's message catalogues (`mockserver/locale/<language>.json`), made from the installed Django and DRF.

Which messages: every msgid the mock passes to `gettext` (a string literal, or a module-level constant, found in
mockserver's source) and the spec's `x-invalid-message`s of the APIs that declare languages. Their translations
are asked of Django itself, configured as the reference deployment is (`tests/reference/commerce_drf`): Django
merges its own catalogue with every installed app's (DRF's, django.contrib's), the first app listed winning, so
the same msgid can read differently there than in DRF's file alone ("This field is required."). A catalogue keeps
only the messages its language changes; one with none is not written.

    python -m tests.locale_catalog   # rewrite the catalogues (tests/test_locale_catalog.py checks them)
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hamta import load_spec
from mockserver.apis.registry import implemented
from mockserver.locale.translation import CATALOGUES

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "reference" / "commerce_drf"
SETTINGS = "commerce_project.settings"
PACKAGES = {"Django": ("django", "licenses/LICENSE"), "djangorestframework": ("rest_framework", "licenses/LICENSE.md")}
SOURCE_LANGUAGE = "en"  # the msgids' own language

_ASK_DJANGO = """
import json, sys
import django
from django.test import RequestFactory
from django.utils import translation

django.setup()
asked = json.load(sys.stdin)
answer = {"messages": {}, "choices": []}
for language in asked["languages"]:
    with translation.override(language):
        answer["messages"][language] = {msgid: str(translation.gettext(msgid)) for msgid in asked["msgids"]}
for header, cookie in asked["requests"]:
    request = RequestFactory().get("/", headers={"Accept-Language": header} if header is not None else {})
    if cookie is not None:
        request.COOKIES["django_language"] = cookie
    answer["choices"].append(translation.get_language_from_request(request))
json.dump(answer, sys.stdout, ensure_ascii=False)
"""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _constants(tree: ast.Module) -> dict[str, str]:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return found


def _imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Names a module imports from another: local name -> (module, name there)."""
    return {
        alias.asname or alias.name: (node.module, alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def source_msgids() -> set[str]:
    """What mockserver's code passes to `gettext`: literals, and module-level string constants (its own module's
    or imported from another)."""
    trees = {
        _module_name(path): ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "mockserver").rglob("*.py")
    }
    constants = {module: _constants(tree) for module, tree in trees.items()}
    found: set[str] = set()
    for module, tree in sorted(trees.items()):
        imports = _imports(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "gettext"):
                continue
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
            elif isinstance(argument, ast.Name):
                home, name = imports.get(argument.id, (module, argument.id))
                value = constants.get(home, {}).get(name)
                if value is None:
                    raise LookupError(f"{module}: gettext({argument.id}) is no module-level string constant")
                found.add(value)
    return found


def _spec_messages(document: Any) -> Iterator[str]:
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "x-invalid-message" and isinstance(value, str):
                yield value
            else:
                yield from _spec_messages(value)
    elif isinstance(document, list):
        for item in document:
            yield from _spec_messages(item)


def localised_languages() -> dict[str, tuple[str, ...]]:
    """The APIs that declare languages, with them."""
    return {name: module.languages().codes for name, module in implemented().items() if module.languages is not None}


def msgids() -> list[str]:
    """Every message the localised APIs can translate (`gettext(self.pattern_message)` reads the spec's)."""
    found = source_msgids()
    for name in localised_languages():
        found.update(_spec_messages(load_spec(name).document))
    return sorted(found)


def ask_django(
    languages: list[str],
    messages: list[str],
    requests: list[tuple[str | None, str | None]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Django, set up with the reference deployment's settings, in a process of its own: each message in each
    language, and the language `get_language_from_request` picks for each (Accept-Language, cookie) pair."""
    asked = json.dumps({"languages": languages, "msgids": messages, "requests": list(requests)})
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    result = subprocess.run(
        [sys.executable, "-c", _ASK_DJANGO],
        input=asked,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REFERENCE,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Django could not be asked:\n{result.stderr[-3000:]}")
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def _licence(package: str) -> list[str]:
    distribution, path = PACKAGES[package][0], PACKAGES[package][1]
    text = importlib.metadata.distribution(package).read_text(path)
    if text is None:
        raise FileNotFoundError(f"{package}'s {path} ({distribution})")
    return text.rstrip("\n").split("\n")


def catalogue(language: str, messages: dict[str, str]) -> dict[str, Any]:
    """One language's file: where its translations come from, under which licences, then the messages."""
    versions = {package: importlib.metadata.version(package) for package in PACKAGES}
    named = " and ".join(f"{package} {version}" for package, version in versions.items())
    return {
        "language": language,
        "source": (
            f"The {language} translations, from {named} (their django.po/.mo catalogues, merged as the reference "
            "deployment tests/reference/commerce_drf merges them), of the messages hamta's mock emits. "
            "Regenerate with `python -m tests.locale_catalog`; tests/test_locale_catalog.py checks this file."
        ),
        "packages": versions,
        "licences": {package: _licence(package) for package in PACKAGES},
        "messages": dict(sorted(messages.items())),
    }


def expected_catalogues() -> dict[str, dict[str, Any]]:
    """Every catalogue the mock needs, by language: only the messages a language changes."""
    languages = sorted({code for codes in localised_languages().values() for code in codes} - {SOURCE_LANGUAGE})
    messages = msgids()
    translated = ask_django(languages, messages)["messages"]
    documents = {}
    for language in languages:
        changed = {msgid: text for msgid, text in translated[language].items() if text != msgid}
        if changed:
            documents[language] = catalogue(language, changed)
    return documents


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    for language, document in expected_catalogues().items():
        path = CATALOGUES / f"{language}.json"
        path.write_text(render(document), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(document['messages'])} messages")


if __name__ == "__main__":
    main()
