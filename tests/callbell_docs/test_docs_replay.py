"""Every curl example of Callbell's docs (pinned commit 4878e4f), read from the docs snapshot at test time and
replayed verbatim (the docs' token, the documented repairs only) against a fresh mock, gets the page's example
response by shape. Skipped, saying how to get it, when the snapshot is absent; the examples are never stored in
the repository (the docs have no licence)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hamta import load_spec
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.callbell_docs.replay import replay
from tests.callbell_docs.snapshot import HOW_TO_GET_IT, DocsExample, Snapshot, find_snapshot

_REPO = find_snapshot()
EXAMPLES: list[DocsExample] = Snapshot(_REPO).examples() if _REPO is not None else []
pytestmark = pytest.mark.skipif(_REPO is None, reason=HOW_TO_GET_IT)


@pytest.fixture(scope="module")
def default_mock() -> Iterator[str]:
    with running_mock(Settings(apis=("callbell",))) as url:
        yield url


def test_every_snippet_is_an_example() -> None:
    """All 54 curl files of the pinned commit are read, each with the page that shows it (two are on no page:
    they take the page of the snippet that sends the same request)."""
    assert len(EXAMPLES) == 54
    assert all(example.page is not None for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_docs_example_gets_the_documented_answer(default_mock: str, example: DocsExample) -> None:
    outcome = replay(example, default_mock, load_spec("callbell"))
    assert outcome.passed, f"{outcome.request_line} ({example.snippet}, repaired: {example.repairs}): {outcome.why}"
