"""The repository against a plain model (a dict read in id order): any mix of adds, replaces, deletes and loads
leaves the same records, in the same order, at the same places of every page, and never hands out an id twice."""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from mockserver.store import Repository

# A step: its kind, a number (which existing id it picks, or the new record's value), and for a load the
# (id, value) pairs it loads and the next_id it gives.
Step = tuple[str, int, dict[int, int], int]
steps = st.lists(
    st.tuples(
        st.sampled_from(["add", "replace", "delete", "load"]),
        st.integers(0, 10**6),
        st.dictionaries(st.integers(1, 60), st.integers(0, 99), max_size=12),
        st.integers(1, 80),
    ),
    max_size=80,
)


def _made(new_id: int, value: int) -> tuple[int, int]:
    return new_id, value


@given(steps, st.integers(0, 30), st.integers(0, 12))
def test_a_repository_is_its_records_in_id_order_after_any_writes(
    operations: list[Step], offset: int, limit: int
) -> None:
    store: Repository[tuple[int, int]] = Repository()
    model: dict[int, tuple[int, int]] = {}
    handed_out: set[int] = set()
    for kind, number, pairs, next_id in operations:
        if kind == "add":
            record = store.add(functools.partial(_made, value=number))
            assert record[0] not in handed_out, "an id is never handed out twice"
            handed_out.add(record[0])
            model[record[0]] = record
        elif kind == "load":
            store.load([(key, (key, value)) for key, value in reversed(pairs.items())], next_id)
            model = {key: (key, value) for key, value in pairs.items()}
            handed_out = set(model) | set(range(1, store.next_id))
        elif model:
            chosen = sorted(model)[number % len(model)]
            if kind == "replace":
                model[chosen] = (chosen, -number)
                store.replace(chosen, model[chosen])
            else:
                assert store.delete(chosen)
                del model[chosen]
        elif kind == "delete":
            assert not store.delete(1), "deleting what is not there says so"
    in_order = [model[key] for key in sorted(model)]
    assert store.ids() == sorted(model)
    assert list(store.ascending()) == in_order
    assert list(store.descending()) == in_order[::-1]
    assert len(store) == len(model)
    assert store.window(offset, limit, descending=False) == in_order[offset : offset + limit]
    assert store.window(offset, limit, descending=True) == in_order[::-1][offset : offset + limit]
    assert store.many([*sorted(model, reverse=True), 10**7]) == in_order[::-1]
    assert all(store.get(key) == record for key, record in model.items())
    assert store.next_id > max(handed_out, default=0)
