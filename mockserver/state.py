"""The mock's whole state: one state object per API, seeded, dumped and loaded as one JSON document.

Each API package provides its state class (`seeded`, `dump`, `load`); this module only composes them, so
adding an API never touches another API's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from mockserver.heap import settling

__all__ = ["STATE_FORMAT", "ApiState", "MockState", "StateError", "World"]

STATE_FORMAT = "hamta-state/1"


class StateError(ValueError):
    """A state document hamta cannot load: wrong format, wrong version, or records that do not fit."""


class ApiState(Protocol):
    """Also, for `--state`, `keyed()` and `small()`: which parts of the dump are logged how
    (mockserver.persistence.parts)."""

    def dump(self) -> dict[str, Any]: ...


S = TypeVar("S")


@dataclass(frozen=True)
class StateKind:
    """How one API's state is made: from a seed and the settings, or from its dumped section."""

    name: str
    seeded: Callable[[int, Any], ApiState]
    load: Callable[[dict[str, Any]], ApiState]
    # A section the mock wrote itself and nobody changed since (`--state`'s own snapshot): loaded without
    # checking each record against the spec again, which is most of a restart at 100k contacts. None: `load`.
    load_own: Callable[[dict[str, Any]], ApiState] | None = None


@dataclass
class World:
    seed: int
    states: dict[str, ApiState]

    def of(self, kind: type[S]) -> S:
        for state in self.states.values():
            if isinstance(state, kind):
                return state
        raise LookupError(f"this mock serves no {kind.__name__}")

    @classmethod
    def seeded(cls, seed: int, kinds: list[StateKind], settings: Any) -> World:
        return cls(seed, {kind.name: kind.seeded(seed, settings) for kind in kinds})

    def dump(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "seed": self.seed, **{name: s.dump() for name, s in self.states.items()}}

    @classmethod
    def load(cls, document: Any, kinds: list[StateKind], *, own: bool = False) -> World:
        """`own`: the document is one this mock wrote and nobody changed (see StateKind.load_own)."""
        if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
            raise StateError(f"not a {STATE_FORMAT} document")
        try:
            seed = int(document["seed"])
            states = {kind.name: ((own and kind.load_own) or kind.load)(document[kind.name]) for kind in kinds}
        except StateError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"state document does not fit {STATE_FORMAT}: {exc!r}") from None
        return cls(seed, states)


@dataclass
class MockState:
    """The app's keys are frozen once it starts; this holder is what reset, reseed and load swap the world in.

    `seed` and `settings` are what a reset returns to; a reseed changes them.
    """

    world: World
    seed: int
    settings: Any
    kinds: list[StateKind]

    # A document a reset returns to instead of the seeded world (a clone of a deployment's data).
    baseline: dict[str, Any] | None = None

    def reset(self) -> None:
        with settling():
            if self.baseline is not None:
                self.world = World.load(self.baseline, self.kinds)
            else:
                self.world = World.seeded(self.seed, self.kinds, self.settings)

    def reseed(self, seed: int, settings: Any) -> None:
        with settling():
            self.world = World.seeded(seed, self.kinds, settings)
        self.seed, self.settings = seed, settings
        self.baseline = None  # new generated data was asked for: later resets return to it

    def start_from(self, document: dict[str, Any]) -> None:
        """Load a document and make it what resets return to."""
        self.load(document)
        self.baseline = document

    def load(self, document: Any) -> None:
        with settling():
            self.world = World.load(document, self.kinds)
