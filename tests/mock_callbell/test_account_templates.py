"""WhatsApp templates: the list, one, and a rename answered in the PATCH example's own shape (C6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mock_callbell.conftest import dump

SEND_TEMPLATE = "d980fb66fd5043d3ace1aa06ba044342"  # every template-send snippet's template
UNKNOWN = "0d0d0d0d0d0d4d0d8d0d0d0d0d0d0d0d"


def test_the_list_and_one_template(api, fresh) -> None:
    body = api.get("/templates").json()
    assert body["templates"] == dump(fresh)["account"]["templates"]
    assert body["meta"] == {"page": 1, "pages": 1}
    for template in body["templates"]:
        assert api.get(f"/templates/{template['uuid']}").json() == {"template": template}
    statuses = {t["uuid"]: t["status"] for t in body["templates"]}
    assert statuses[SEND_TEMPLATE] == "approved"
    assert statuses["47aad5f9b4ca423c9d630f06ab93fe1f"] == "rejected"  # the docs' list shows one rejected


def test_renaming_a_template_answers_the_examples_shape(api) -> None:
    response = api.patch(f"/templates/{SEND_TEMPLATE}", json={"title": "order_update_v2"})
    assert response.status_code == 200
    assert list(response.json()) == ["templates"]
    patched = response.json()["templates"]
    full = api.get(f"/templates/{SEND_TEMPLATE}").json()["template"]
    assert full["title"] == "order_update_v2"
    assert patched == {key: value for key, value in full.items() if key not in ("category", "status")}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        (f"/templates/{SEND_TEMPLATE}", {"title": " "}, 400),
        (f"/templates/{SEND_TEMPLATE}", {"title": ["a"]}, 400),
        (f"/templates/{UNKNOWN}", {"title": "x"}, 404),
    ],
)
def test_a_refused_rename_changes_nothing(api, fresh, path: str, body: Any, status: int) -> None:
    before = dump(fresh)
    assert api.patch(path, json=body).status_code == status
    assert dump(fresh) == before


def test_an_unknown_template_is_404(api) -> None:
    response = api.get(f"/templates/{UNKNOWN}")
    assert (response.status_code, response.json()) == (404, {"error": "Template not found"})
