"""A contact's JSON bytes, written straight from its fields, are DRF's JSONRenderer encoding of its rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.apis.contacts.model import Contact, format_timestamp
from mockserver.jsoncodec import dumps


def _rendered(contact: Contact) -> bytes:
    """DRF's JSONRenderer: compact, non-ASCII as it is, U+2028 and U+2029 as escapes (renderers.py:103-106)."""
    return dumps(contact.render()).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


# Any text the API could store: Persian, quotes, backslashes, control characters, emoji (no lone surrogates:
# the serializer refuses them, and UTF-8 cannot carry them).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.sampled_from(["\u2028", "a\u2029b"])
nullable = st.one_of(st.none(), texts)
moments = st.datetimes(
    min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.sampled_from([dt.UTC])
)
contacts = st.builds(
    Contact,
    id=st.integers(1, 2**53),
    subject=texts,
    message=nullable,
    first_name=nullable,
    last_name=nullable,
    email=nullable,
    mobile_number=nullable,
    viewed=st.booleans(),
    viewed_at=st.one_of(st.none(), moments),
    created_at=moments,
    updated_at=moments,
)


def _drf_datetime(value: dt.datetime) -> str:
    """DRF's DateTimeField.to_representation, read literally (in UTC, the project's time zone)."""
    text = value.astimezone(dt.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Runs of moments near each other (same second, next microsecond, whole seconds) and far apart, in any zone.
offsets = st.lists(st.sampled_from([0, 1, -1, 999_999, 1_000_000, 86_400_000_000]), min_size=1, max_size=8)
zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=3, minutes=30)), dt.timezone(-dt.timedelta(hours=5))])


@given(moments, offsets, zones)
def test_timestamps_are_drfs_in_any_sequence(start: dt.datetime, steps: list[int], zone: dt.tzinfo) -> None:
    moment = start
    for step in steps:
        moment += dt.timedelta(microseconds=step)
        for value in (moment, moment.replace(microsecond=0), moment.astimezone(zone)):
            assert format_timestamp(value) == _drf_datetime(value)


def test_a_second_exactly_one_after_the_kept_one_is_formatted_anew() -> None:
    start = dt.datetime(2200, 1, 1, 10, 0, 0, 250_000, tzinfo=dt.UTC)  # later than any moment the other tests keep
    whole = start.replace(microsecond=0)
    for value in (start, whole + dt.timedelta(seconds=1), whole + dt.timedelta(seconds=2, microseconds=1), whole):
        assert format_timestamp(value) == _drf_datetime(value)


@given(contacts)
def test_json_bytes_are_the_encoded_rendering(contact: Contact) -> None:
    assert contact.json() == _rendered(contact)
    assert json.loads(contact.json()) == contact.render()


@given(contacts)
def test_json_bytes_follow_a_changed_contact(contact: Contact) -> None:
    contact.json()  # cached on the old version
    changed = contact.changed(subject=contact.subject + "ی", viewed=not contact.viewed)
    assert changed.json() == _rendered(changed)
    assert changed.json() != contact.json()
    assert changed == Contact.from_rendered(changed.render())


@given(contacts, contacts, st.sets(st.sampled_from([f.name for f in dataclasses.fields(Contact) if f.init])))
def test_changed_is_dataclasses_replace(contact: Contact, other: Contact, names: set[str]) -> None:
    changes = {name: getattr(other, name) for name in names}
    changed = contact.changed(**changes)
    assert changed == dataclasses.replace(contact, **changes)
    assert all(getattr(changed, name) is getattr(other, name) for name in names)


def test_changed_refuses_a_field_a_contact_has_not() -> None:
    now = dt.datetime.now(dt.UTC)
    contact = Contact(1, "s", None, None, None, None, None, False, None, now, now)
    with pytest.raises(TypeError, match="'subjct'"):
        contact.changed(subjct="x")


@given(contacts, contacts, st.sets(st.sampled_from([f.name for f in dataclasses.fields(Contact) if f.init])))
def test_a_changed_contacts_json_is_its_own_whatever_changed(contact: Contact, other: Contact, names: set[str]) -> None:
    """A contact changed from one whose JSON was made writes only its changed fields into a copy of that JSON."""
    contact.json()
    changed = contact.changed(**{name: getattr(other, name) for name in names})
    assert changed._base is contact, "the JSON is to be spliced from the one already made"
    assert changed.json() == _rendered(changed)
    assert changed._base is None, "the contact it was changed from is let go once the JSON is made"
    again = changed.changed(subject=changed.subject + '\\"', updated_at=other.created_at)
    assert again.json() == _rendered(again), "a change of a spliced contact splices again"
