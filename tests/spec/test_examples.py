"""Every example in every spec, and every seed example body, validates against the schema it illustrates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from hamta import API_NAMES, fixtures_dir, load_spec
from hamta.extensions import HTTP_METHODS
from hamta.openapi import ApiSpec, resolve
from tests.spec.schema_tools import errors_at, pointer

SPECS = {api: load_spec(api) for api in API_NAMES}


def _media_examples(doc: dict[str, Any], media: dict[str, Any], at: tuple[str, ...]) -> Iterator[tuple[str, str, Any]]:
    if "schema" not in media:
        return
    schema_at = pointer(*at, "schema")
    if "example" in media:
        yield f"{'/'.join(at)}/example", schema_at, media["example"]
    for name, example in (media.get("examples") or {}).items():
        example = resolve(doc, example)
        if "value" in example:
            yield f"{'/'.join(at)}/examples/{name}", schema_at, example["value"]


def _schema_examples(node: Any, at: tuple[str, ...]) -> Iterator[tuple[str, str, Any]]:
    """Schema-level `examples` arrays, at any depth."""
    if isinstance(node, dict):
        if isinstance(node.get("examples"), list) and ("type" in node or "$ref" in node or "properties" in node):
            for index, value in enumerate(node["examples"]):
                yield f"{'/'.join(at)}/examples/{index}", pointer(*at), value
        for key, sub in node.items():
            if key not in ("examples", "example"):
                yield from _schema_examples(sub, (*at, key))
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _schema_examples(sub, (*at, str(index)))


def all_examples(spec: ApiSpec) -> Iterator[tuple[str, str, Any]]:
    doc = spec.document
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if not op:
                continue
            body = op.get("requestBody")
            if body and "$ref" not in body:
                for media_type, media in body.get("content", {}).items():
                    yield from _media_examples(
                        doc, media, ("paths", path, method, "requestBody", "content", media_type)
                    )
            for status, response in op["responses"].items():
                if "$ref" in response:
                    continue
                for media_type, media in (response.get("content") or {}).items():
                    yield from _media_examples(
                        doc, media, ("paths", path, method, "responses", status, "content", media_type)
                    )
    for name, response in (doc.get("components", {}).get("responses") or {}).items():
        for media_type, media in (response.get("content") or {}).items():
            yield from _media_examples(doc, media, ("components", "responses", name, "content", media_type))
    yield from _schema_examples(doc.get("components", {}).get("schemas", {}), ("components", "schemas"))
    yield from _schema_examples(doc.get("components", {}).get("parameters", {}), ("components", "parameters"))
    yield from _schema_examples(doc.get("paths", {}), ("paths",))


@pytest.mark.parametrize("api", API_NAMES)
def test_every_example_validates_against_its_schema(api: str) -> None:
    spec = SPECS[api]
    examples = list(all_examples(spec))
    assert len(examples) >= 5, f"{api} has almost no examples"
    failures = [
        f"{where}: {error.message}"
        for where, schema_at, value in examples
        for error in errors_at(spec, schema_at, value)
    ]
    assert not failures, "\n".join(failures)


def test_a_wrong_example_is_caught() -> None:
    """The walker really reaches response examples: break one and it must fail."""
    spec = SPECS["contacts"]
    found = [e for e in all_examples(spec) if e[0].endswith("examples/seed000")]
    assert len(found) == 1
    _, schema_at, value = found[0]
    assert errors_at(spec, schema_at, {**value, "mobile_number": "+989121234567"})


def _index() -> list[dict[str, Any]]:
    return yaml.safe_load((fixtures_dir() / "seed_examples" / "index.yaml").read_text(encoding="utf-8"))["examples"]


def _schema_pointer(spec: ApiSpec, entry: dict[str, Any]) -> str:
    operation = spec.operation(entry["operation"])
    base = ("paths", operation.path, operation.method.lower())
    if entry["part"] == "request":
        return pointer(*base, "requestBody", "content", "application/json", "schema")
    response = operation.raw["responses"][entry["status"]]
    assert "$ref" not in response, "seed responses are declared inline"
    return pointer(*base, "responses", entry["status"], "content", "application/json", "schema")


@pytest.mark.parametrize("entry", _index(), ids=lambda entry: entry["file"])
def test_seed_example_bodies_match_their_operation(entry: dict[str, Any]) -> None:
    spec = SPECS[entry["spec"]]
    body = json.loads((fixtures_dir() / "seed_examples" / entry["file"]).read_text(encoding="utf-8"))
    errors = errors_at(spec, _schema_pointer(spec, entry), body)
    if entry["valid"]:
        assert not errors, [error.message for error in errors]
    else:
        # A seed that contradicts its own rules: the schema refuses it exactly where the seed is wrong.
        assert errors
        assert {error.path[0] for error in errors} == set(entry["invalid-at"]), [e.message for e in errors]


def test_every_seed_json_file_is_indexed() -> None:
    files = {path.name for path in (fixtures_dir() / "seed_examples").glob("*.json")}
    assert files == {entry["file"] for entry in _index()}


def test_seed_responses_are_verbatim_copies_of_the_seeds() -> None:
    """Responses were copied from the seed documents, not retyped: compare with the seed text itself."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        # The seed documents are not part of the repository; CI has them beside the clone.
        pytest.skip(f"provenance check needs the seed documents at {seeds}")
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in seeds.glob("*.txt")}
    for entry in _index():
        if entry["part"] == "response":
            body = (fixtures_dir() / "seed_examples" / entry["file"]).read_text(encoding="utf-8").strip()
            assert json.loads(body) is not None
            compact = "".join(body.split())
            assert compact in "".join(texts[entry["seed"]].split()), entry["file"]
