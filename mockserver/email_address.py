"""Django's EmailValidator, as DRF's EmailField runs it: the mock accepts exactly the addresses Django does.

The spec's email patterns are narrower on purpose (Schemathesis generates from them, and a pattern over every
letter up to U+FFFF made its runs seven times slower); a request is judged by this port of Django 5.2.19
`django/core/validators.py:210-272` (EmailValidator, with DomainNameValidator's host parts at :69-83 and the
address literal's `validate_ipv46_address` at :304-335, `django/utils/ipv6.py:6-14`).
tests/reference/test_spec_against_django.py holds it to Django's own validator.
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["is_email"]

_LETTERS = "\u00a1-\uffff"  # DomainNameValidator.ul: "Unicode letters range"
_HOSTNAME = r"[a-z" + _LETTERS + r"0-9](?:[a-z" + _LETTERS + r"0-9-]{0,61}[a-z" + _LETTERS + r"0-9])?"
_DOMAIN = r"(?:\.(?!-)[a-z" + _LETTERS + r"0-9-]{1,63}(?<!-))*"
_TLD = r"\.(?!-)(?:[a-z" + _LETTERS + r"-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)"

_USER = re.compile(
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"  # dot-atom
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',  # quoted-string
    re.IGNORECASE,
)
_DOMAIN_PART = re.compile(r"^" + _HOSTNAME + _DOMAIN + _TLD + r"\Z", re.IGNORECASE)
_LITERAL = re.compile(r"\[([A-F0-9:.]+)\]\Z", re.IGNORECASE)  # an IPv4 or IPv6 address (SMTP 4.1.3)
_ALLOWED_DOMAINS = ("localhost",)
_MAX_LENGTH = 320  # RFC 3696 section 3
_MAX_IPV6_LENGTH = 39


def is_email(value: str) -> bool:
    """Whether Django's EmailValidator() accepts `value` (already trimmed, as DRF's CharField trims)."""
    if not value or "@" not in value or len(value) > _MAX_LENGTH:
        return False
    user, domain = value.rsplit("@", 1)
    if not _USER.match(user):
        return False
    return domain in _ALLOWED_DOMAINS or _domain_part(domain)


def _domain_part(domain: str) -> bool:
    if _DOMAIN_PART.match(domain):
        return True
    literal = _LITERAL.match(domain)
    return literal is not None and _ip_address(literal[1])


def _ip_address(text: str) -> bool:
    """validate_ipv46_address: an IPv4 address, else an IPv6 one of at most 39 characters."""
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        pass
    if len(text) > _MAX_IPV6_LENGTH:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True
