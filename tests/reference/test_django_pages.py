"""Django's own 404 page for a path no URL pattern takes, as each reference deployment shows it and its mock copies
it: the contacts deployment runs DEBUG=True (its technical page: "Page not found at <path>", whatever the client
accepts), the commerce one DEBUG=False ("Not Found"). The twin leaves HTML bodies out, so this compares the
pages' titles, headings and the path they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Normaliser, Side, differences
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.commerce_server import running_commerce_reference
from tests.reference.conftest import Twins

COMMERCE = Settings(seed=1404, apis=("conversations",))
_UNKNOWN = ["/nothing/", "/api/nothing/", "/api/contacts//", "/api/contacts/1/x/", "/users/nothing/", "/سلام/"]


def _page(response: requests.Response) -> tuple[int, str, list[str]]:
    """Status, title and the page's headings and paragraph lines, whitespace folded; but the line naming the
    deployment's own URLconf module (the patterns it lists are left out of the mock's page)."""
    text = re.sub(r"<style>.*?</style>", "", response.text, flags=re.S)
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    lines = [" ".join(part.split()) for part in re.findall(r"<(?:h1|p)>(.*?)</(?:h1|p)>", text, re.S)]
    return (
        response.status_code,
        " ".join(title.group(1).split()) if title else "",
        [line for line in lines if line and not line.startswith("Using the URLconf")],
    )


def _assert_same_page(sides: tuple[Side, Side], answers: list[requests.Response], what: str) -> None:
    found = differences(Normaliser("2000-01-01T00:00:00"), (sides[0], answers[0]), (sides[1], answers[1]))
    assert not found, f"{what}: " + "; ".join(found)
    assert _page(answers[0]) == _page(answers[1]), what


@pytest.mark.parametrize("accept", [None, "application/json"])
@pytest.mark.parametrize("path", _UNKNOWN)
def test_a_path_no_pattern_takes_is_djangos_debug_404_page(twins: Twins, path: str, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    answers = [requests.get(side.base_url + path, headers=headers, timeout=30) for side, _ in twins]
    assert answers[0].status_code == 404
    assert _page(answers[0])[1].startswith("Page not found at ")
    _assert_same_page((twins[0][0], twins[1][0]), answers, f"GET {path} (Accept {accept!r})")


@pytest.fixture(scope="module")
def sides() -> Iterator[tuple[Side, Side]]:
    with running_commerce_reference(seed=COMMERCE.seed) as reference, running_mock(COMMERCE) as twin:
        yield Side(reference.url, {}), Side(twin, {})


@pytest.mark.parametrize("path", _UNKNOWN)
def test_a_path_no_pattern_takes_is_djangos_404_page_under_debug_false(sides: tuple[Side, Side], path: str) -> None:
    answers = [requests.get(side.base_url + path, timeout=30) for side in sides]
    assert _page(answers[0])[1] == "Not Found"
    _assert_same_page(sides, answers, f"GET {path}")
