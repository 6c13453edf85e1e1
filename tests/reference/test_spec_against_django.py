"""The spec's patterns against the validators of the framework they describe, run in-process: what the spec
calls a valid email or mobile is exactly what Django's validators accept (Django 5.2, `core/validators.py`), and
the mock's port of the email validator (`x-validator: email`) accepts exactly what Django's does."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from hypothesis import given
from hypothesis import strategies as st

from hamta import load_spec
from hamta.openapi import resolve
from mockserver.email_address import is_email

SPEC = load_spec("contacts")
# Every schema that names Django's email validator, in every spec: (api, schema name).
EMAIL_SCHEMAS = [
    (api, name)
    for api in ("contacts", "conversations", "callbell")
    for name, schema in load_spec(api).document["components"]["schemas"].items()
    if schema.get("x-validator") == "email"
]


def _pattern(name: str, api: str = "contacts") -> re.Pattern[str]:
    spec = SPEC if api == "contacts" else load_spec(api)
    return re.compile(resolve(spec.document, {"$ref": f"#/components/schemas/{name}"})["pattern"])


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


@pytest.mark.parametrize("value", ["a@[1.2.3.4]", "a@例え.テスト", "a@[::1]"])
def test_the_documented_gaps_of_the_email_pattern(value: str) -> None:
    """What EmailInput's description says the pattern leaves out: Django accepts it, the pattern does not, and
    the mock does (it runs the validator, not the pattern)."""
    assert _accepts(EmailValidator(), value)
    assert not _pattern("EmailInput").match(value)
    assert is_email(value)


# Addresses from every corner of the validator: IP literals (valid, out of range, IPv6, too long), letters of
# any script up to U+FFFF and beyond, digits and dashes where labels may or may not hold them, quoted local parts.
_ANY_LABEL = st.text(alphabet=st.characters(max_codepoint=0x2FFFF, exclude_categories=("Cs",)), min_size=1, max_size=5)
_LITERALS = [
    *("1.2.3.4", "256.1.1.1", "01.2.3.4", "1.2.3", "a.b.c.d", "", ":", "::g"),
    *("::1", "2001:db8::1", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "00000:0:0:0:0:0:0:1"),
    "0000:0000:0000:0000:0000:0000:0000:0001",  # 39 characters: the most Django takes
    "0000:0000:0000:0000:0000:ffff:255.255.255.255",  # a valid address of 45: too long
]
_LITERAL = st.sampled_from(_LITERALS).map(lambda ip: f"[{ip}]")
any_emails = (
    st.builds(
        lambda local, domain: f"{local}@{domain}",
        LOCAL | st.sampled_from(['"a b"', '"a\\"b"', '"\x7f"', "a..b", ".a", "a."]),
        st.one_of(
            _LITERAL,
            st.builds(lambda labels: ".".join(labels), st.lists(_ANY_LABEL | LABEL, min_size=1, max_size=4)),
            st.sampled_from(
                ["localhost", "LOCALHOST", "例え.テスト", "a.xn--p1ai", "a.b-", "a.-b", "a.bb.", "[1.2.3.4"]
            ),
        ),
    )
    | emails
    | st.text(max_size=12)
)


@given(value=any_emails)
def test_the_mocks_email_check_is_djangos_email_validator(value: str) -> None:
    assert is_email(value) is _accepts(EmailValidator(), value)


@pytest.mark.parametrize("literal", _LITERALS)
def test_every_address_literal_is_judged_as_django_does(literal: str) -> None:
    value = f"a@[{literal}]"
    assert is_email(value) is _accepts(EmailValidator(), value)


@pytest.mark.parametrize(("api", "name"), EMAIL_SCHEMAS)
@given(value=emails)
def test_every_email_pattern_accepts_only_what_django_does(api: str, name: str, value: str) -> None:
    """A pattern that names the validator may be narrower (it is what clients generate from), never wider: an
    address it generates is one the deployment takes."""
    if _pattern(name, api).match(value):
        assert _accepts(EmailValidator(), value.strip())


def test_the_email_validator_is_named_where_the_specs_take_an_address() -> None:
    assert sorted(EMAIL_SCHEMAS) == [
        ("contacts", "EmailFormInput"),
        ("contacts", "EmailInput"),
        ("conversations", "RequiredEmail"),
    ]


@pytest.mark.parametrize("value", ["09121234567", "0912123456", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "08121234567", ""])
def test_the_mobile_pattern_is_the_models_regex_validator(value: str) -> None:
    model = RegexValidator(r"^09[0-9]{9}$")  # tests/reference/contacts_drf/contacts/models.py
    assert bool(_pattern("MobileInput").match(value)) is (value == "" or _accepts(model, value))
