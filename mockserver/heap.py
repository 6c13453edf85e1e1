"""Keeping long-lived data out of the garbage collector's walks."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["settle_heap", "settling", "tune_collector"]

# Young-generation collections every 10,000 container allocations instead of 700. A request allocates a few
# hundred containers (request, task, futures, dicts), almost all freed by reference counting, so the default
# ran a collection every few requests: ~2 % of a create's time (bench/). The older generations are collected
# after 20 collections of the one below (default 10): the thresholds measured, (10,000, 20, 20).
_THRESHOLDS = (10_000, 20, 20)


def settle_heap() -> None:
    """Move everything alive now (a seeded world, a freshly built index) out of the garbage collector's reach.

    A world lives until the next reset, an index until the next rebuild; without this, every full collection
    walks all of it (86 ms pauses at 100k contacts, measured in bench/). Records and indexes hold no reference
    cycles, so what is replaced later is still freed by reference counting.
    """
    gc.unfreeze()
    gc.freeze()


@contextlib.contextmanager
def settling() -> Iterator[None]:
    """Build long-lived data (a seeded or loaded world, a start on a state file, an index) with the collector
    paused, then settle it. While a world is built its objects are young and many, so the collector runs again
    and again and walks all of them each time: a start on a state file at 129k contacts spent 0.73 of its 2.7 s
    in seven full collections that found nothing to free (bench/README.md, issue 16). What is built holds no
    reference cycles, so nothing is left for the collector to find afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_heap()
        if enabled:
            gc.enable()


def tune_collector() -> None:
    """For a serving process (the CLI), not for whoever imports the mock: the thresholds are process-wide."""
    gc.set_threshold(*_THRESHOLDS)
