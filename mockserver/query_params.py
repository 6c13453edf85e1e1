"""The query string as the APIs' frameworks read it: a repeated parameter counts with its last value.

aiohttp's `request.query.get(key)` gives a repeated key's first value. Every framework behind the three APIs
takes the last: Django's QueryDict answers `[key]` and `.get(key)` with it (Django 5.2.19
django/utils/datastructures.py:78 and :116, `MultiValueDict`), and that is what DRF reads for the search, the
ordering, the format and the paginations (3.18.3 rest_framework/filters.py:79 and :229, negotiation.py:50,
pagination.py:216, :403 and :412) and what django-filter's form fields read (Django's
`Widget.value_from_datadict`: `data.get(name)`); Rack's query parser sets a plain key again for each later value,
so Rails' `params[key]` is the last one too. Checked against the contacts reference deployment
(tests/reference/, `contract_tests/twin/corpus.py`'s repeated-parameter probes).
"""

from __future__ import annotations

from collections.abc import Mapping

from multidict import MultiMapping

__all__ = ["last_values"]


def last_values(query: MultiMapping[str]) -> Mapping[str, str]:
    """Each parameter of the query once, with its last value."""
    return dict(query.items())  # a later pair overwrites an earlier one
