"""What each API state declares for `--state` covers its whole dump, and a TrackedDict notes every write."""

from __future__ import annotations

import pytest

from mockserver.apis.registry import implemented
from mockserver.persistence import Persisted, TrackedDict
from mockserver.settings import Settings


@pytest.mark.parametrize("api", sorted(implemented()))
def test_every_key_of_a_state_dump_is_logged_as_keyed_or_small(api: str) -> None:
    state = implemented()[api].state.seeded(3, Settings(seed=3, contacts=5))
    assert isinstance(state, Persisted)
    keyed = [part.path for part in state.keyed()]
    small = list(state.small())
    assert not set(keyed) & set(small), "a key is declared twice"
    missing = set(state.dump()) - set(keyed) - set(small)
    assert not missing, f"{api}: {sorted(missing)} would be lost in a crash: declare them in keyed() or small()"


def test_a_tracked_dict_notes_every_kind_of_write() -> None:
    records = TrackedDict({"a": 1, "b": 2, "c": 3, "d": 4})
    assert records.drain() == set()
    records["e"] = 5
    del records["a"]
    records.pop("b")
    records.pop("missing", None)
    records.setdefault("f", 6)
    records.setdefault("c", 0)
    records.update({"g": 7})
    assert records.drain() == {"e", "a", "b", "f", "g"}
    records.clear()
    assert records.drain() == {"c", "d", "e", "f", "g"}
