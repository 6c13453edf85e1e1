"""Hypothesis strategies for Persian data, public so that QA can build on them.

    from contract_tests.strategies import persian_names, iranian_mobiles, near_valid_mobiles

Every strategy writes ASCII digit classes as `[0-9]`: `st.from_regex(r"\\d")` yields Persian and Arabic digits
99% of the time, which is a strategy of its own here (`localized_digits`), not an accident.
"""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = [
    "ARABIC_LETTER_VARIANTS",
    "MOBILE_PREFIXES",
    "ZWNJ",
    "iranian_mobiles",
    "letter_variants",
    "localized_digits",
    "near_valid_mobiles",
    "persian_names",
    "persian_text",
    "search_terms",
]

ZWNJ = "\u200c"  # zero-width non-joiner: part of Persian spelling (می‌خواهم), easy to lose in a pipeline
# Persian letter -> its Arabic look-alike; real data mixes both, and a search must find either spelling.
ARABIC_LETTER_VARIANTS = {"ی": "ي", "ک": "ك"}
MOBILE_PREFIXES = (
    *(f"091{d}" for d in range(10)),
    *(f"090{d}" for d in range(1, 6)),
    *(f"093{d}" for d in range(10)),
    *(f"099{d}" for d in range(5)),
    *(f"092{d}" for d in range(3)),
)
_PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_NAMES = ("علی", "رضا", "مریم", "زهرا", "حسین", "سارا", "کیان", "یاسمن", "محمدرضا", "نیکی", "کاظمی", "یزدانی")
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"


def letter_variants(text: str) -> st.SearchStrategy[str]:
    """`text` with any of its ی/ک swapped for the Arabic ي/ك (each occurrence independently)."""
    positions = [i for i, char in enumerate(text) if char in ARABIC_LETTER_VARIANTS]
    if not positions:
        return st.just(text)

    def swap(chosen: list[bool]) -> str:
        chars = list(text)
        for index, flip in zip(positions, chosen, strict=True):
            if flip:
                chars[index] = ARABIC_LETTER_VARIANTS[chars[index]]
        return "".join(chars)

    return st.lists(st.booleans(), min_size=len(positions), max_size=len(positions)).map(swap)


def persian_names() -> st.SearchStrategy[str]:
    """Realistic names, some with ZWNJ or Arabic letter variants, some invented from Persian letters."""
    invented = st.text(alphabet=_PERSIAN_LETTERS, min_size=2, max_size=9)
    with_zwnj = st.tuples(st.sampled_from(_NAMES), st.sampled_from(_NAMES)).map(lambda pair: ZWNJ.join(pair))
    return st.one_of(st.sampled_from(_NAMES).flatmap(letter_variants), invented, with_zwnj)


def persian_text(max_size: int = 60) -> st.SearchStrategy[str]:
    words = st.one_of(persian_names(), st.text(alphabet=_PERSIAN_LETTERS, min_size=1, max_size=7))
    return st.lists(words, min_size=1, max_size=8).map(" ".join).map(lambda text: text[:max_size])


def iranian_mobiles() -> st.SearchStrategy[str]:
    """Valid: `09` + nine ASCII digits, with a real operator prefix."""
    return st.tuples(st.sampled_from(MOBILE_PREFIXES), st.from_regex(r"[0-9]{7}", fullmatch=True)).map("".join)


def localized_digits(ascii_digits: str) -> st.SearchStrategy[str]:
    """The same number in Persian or Arabic-Indic digits (invalid for the API, which wants ASCII)."""
    persian = ascii_digits.translate(str.maketrans("0123456789", _PERSIAN_DIGITS))
    arabic = ascii_digits.translate(str.maketrans("0123456789", _ARABIC_DIGITS))
    return st.sampled_from([persian, arabic])


def near_valid_mobiles() -> st.SearchStrategy[str]:
    """Almost valid mobiles, each wrong in one way a real client gets wrong: the +98 form, a digit too many
    or too few, a landline prefix, spaces, localized digits."""
    valid = iranian_mobiles()
    return st.one_of(
        valid.map(lambda m: "+98" + m[1:]),
        valid.map(lambda m: m + "1"),
        valid.map(lambda m: m[:-1]),
        valid.map(lambda m: "02" + m[2:]),
        valid.map(lambda m: f"{m[:4]} {m[4:7]} {m[7:]}"),
        valid.flatmap(localized_digits),
    )


def search_terms() -> st.SearchStrategy[str]:
    """Search input a user types: names, digits, Latin, punctuation (quotes included), ZWNJ; never NUL."""
    latin = st.text(alphabet=st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), min_size=1, max_size=6)
    return st.one_of(persian_names(), st.from_regex(r"[0-9]{2,5}", fullmatch=True), latin, persian_text(20))
