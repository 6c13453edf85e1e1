"""The curl line a report gives for an exchange: one a reader can paste, and short enough to read."""

from __future__ import annotations

import shlex

from contract_tests.exchange import CURL_BODY_CHARS, Exchange


def _exchange(body: bytes) -> Exchange:
    headers = {"Content-Type": "application/json", "Accept": "*/*", "X-Other": "left out"}
    return Exchange("POST", "http://127.0.0.1:8000/api/contacts/", headers, body, 400)


def test_a_short_body_is_given_whole_and_the_line_pastes_back() -> None:
    body = '{"subject": "it\'s پرسش"}'.encode()
    line = _exchange(body).curl()
    assert shlex.split(line) == [
        "curl", "-i", "-X", "POST", "-H", "Content-Type: application/json",
        "--data-binary", body.decode(), "http://127.0.0.1:8000/api/contacts/",
    ]  # fmt: skip


def test_a_long_body_is_cut_and_the_line_says_so() -> None:
    body = b"0" * 3_000_000
    line = _exchange(body).curl()
    command, _, note = line.partition("  # ")
    assert shlex.split(command)[-2:] == ["0" * CURL_BODY_CHARS, "http://127.0.0.1:8000/api/contacts/"]
    assert note == f"body cut: 3000000 bytes, the first {CURL_BODY_CHARS} characters shown"
    assert len(line) < CURL_BODY_CHARS + 300
