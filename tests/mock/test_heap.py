"""The collector is paused while a world is built and every built object is settled out of its reach after.

A start on a state file at 129k contacts spent 0.73 s of 2.7 s in full collections that freed nothing
(bench/README.md, issue 16); these tests watch the collector through `gc.callbacks` while the mock builds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mockserver.app import create_app
from mockserver.heap import settling
from mockserver.keys import STATE
from mockserver.settings import Settings


@contextmanager
def _collections() -> Iterator[list[int]]:
    """The generations of the collections run inside the block."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)


@pytest.fixture
def default_collector() -> Iterator[None]:
    """Python's own thresholds (a build of a few thousand records would run dozens of collections), as found."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()


@pytest.mark.usefixtures("default_collector")
def test_building_the_app_runs_no_collection_and_settles_what_it_built() -> None:
    frozen = gc.get_freeze_count()
    with _collections() as seen:
        app = create_app(Settings(contacts=3000, seed=1))
    assert seen == []
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen + 3000  # every contact, at least, out of the collector's walks
    assert len(app[STATE].world.states["contacts"].contacts) == 3000


@pytest.mark.usefixtures("default_collector")
def test_a_reset_and_a_reseed_run_no_collection() -> None:
    app = create_app(Settings(contacts=2000, seed=1))
    state = app[STATE]
    with _collections() as seen:
        state.reseed(2, Settings(contacts=2500, seed=2))
        state.reset()
    assert seen == []
    assert gc.isenabled()
    assert len(state.world.states["contacts"].contacts) == 2500


@pytest.mark.usefixtures("default_collector")
def test_loading_a_state_document_runs_no_collection() -> None:
    """What `PUT /__mock__/state` and a start on a state file's snapshot do."""
    document = create_app(Settings(contacts=2000, seed=3))[STATE].world.dump()
    app = create_app(Settings(contacts=10, seed=1))
    with _collections() as seen:
        app[STATE].load(document)
    assert seen == []
    assert len(app[STATE].world.states["contacts"].contacts) == 2000


def test_settling_restores_the_collector_as_it_found_it_even_on_failure() -> None:
    enabled = gc.isenabled()
    try:
        gc.enable()
        paused: list[bool] = []

        def failing_build() -> None:
            with settling():
                paused.append(not gc.isenabled())
                raise RuntimeError("a build that fails")

        with pytest.raises(RuntimeError):
            failing_build()
        assert paused == [True]
        assert gc.isenabled()
        gc.disable()
        with settling():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        (gc.enable if enabled else gc.disable)()
