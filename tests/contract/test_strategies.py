"""The public Hypothesis strategies generate what their names promise, judged by the spec's own schema."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contract_tests.strategies import (
    ZWNJ,
    iranian_mobiles,
    letter_variants,
    localized_digits,
    near_valid_mobiles,
    persian_names,
    search_terms,
)
from hamta import load_spec
from tests.spec.schema_tools import errors_at

SPEC = load_spec("contacts")
MOBILE = "/components/schemas/IranianMobile"


@given(iranian_mobiles())
def test_valid_mobiles_fit_the_spec(mobile: str) -> None:
    assert errors_at(SPEC, MOBILE, mobile) == []
    assert mobile.isascii()


@given(near_valid_mobiles())
def test_near_valid_mobiles_never_fit_the_spec(mobile: str) -> None:
    assert errors_at(SPEC, MOBILE, mobile) != []


@given(st.from_regex(r"[0-9]{4,11}", fullmatch=True).flatmap(localized_digits))
def test_localized_digits_are_not_ascii(number: str) -> None:
    assert not number.isascii()
    assert all(char.isdigit() for char in number)


@given(st.sampled_from(["یک", "کیک", "علی"]).flatmap(lambda t: st.tuples(st.just(t), letter_variants(t))))
def test_letter_variants_fold_back_to_the_original(pair: tuple[str, str]) -> None:
    original, variant = pair
    assert variant.replace("ي", "ی").replace("ك", "ک") == original


@given(persian_names())
def test_persian_names_are_persian(name: str) -> None:
    letters = [c for c in name if c != ZWNJ]
    assert letters
    assert all("\u0600" <= c <= "\u06ff" for c in letters)


@given(search_terms())
def test_search_terms_never_hold_nul(term: str) -> None:
    assert term
    assert "\x00" not in term
