"""One request's changes, across APIs, as one log record; and replaying records onto a state document.

A record: `{"apis": {api: {"keyed": {path: {"field": f, "records": [[key, record or null], ...]}},
"small": {name: value}}}}`. It names each collection's key field itself, so replay works on the JSON document
alone: the snapshot's document with every record applied is then loaded like any state document (one loader,
one validation).
"""

from __future__ import annotations

from typing import Any

from mockserver.persistence.parts import Keyed, Persisted
from mockserver.state import StateError, World

__all__ = ["Capture", "replay"]


class Capture:
    """Collects what changed in a world since the last `take()`; bound to one world (a reset makes a new one)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._apis: list[tuple[str, Persisted, list[Keyed]]] = []
        for name, state in world.states.items():
            if not isinstance(state, Persisted):
                raise TypeError(f"the {name} state declares no persisted parts (mockserver.persistence.parts)")
            self._apis.append((name, state, state.keyed()))
        self._small = {name: state.small() for name, state, _ in self._apis}

    def take(self) -> dict[str, Any] | None:
        """The changes since the last call, None when there are none."""
        apis: dict[str, Any] = {}
        for name, state, keyed in self._apis:
            entry: dict[str, Any] = {}
            for part in keyed:
                changes = part.changes()
                if changes:
                    entry.setdefault("keyed", {})[part.path] = {"field": part.field, "records": changes}
            small, last = state.small(), self._small[name]
            changed = {key: value for key, value in small.items() if last.get(key, last) != value}
            if changed:
                entry["small"] = changed
                self._small[name] = small
            if entry:
                apis[name] = entry
        return {"apis": apis} if apis else None


def replay(document: dict[str, Any], records: list[dict[str, Any]]) -> None:
    """Apply log records, oldest first, to a state document in place."""
    # Lists of records become dicts by key while replaying (one pass each way), so a record costs O(1).
    indexed: dict[tuple[str, str], dict[Any, Any]] = {}
    try:
        for record in records:
            for api, entry in record["apis"].items():
                section = document[api]
                for path, part in entry.get("keyed", {}).items():
                    field = part["field"]
                    if field is None:
                        target = section[path]
                        for key, raw in part["records"]:
                            if raw is None:
                                target.pop(str(key), None)
                            else:
                                target[str(key)] = raw
                        continue
                    by_key = indexed.get((api, path))
                    if by_key is None:
                        by_key = indexed[(api, path)] = {raw[field]: raw for raw in section[path]}
                    for key, raw in part["records"]:
                        if raw is None:
                            by_key.pop(key, None)
                        else:
                            by_key[key] = raw
                section.update(entry.get("small", {}))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateError(f"a change log record does not fit the state: {exc!r}") from None
    for (api, path), by_key in indexed.items():
        document[api][path] = list(by_key.values())
