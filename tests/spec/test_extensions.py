"""The x- extensions are well formed, documented, and read into the typed model as the README says."""

from __future__ import annotations

import copy
import json
import re

import pytest

from hamta import API_NAMES, load_spec, spec_dir
from hamta.extensions import extension_problems, iter_extensions
from hamta.openapi import SpecError, parse_spec


@pytest.mark.parametrize("api", API_NAMES)
def test_spec_extensions_are_well_formed(api: str) -> None:
    spec = load_spec(api)
    assert extension_problems(spec.document) == []
    assert list(iter_extensions(spec.document)), f"{api} uses no extension at all"


def _contacts() -> dict:
    return copy.deepcopy(load_spec("contacts").document)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.__setitem__("x-filters", {}), "unknown extension"),
        (lambda d: d["paths"]["/api/contacts/"]["get"].__setitem__("x-filter", {}), "not allowed on a operation"),
        (lambda d: d.__setitem__("x-error-style", "xml"), "is not one of"),
        (lambda d: d["x-trailing-slash"].__setitem__("default-profile", "nope"), "default-profile 'nope'"),
        (lambda d: d["x-trailing-slash"].pop("message"), "needs a message"),
        (lambda d: d["x-trailing-slash"]["profiles"]["off"].__setitem__("GET", "teleport"), "is not one of"),
        (
            lambda d: d["components"]["parameters"]["is_viewed"]["x-filter"].__setitem__("lookup", "like"),
            "is not one of",
        ),
        (lambda d: d["paths"]["/api/contacts/"]["get"]["x-pagination"].pop("default-limit"), "is not valid under any"),
        (lambda d: d["paths"]["/api/contacts/"]["post"].__setitem__("x-permission", "4001"), "is not of type"),
        (lambda d: d["paths"]["/api/contacts/"]["post"].__setitem__("x-inferred", ""), "is too short"),
    ],
)
def test_malformed_extensions_are_refused(mutate, expected: str) -> None:
    document = _contacts()
    mutate(document)
    problems = extension_problems(document)
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(SpecError, match="malformed extensions"):
        parse_spec("contacts", document, spec_dir() / "contacts.yaml")


def test_readme_documents_every_extension() -> None:
    schema = json.loads((spec_dir() / "extensions.schema.json").read_text(encoding="utf-8"))
    readme = (spec_dir() / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### .*$", readme, flags=re.M))
    documented = {name for heading in headings for name in re.findall(r"`(x-[a-z-]+)`", heading)}
    assert documented == set(schema["locations"])


def test_contacts_list_reads_seed_002_semantics() -> None:
    operation = load_spec("contacts").operation("contacts_list")
    assert operation.permission == 4002
    assert operation.pagination is not None
    assert operation.pagination.style == "limit-offset"
    assert operation.pagination.get("default-limit") == 10
    assert operation.search is not None
    assert set(operation.search.fields) == {"id", "subject", "first_name", "last_name", "email", "mobile_number"}
    assert operation.ordering is not None
    assert set(operation.ordering.fields) == {"id", "created_at", "updated_at", "viewed", "viewed_at", "subject"}
    # Seed 002 lists seventeen filters besides limit, offset, search and ordering.
    assert len(operation.filters) == 17
    by_param = {f.param: f for f in operation.filters}
    assert (by_param["viewed_date_from"].field, by_param["viewed_date_from"].lookup) == ("viewed_at", "date-gte")
    assert (by_param["id_max"].lookup, by_param["id_max"].value) == ("lte", "number")
    assert by_param["has_email"].lookup == "has-value"


def test_contacts_permission_codes_per_operation() -> None:
    spec = load_spec("contacts")
    codes = {operation.operation_id: operation.permission for operation in spec.operations}
    assert codes["contacts_create"] == 4001
    assert codes["contacts_list"] == 4002
    assert codes["contacts_partial_update"] == 4003


@pytest.mark.parametrize(
    ("profile", "method", "action"),
    [
        ("django-debug", "GET", "redirect"),
        ("django-debug", "HEAD", "redirect"),
        ("django-debug", "POST", "server-error"),
        ("django-debug", "PATCH", "server-error"),
        ("django-debug", "DELETE", "server-error"),
        ("django", "POST", "redirect"),
        ("off", "GET", "not-found"),
    ],
)
def test_contacts_trailing_slash_profiles(profile: str, method: str, action: str) -> None:
    slash = load_spec("contacts").slash
    assert slash is not None
    assert slash.default_profile == "django-debug"
    assert slash.action(profile, "/api/contacts/", method) == action


def test_inferred_operations_are_flagged() -> None:
    spec = load_spec("contacts")
    assert spec.operation("contacts_retrieve").inferred
    assert spec.operation("contacts_destroy").inferred
    for documented in ("contacts_create", "contacts_list", "contacts_partial_update"):
        assert spec.operation(documented).inferred is None


def test_iranian_mobile_patterns_use_ascii_digit_classes() -> None:
    # python-jsonschema reads \\d as any Unicode digit, jsonschema_rs as ASCII: write [0-9] so both agree.
    for api in API_NAMES:
        text = (spec_dir() / f"{api}.yaml").read_text(encoding="utf-8")
        assert "\\d" not in text, api


def test_every_operations_permission_is_its_methods_code() -> None:
    """`x-method-permissions` (what a method asks for where a path lacks it) agrees with each operation's own
    `x-permission` (the seeds' codes): one permission class checks both."""
    from hamta import load_spec

    spec = load_spec("contacts")
    by_method = spec.document["x-method-permissions"]
    checked = [op for op in spec.operations if op.permission is not None]
    assert checked
    assert {op.operation_id: op.permission for op in checked} == {
        op.operation_id: by_method[op.method] for op in checked
    }
