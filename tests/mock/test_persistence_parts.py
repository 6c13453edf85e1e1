"""What each API state declares for `--state` covers its whole dump, a TrackedDict notes every write, and a
record replayed on a dump gives the state it was taken from."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from mockserver.apis.callbell.model import SentMessage
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.contacts.state import ContactsState
from mockserver.apis.conversations.model import Message
from mockserver.apis.conversations.state import ConversationsState
from mockserver.apis.registry import implemented
from mockserver.persistence import Persisted, TrackedDict
from mockserver.persistence.changes import Capture, replay
from mockserver.settings import Settings
from mockserver.state import World


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


def _world() -> World:
    modules = implemented()
    return World.seeded(3, [module.state for module in modules.values()], Settings(seed=3, contacts=5))


def _write_everything(world: World) -> None:
    """Creates, updates and deletes in every API's collections, and a change to each kind of small part."""
    contacts = world.of(ContactsState).contacts
    first = contacts.get(1)
    assert first is not None
    contacts.add(lambda new_id: first.changed(id=new_id, subject="added"))
    contacts.replace(2, first.changed(id=2, subject="changed"))
    contacts.delete(3)
    callbell = world.of(CallbellState)
    some = next(iter(callbell.contacts.values()))
    callbell.add(lambda new_id: replace(some, id=new_id, uuid="f" * 32, name="added"))
    callbell.put(replace(some, name="renamed"))
    callbell.sent["e" * 32] = SentMessage("e" * 32, some.uuid, "enqueued")
    callbell.account = replace(callbell.account, tags=(*callbell.account.tags, "added-tag"))
    shop = world.of(ConversationsState)
    shop.sessions["k" * 32] = 1
    shop.last_logins[1] = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    conversation = next(iter(shop.conversations.values()))
    conversation.messages.append(Message(shop.next_message_id, "more", "registered", conversation.user))
    shop.next_message_id += 1
    shop.conversations[conversation.id] = conversation


def test_one_record_replayed_on_the_earlier_dump_gives_the_later_dump() -> None:
    world = _world()
    before = json.loads(json.dumps(world.dump()))
    capture = Capture(world)
    assert capture.take() is None, "nothing was written yet"
    _write_everything(world)
    line = capture.take()
    assert line is not None
    assert b"\n" not in line, "one request's changes are one line of the log"
    assert capture.take() is None, "a change is taken once"
    replay(before, [json.loads(line)])
    assert before == json.loads(json.dumps(world.dump()))
