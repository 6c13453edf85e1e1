"""Searches too short for trigrams (a search box's first letters), and trigrams held by hundreds of values, sent
to the reference on SQLite and on PostgreSQL and to a mock of the same contacts: every count and page agrees.
With 1,500 contacts the id and mobile fields have more distinct values than `search_index._MANY`, so the mock
looks for such a term in those fields' values' bytes at once (`mockserver/listing/haystack.py`) and reads the
ids off an array by id; the property tests check that way against a literal scan, this against DRF itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from contract_tests.twin.compare import Side
from mockserver.listing import search_index
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.reference.conftest import DATABASES, assert_twins_agree, fresh_database
from tests.reference.drf_server import Reference, running_reference, seeded_contacts

SEED, SIZE = 1404, 1_500
# one character (a digit, a letter, a sign, Persian letters, alef as its escape), two (`77`: in few ids and mobile
# numbers), a trigram in many values, a term of each kind with another, letters no value holds
TERMS = ["0", "9", "09", "1", "77", "a", "@", ".", "\u0627", "ی", "ما", "com", "091", "علی", "ی 09", "a 1", "xq", "ۀ"]


@pytest.fixture(scope="module", params=DATABASES)
def pair(request: pytest.FixtureRequest) -> Iterator[tuple[Reference, str]]:
    contacts = seeded_contacts(SEED, SIZE)
    database = fresh_database(request.getfixturevalue("postgres")) if request.param == "postgresql" else None
    with running_reference(database, contacts) as reference:
        settings = Settings(seed=SEED, contacts=SIZE, apis=("contacts",), profile=reference.database)
        with running_mock(settings) as mock_url:
            yield reference, mock_url


def test_the_id_and_mobile_fields_hold_more_values_than_are_tested_one_by_one() -> None:
    contacts = seeded_contacts(SEED, SIZE)
    for field in ("id", "mobile_number"):
        assert len({contact[field] for contact in contacts}) > search_index._MANY


@pytest.mark.parametrize("term", TERMS)
def test_a_short_search_finds_what_drf_finds(pair: tuple[Reference, str], term: str) -> None:
    reference, mock_url = pair
    headers = {"Authorization": f"Token {reference.tokens()['admin']}"}
    sides = (Side(reference.url, {}), Side(mock_url, {}))
    for params in (
        {"search": term, "ordering": "id", "limit": "100"},
        {"search": term, "ordering": "-id", "offset": "30", "limit": "20", "has_email": "true"},
    ):
        answers = [requests.get(f"{side.base_url}/api/contacts/", params=params, headers=headers) for side in sides]
        assert answers[0].status_code == 200, answers[0].text
        assert_twins_agree("contacts", sides, answers, f"{params}")
