"""The docs harness's reading of curl and of the docs' invalid JSON, on texts of our own in the docs' forms
(always runs; the docs themselves are read only at test time, test_docs_replay.py)."""

from __future__ import annotations

import pytest

from contract_tests.shapes import shape_differences
from tests.callbell_docs.snapshot import parse_curl, repair_json

CURL = """```bash
curl -X PATCH "https://api.example.test/v1/things/abc123" \\ \\
  -H "Authorization: Bearer token_1" \\
  -H "Content-Type: application/json" \\
  -d '{"name": "x"}' \\
```"""


def test_curl_is_read_with_its_stray_continuations() -> None:
    request = parse_curl(CURL)
    assert request.method == "PATCH"
    assert request.url == "https://api.example.test/v1/things/abc123"
    assert request.headers == {"Authorization": "Bearer token_1", "Content-Type": "application/json"}
    assert request.body == '{"name": "x"}'


def test_data_without_a_method_is_a_post() -> None:
    assert parse_curl("curl https://h.test/v1/x -d '{}'").method == "POST"


@pytest.mark.parametrize(
    ("text", "value", "repairs"),
    [
        ('{"a": [1, 2]}', {"a": [1, 2]}, ()),
        ('{"a": [\n {"b": 1},\n ...\n {"b": 2}\n]}', {"a": [{"b": 1}, {"b": 2}]}, ("C2",)),
        ('{\n "a": "x"\n "b": 1\n}', {"a": "x", "b": 1}, ("C3",)),
        ('{"a": 1,, "b": 2}', {"a": 1, "b": 2}, ("C4",)),
        ('{"a": {"b": 1,\n}}', {"a": {"b": 1}}, ("C5",)),
        ('{"name": New name"}', {"name": "New name"}, ("C7",)),
        ('{"c": {"url": "u",\n "text: "caption"}}', {"c": {"url": "u", "text": "caption"}}, ("C8",)),
    ],
)
def test_documented_repairs(text: str, value: object, repairs: tuple[str, ...]) -> None:
    assert repair_json(text) == (value, repairs)


def test_unrepairable_json_is_an_error() -> None:
    with pytest.raises(ValueError, match="not JSON even after"):
        repair_json('{"a": ')


def test_shape_comparison() -> None:
    example = {"contact": [{"uuid": "u", "tags": ["t"], "assignedUser": None, "customFields": {"A": "1"}}]}
    same = {"contact": [{"uuid": "v", "tags": [], "assignedUser": "a@b.test", "customFields": {"A": "2"}}]}
    assert shape_differences(example, same) == []
    wrapped: dict[str, object] = {"contact": {"uuid": "v", "tags": [], "assignedUser": None, "customFields": {}}}
    assert shape_differences(example, wrapped) == ["$.contact: expected array, got object"]
    extra = {"contact": [{**same["contact"][0], "note": ""}]}
    assert shape_differences(example, extra) == ["$.contact[*]: unexpected key(s) note"]
    typed = {"contact": [{**same["contact"][0], "tags": "t"}]}
    assert shape_differences(example, typed) == ["$.contact[*].tags: expected array, got string"]


def test_a_map_in_the_schema_is_compared_by_type() -> None:
    schema = {"type": "object", "properties": {"customFields": {"type": "object", "additionalProperties": True}}}
    assert shape_differences({"customFields": {"A": "1"}}, {"customFields": {"B": 2}}, schema) == []
    assert shape_differences({"customFields": {"A": "1"}}, {"customFields": {"B": 2}}) == [
        "$.customFields: missing key(s) A",
        "$.customFields: unexpected key(s) B",
    ]
