"""The spec's patterns against the validators of the framework they describe, run in-process: what the spec
calls a valid email or mobile is exactly what Django's validators accept (Django 5.2, `core/validators.py`)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from hypothesis import given
from hypothesis import strategies as st

from hamta import load_spec
from hamta.openapi import resolve

SPEC = load_spec("contacts")


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(resolve(SPEC.document, {"$ref": f"#/components/schemas/{name}"})["pattern"])


def _accepts(validator: EmailValidator | RegexValidator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


LOCAL = st.text(alphabet="abcXYZ019.-_+'\"@!#~ ", min_size=1, max_size=8)
LABEL = st.text(alphabet="abcXYZ019-ایران", min_size=1, max_size=6)
emails = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join([*labels, tld])}",
    LOCAL,
    st.lists(LABEL, min_size=0, max_size=3),
    st.one_of(LABEL, st.sampled_from(["com", "ir", "c", "c1", "xn--p1ai", "localhost", "-a"])),
) | st.sampled_from(["a@localhost", "a@LOCALHOST", '"a@b"@x.org', "a@b.cc."])


@given(value=emails)
def test_the_email_pattern_is_djangos_email_validator(value: str) -> None:
    assert bool(_pattern("EmailInput").match(value)) is _accepts(EmailValidator(), value.strip())


@pytest.mark.parametrize("value", ["a@[1.2.3.4]", "a@例え.テスト"])
def test_the_documented_gaps_of_the_email_pattern(value: str) -> None:
    """What EmailInput's description says the pattern leaves out: Django accepts it, the pattern does not."""
    assert _accepts(EmailValidator(), value)
    assert not _pattern("EmailInput").match(value)


@pytest.mark.parametrize("value", ["09121234567", "0912123456", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "08121234567", ""])
def test_the_mobile_pattern_is_the_models_regex_validator(value: str) -> None:
    model = RegexValidator(r"^09[0-9]{9}$")  # tests/reference/contacts_drf/contacts/models.py
    assert bool(_pattern("MobileInput").match(value)) is (value == "" or _accepts(model, value))
