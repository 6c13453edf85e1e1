"""One request's changes, across APIs, as one log record; and replaying records onto a state document.

A record: `{"apis": {api: {"keyed": {path: {"field": f, "records": [[key, record or null], ...]}},
"small": {name: value}}}}`. It names each collection's key field itself, so replay works on the JSON document
alone: the snapshot's document with every record applied is then loaded like any state document (one loader,
one validation).
"""

from __future__ import annotations

import json
from typing import Any

from mockserver.jsoncodec import dumps
from mockserver.persistence.parts import Keyed, Persisted
from mockserver.state import StateError, World

__all__ = ["Capture", "replay"]


class Capture:
    """Collects what changed in a world since the last `take()`; bound to one world (a reset makes a new one)."""

    def __init__(self, world: World) -> None:
        self.world = world
        # Per API: its name and each collection's opening as JSON, encoded once.
        self._apis: list[tuple[str, bytes, Persisted, list[tuple[Keyed, bytes]]]] = []
        for name, state in world.states.items():
            if not isinstance(state, Persisted):
                raise TypeError(f"the {name} state declares no persisted parts (mockserver.persistence.parts)")
            keyed = [(part, _opening(part)) for part in state.keyed()]
            self._apis.append((name, dumps(name).encode(), state, keyed))
        self._small = {name: state.small() for name, _, state, _ in self._apis}
        self._keys: dict[str, bytes] = {}  # a small part's key as JSON, and its colon

    def take(self) -> bytes | None:
        """The changes since the last call as one JSON document (records are put in as the JSON text they come as),
        None when there are none."""
        # Once per request, so: the document's pieces gathered in one list and joined once (a record's JSON is
        # copied once, not once per level of nesting), the small parts compared whole first (a dict compares in
        # C, an unchanged immutable value by identity), the JSON of a small key made once.
        out: list[bytes] = [b'{"apis":{']
        for name, encoded_name, state, keyed in self._apis:
            start = len(out)
            for part, opening in keyed:
                changes = part.changes()
                if changes:
                    out.append(b"," if len(out) > start else b'"keyed":{')
                    out.append(opening)
                    comma = b"["
                    for key, raw in changes:
                        out += (comma + _key(key) + b",", raw or b"null", b"]")
                        comma = b",["
                    out.append(b"]}")
            if len(out) > start:
                out.append(b"}")
            small = state.small()
            last = self._small[name]
            if small != last:
                changed = [self._small_item(key, value) for key, value in small.items() if not _same(last, key, value)]
                if changed:
                    out += (b',"small":{' if len(out) > start else b'"small":{', b",".join(changed), b"}")
                self._small[name] = small
            if len(out) > start:
                out.insert(start, (b"," if start > 1 else b"") + encoded_name + b":{")
                out.append(b"}")
        if len(out) == 1:
            return None
        out.append(b"}}")
        return b"".join(out)

    def _small_item(self, key: str, value: Any) -> bytes:
        opening = self._keys.get(key)
        if opening is None:
            opening = self._keys[key] = _SMALL.encode(key).encode() + b":"
        # A counter (a create's new next_id) without a trip through the encoder.
        return opening + (b"%d" % value if type(value) is int else _SMALL.encode(value).encode())


_MISSING = object()


def _same(last: dict[str, Any], key: str, value: Any) -> bool:
    """The same object (an immutable account kept between writes: O(1)), or an equal value."""
    before = last.get(key, _MISSING)
    return before is value or before == value


def _dump_object(value: Any) -> Any:
    dump = getattr(value, "dump", None)
    if dump is None:
        raise TypeError(f"a small part must be JSON or have a dump() method, not {type(value).__name__}")
    return dump()


# The mock's JSON (mockserver.jsoncodec), and an immutable object in small() written as its dump().
_SMALL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_dump_object)


def _opening(part: Keyed) -> bytes:
    return dumps(part.path).encode() + b':{"field":' + dumps(part.field).encode() + b',"records":['


def _key(key: Any) -> bytes:
    return b"%d" % key if type(key) is int else dumps(key).encode()


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
