"""The PostgreSQL profile's search folding against PostgreSQL's own UPPER() (what Django's `icontains` compares:
`UPPER(field::text) LIKE UPPER(term)`), on the throwaway server of the reference tests: the same text for any
string, non-ASCII letters of every script included. The SQLite profile folds ASCII letters only (tested with the
twin's probes)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.listing.search import _upper_per_character
from tests.reference.postgres import PostgresServer

# Letters and marks of every script, with the ones whose full uppercase is longer than one character weighted in.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(categories=("Ll", "Lu", "Lt", "Lo", "Mn", "Nd"), exclude_characters="\x00"),
        st.sampled_from("ßẞςσı İﬁﬀŉǰᾀᾈᾳᾼΐΰև"),
    ),
    max_size=8,
)


@pytest.fixture(scope="module")
def connection(postgres: PostgresServer) -> Iterator[psycopg.Connection]:
    with psycopg.connect(postgres.conninfo(), autocommit=True) as connected:
        yield connected


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_the_postgresql_fold_is_its_upper(connection: psycopg.Connection, text: str) -> None:
    row = connection.execute("SELECT upper(%s)", (text,)).fetchone()
    assert row is not None
    assert _upper_per_character(text) == row[0]
