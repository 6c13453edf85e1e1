"""Where a run's settings come from: the rate cap by host, and switches spelled as environment text."""

from __future__ import annotations

import pytest

from contract_tests.target import SHARED_RATE, load_target


@pytest.mark.parametrize(
    ("base_url", "rate"),
    [
        ("http://127.0.0.1:8000", 0.0),
        ("http://localhost:8000", 0.0),
        ("http://[::1]:8000", 0.0),
        ("https://staging.example.com", SHARED_RATE),
        ("http://10.0.0.7:8000", SHARED_RATE),
    ],
)
def test_the_rate_cap_protects_every_host_but_loopback(base_url: str, rate: float) -> None:
    assert load_target({"base_url": base_url}).rate == rate


def test_an_explicit_rate_wins_even_on_loopback() -> None:
    assert load_target({"base_url": "http://127.0.0.1:8000", "rate": 50.0}).rate == 50.0


@pytest.mark.parametrize(("text", "expected"), [("1", True), ("true", True), ("0", False), ("false", False)])
def test_switches_from_the_environment_read_their_text(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: bool
) -> None:
    monkeypatch.setenv("HAMTA_READ_ONLY", text)
    monkeypatch.setenv("HAMTA_GENERATED", text)
    monkeypatch.setenv("HAMTA_CALLBELL_ACCOUNT_WRITES", text)
    target = load_target({"base_url": "http://127.0.0.1:8000"})
    assert (target.read_only, target.generated, target.callbell_account_writes) == (expected, expected, expected)


def test_account_writes_are_off_unless_asked_for() -> None:
    assert not load_target({"base_url": "http://127.0.0.1:8000"}).callbell_account_writes
    assert load_target({"base_url": "http://127.0.0.1:8000", "callbell_account_writes": True}).callbell_account_writes
