"""DRF's SearchFilter: terms split like Django's smart_split, all terms must match, each in some field.

Case folding is the database's (`icontains`): every script on PostgreSQL (one character at a time, as its
UPPER() does), ASCII letters only on SQLite. The `persian-letters` normalisation (a deployment profile, or the
spec's `x-search.normalize`) folds Arabic ي/ك into Persian ی/ک on both sides; stock DRF does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from hamta.openapi import Search
from mockserver.errors import Problem
from mockserver.listing.fields import getter

__all__ = ["Searcher", "split_terms"]

# Django's django.utils.text.smart_split pattern: whitespace-separated, quoted phrases kept whole.
_SMART_SPLIT = re.compile(
    r"""
    ((?:
        [^\s'"]*
        (?:
            (?:"(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*')
            [^\s'"]*
        )+
    ) | \S+)
    """,
    re.VERBOSE,
)
# A value with nothing that steers the split (space, quote, comma, backslash): one term, the value itself.
_PLAIN = re.compile(r"""[^\s'",\\]+""")
_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_PARSED_KEPT = 1024  # raw search values whose terms a searcher keeps


def _unescape_literal(term: str) -> str:
    quote = term[0]
    return term[1:-1].replace(rf"\{quote}", quote).replace("\\\\", "\\")


def split_terms(value: str) -> list[str]:
    """DRF 3.15+ search_smart_split."""
    if _PLAIN.fullmatch(value):  # a name or a number, as a search box sends most: itself (the split costs 3 us)
        return [value]
    terms: list[str] = []
    for match in _SMART_SPLIT.finditer(value):
        term = match.group(0).strip(",")
        if term[:1] in ('"', "'") and term[0] == term[-1]:  # a lone quote too: both its first and last
            terms.append(_unescape_literal(term))
        else:
            terms.extend(part.strip() for part in term.split(",") if part)
    return [term for term in terms if term]


def _upper_per_character(text: str) -> str:
    """PostgreSQL's UPPER() under a UTF-8 C library locale: each character to its one-character uppercase
    (`towupper`), where Python's `str.upper` applies Unicode's full mapping and turns ß into SS. Checked against the
    reference on PostgreSQL: the dotless i (U+0131) is found by `i` (UPPER gives I) and `İ` is not, the final sigma
    `ς` by the sigma U+03C3, and `ẞ` not by `ß`; a lower-casing fold answered each the other way."""
    upper = text.upper()
    if len(upper) == len(text):  # no character grew: each took its one-character mapping
        return upper
    return "".join([_one_upper(character) for character in text])


@functools.cache
def _one_upper(character: str) -> str:
    """The one-character uppercase of a character whose full uppercase is longer (102 of them, all in the BMP):
    its titlecase where that is one character (Greek letters with a subscript iota: ᾀ to ᾈ), else itself (ß,
    the ligatures ﬁ and ﬀ, ŉ)."""
    upper = character.upper()
    if len(upper) == 1:
        return upper
    title = character.title()
    return title if len(title) == 1 else character


class Searcher:
    def __init__(self, spec: Search, case_folding: str = "unicode", normalize: list[str] | None = None) -> None:
        self.param = spec.param
        self._getters: list[Callable[[Any], Any]] = [getter(name) for name in spec.fields]
        self._persian = "persian-letters" in (*spec.normalize, *(normalize or ()))
        self._ascii_only = case_folding == "ascii"
        # The normalised terms of a raw search value, remembered for the last _PARSED_KEPT values: splitting a
        # Persian name and folding its case costs 5-8 us of a list query's few dozen. A refused value raises,
        # so it is never remembered.
        self.terms: Callable[[str], tuple[str, ...]] = functools.lru_cache(maxsize=_PARSED_KEPT)(self._terms)

    def normalize(self, text: str) -> str:
        text = text.translate(_ASCII_LOWER) if self._ascii_only else _upper_per_character(text)
        return text.translate(_PERSIAN) if self._persian else text

    def _terms(self, raw: str) -> tuple[str, ...]:
        if "\x00" in raw:
            # DRF >= 3.15 validates the value with a CharField: a bare list of messages, not a field map.
            raise Problem(400, items=["Null characters are not allowed."])
        return tuple(self.normalize(term) for term in split_terms(raw))

    def field_texts(self) -> list[Callable[[Any], str]]:
        """One function per search field: the record's normalised text of that field ("" for null)."""

        def text_of(get: Callable[[Any], Any]) -> Callable[[Any], str]:
            def text(record: Any) -> str:
                value = get(record)
                return "" if value is None else self.normalize(str(value))

            return text

        return [text_of(get) for get in self._getters]
