"""The requests a twin run sends to both sides: every operation of the contacts API, every filter, ordering field,
search form, paging edge, role, error and quirk, built from the spec's extensions and the copied records.

A probe names ids the run creates symbolically (`{made}` in its path is the id the probe with `creates="made"`
got back), so each side is asked about its own new rows; ids from the copy are the same on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from hamta.openapi import ApiSpec

__all__ = ["NO_BODY", "Probe", "contacts_corpus"]

NO_BODY = object()
LIST = "/api/contacts/"
FORM = "application/x-www-form-urlencoded"
DETAIL = "/api/contacts/{id}/"


@dataclass(frozen=True)
class Probe:
    operation: str  # the spec's template, for grouping: "GET /api/contacts/"
    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    role: str | None = "admin"  # whose token; None sends no Authorization header
    authorization: str | None = None  # a raw Authorization header, instead of a role's token
    json: Any = field(default=NO_BODY, compare=False)
    data: str | bytes | None = None  # a raw body (a str goes out in UTF-8), with `content_type`
    content_type: str | None = None
    accept: str | None = None
    creates: str | None = None  # bind the created id to this name, for later probes' paths


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _middle(values: list[Any]) -> Any:
    ordered = sorted(v for v in values if v is not None)
    return ordered[len(ordered) // 2] if ordered else None


def _filter_values(kind: str, field_name: str, records: list[dict[str, Any]]) -> list[str]:
    """Valid, boundary and invalid values of one filter, as a client could send them."""
    if kind == "boolean":
        return ["true", "false", "True", "FALSE", "1", "0", "yes", ""]
    if kind == "number":
        middle = _middle([r.get(field_name) for r in records]) or 1
        return [str(middle), f"{middle}.5", "1e2", "1e50", "1.1e50", "-1e60", "ten", " ", "", "-1"]
    if kind == "date":
        middle = _middle([_day(r.get(field_name)) for r in records]) or "2025-09-15"
        return [middle, "2025-06-01", "2030-01-01", "2025-13-01", "15-09-2025", "not-a-date", " ", ""]
    return []


def _list_probes(spec: ApiSpec, records: list[dict[str, Any]]) -> Iterator[Probe]:
    operation = spec.operation("contacts_list")
    label = f"GET {LIST}"

    def get(*params: tuple[str, str]) -> Probe:
        return Probe(label, "GET", LIST, params)

    yield get()
    for limit in ("3", "1000", "abc", "0", "-3", "1.5", ""):
        yield get(("limit", limit))
    count = len(records)
    for offset in ("5", "abc", "-4", str(count - 2), str(count + 100)):
        yield get(("limit", "4"), ("offset", offset))
    for flt in operation.filters:
        for value in _filter_values(flt.value, flt.field, records):
            yield get((flt.param, value), ("limit", "100"))
    assert operation.ordering is not None
    for name in operation.ordering.fields:
        for sign in ("", "-"):
            yield get(("ordering", f"{sign}{name}"), ("limit", "100"))
    for value in ("nope", "nope,-id", "viewed,-id", "-viewed_at,id", "subject,-created_at", " id", "-", ""):
        yield get(("ordering", value), ("limit", "50"))
    names = [r[f] for r in records for f in ("first_name", "last_name") if r.get(f)]
    terms = {names[0], names[len(names) // 2]} if names else set()
    terms |= {n.replace("ی", "ي").replace("ک", "ك") for n in terms}
    terms |= {n.replace("ي", "ی").replace("ك", "ک") for n in terms}
    emails = [r["email"] for r in records if r.get("email")]
    if emails:
        terms |= {emails[0].split("@")[0][:4], emails[0].split("@")[0][:4].upper()}
    mobiles = [r["mobile_number"] for r in records if r.get("mobile_number")]
    if mobiles:
        terms.add(mobiles[0][:6])
    terms |= {"0912", "1", "yahoo", "YAHOO", '"علی رضا"', "علی,رضا", "  ", "", "o'reilly", "%", "_", "'", "1 '"}
    for term in sorted(terms):
        yield get(("search", term), ("limit", "100"))
    yield get(("search", "a"), ("ordering", "-viewed_at"), ("is_viewed", "true"), ("limit", "5"), ("offset", "5"))
    yield get(("has_email", "false"), ("ordering", "subject"), ("id_min", "10"), ("limit", "100"))
    # A repeated parameter: Django's QueryDict reads the last value (for filters, search, ordering, paging and
    # format alike), where a client library might have sent the first one on purpose.
    middle_id = str(_middle([r.get("id") for r in records]) or 1)
    yield get(("is_viewed", "true"), ("is_viewed", "false"), ("limit", "100"))
    yield get(("id_min", middle_id), ("id_min", "1"), ("limit", "100"))
    yield get(("ordering", "id"), ("ordering", "-subject"), ("limit", "50"))
    yield get(("search", "zzzz-none"), ("search", "1"), ("limit", "100"))
    yield get(("search", "1"), ("search", "zzzz-none"), ("limit", "100"))
    yield get(("limit", "2"), ("limit", "5"), ("offset", "1"), ("offset", "3"))
    yield get(("format", "json"), ("format", "nope"))
    yield get(("format", "nope"), ("format", "json"), ("limit", "3"))


def _detail_probes(records: list[dict[str, Any]]) -> Iterator[Probe]:
    label = f"GET {DETAIL}"
    unviewed = next((r["id"] for r in records if not r["viewed"]), None)
    viewed = next((r["id"] for r in records if r["viewed"]), None)
    for contact_id in (unviewed, viewed):
        if contact_id is not None:
            yield Probe(label, "GET", DETAIL.format(id=contact_id))
            yield Probe(label, "GET", DETAIL.format(id=contact_id))  # the second read changes nothing
    for odd in ("999999", "abc", "0", "-1", "1.json", "1.api", "1.5", "1.xml"):
        yield Probe(label, "GET", DETAIL.format(id=odd))
    yield Probe(label, "GET", f"{LIST}1.json")
    yield Probe(f"GET {LIST}", "GET", "/api/contacts.json")
    yield Probe("GET /api/", "GET", "/api/")
    yield Probe("GET /api/", "GET", "/api/", role=None)
    yield Probe("GET /api/", "GET", "/api/", role=None, authorization="Token 0000")
    yield Probe("GET /api/", "GET", "/api")
    yield Probe("OPTIONS /api/", "OPTIONS", "/api/")
    yield Probe("GET /api/", "GET", "/api/nope/")
    for fmt in ("json", "api", "xml", ""):
        yield Probe(label, "GET", DETAIL.format(id=records[0]["id"] if records else 1), (("format", fmt),))
        yield Probe(f"GET {LIST}", "GET", LIST, (("format", fmt), ("limit", "2")), role=None)
    for accept in ("application/json", "text/html", "application/xml", "text/*", "application/json; indent=4", ""):
        yield Probe(f"GET {LIST}", "GET", LIST, (("limit", "2"),), accept=accept)


def _write_probes(marker: str) -> Iterator[Probe]:
    create, update, delete = f"POST {LIST}", f"PATCH {DETAIL}", f"DELETE {DETAIL}"
    yield Probe(create, "POST", LIST, json={"subject": f"{marker} minimal"}, creates="minimal")
    # letters whose case the databases fold differently from Python: PostgreSQL's UPPER() one character at a
    # time (ß stays, final sigma and dotless i U+0131 become Σ and I, İ stays), SQLite's ASCII letters only
    for name in ("İpek", "Straße", "ẞ", "\u03c3\u03bf\u03c6\u03bf\u03c2", "ς", "\u0131", "ᾀ", "ﬁ"):  # one contact each
        yield Probe(create, "POST", LIST, json={"subject": f"{marker} fold", "first_name": name})
    for term in ("i", "I", "ß", "ẞ", "\u03c3", "ς", "ᾈ", "fi"):
        yield Probe(f"GET {LIST}", "GET", LIST, (("search", f"{marker} {term}"), ("limit", "100")))
    yield Probe(
        create,
        "POST",
        LIST,
        json={
            "subject": f"  {marker} پیگیری سفارش  ",
            "message": "سلام",
            "first_name": "تورج",
            "last_name": "دانشور",
            "email": "  Tooraj@Example.com ",
            "mobile_number": " 09232362073 ",
        },
        creates="full",
    )
    invalid_bodies: list[Any] = [
        {},
        {"subject": ""},
        {"subject": "   "},
        {"subject": None},
        {"subject": 17},
        {"subject": 1.5},
        {"subject": True},
        {"subject": ["a"]},
        {"subject": {"a": 1}},
        {"subject": "x" * 256},
        {"subject": "s", "email": "not-an-email"},
        {"subject": "s", "email": "a@b"},
        {"subject": "s", "email": "a@localhost"},
        {"subject": "s", "email": "x" * 250 + "@example.com"},
        # what Django's validator takes beyond the spec's pattern, and a domain it refuses that looks fine
        {"subject": "s", "email": "a@[127.0.0.1]"},
        {"subject": "s", "email": "a@[::1]"},
        {"subject": "s", "email": "a@[256.0.0.1]"},
        {"subject": "s", "email": "a@例え.テスト"},
        {"subject": "s", "email": "a@b.c1"},
        {"subject": "s", "mobile_number": "+989121234567"},
        {"subject": "s", "mobile_number": "0912123456"},
        {"subject": "s", "mobile_number": "0912123456789"},
        {"subject": "s", "mobile_number": "۰۹۱۲۱۲۳۴۵۶۷"},
        {"subject": "s", "mobile_number": ""},
        {"subject": "s", "first_name": "x" * 151},
        {"subject": "s\u0000"},
        {"subject": "s", "viewed": True, "id": 5, "unknown": 1},
        # every field wrong at once: the 400 lists them in the serializer's field order
        {"message": "\u0000", "subject": " ", "mobile_number": "1", "email": "bad", "last_name": []}
        | {"first_name": "x" * 151},
        [{"subject": "s"}],
        "subject",
    ]
    for number, body in enumerate(invalid_bodies):
        named = f"{marker}-{number}" if isinstance(body, dict) and body.get("subject") == "s" else None
        payload = {**body, "subject": named} if named else body
        yield Probe(create, "POST", LIST, json=payload, creates=f"odd{number}")
    yield Probe(create, "POST", LIST, data="{bad json", content_type="application/json")
    yield Probe(create, "POST", LIST, data="", content_type="application/json")
    yield Probe(create, "POST", LIST, data=f"subject={marker}+form", content_type="application/x-www-form-urlencoded")
    yield Probe(create, "POST", LIST, data="subject=x", content_type="text/plain")
    # the charset DRF's parsers decode with: a name Python does not know is UTF-8, a codec that is no text
    # encoding is refused, a form not in its charset is read as ISO-8859-1, a cut last character is left unread
    yield Probe(create, "POST", LIST, data='{"subject": "x"}', content_type="application/json; charset=zlib")
    yield Probe(create, "POST", LIST, data=f"subject={marker}", content_type=f"{FORM}; charset=base64")
    yield Probe(
        create, "POST", LIST, data=f'{{"subject": "{marker} نام"}}', content_type="application/json; charset=nope"
    )
    yield Probe(create, "POST", LIST, data=f"subject={marker}-utf16", content_type=f"{FORM}; charset=utf-16")
    yield Probe(create, "POST", LIST, data=b'{"subject": "\xd8', content_type="application/json")
    yield Probe(create, "POST", "/api/contacts", json={"subject": f"{marker} slashless"})
    yield Probe(create, "POST", "/api/contacts", json={"subject": f"{marker} slashless"}, accept="application/json")
    yield Probe(f"GET {LIST}", "GET", "/api/contacts", params=(("search", "x"),))
    yield Probe(f"GET {DETAIL}", "GET", "/api/contacts/{minimal}")
    yield Probe(f"GET {LIST}", "GET", "/api/contacts//")  # APPEND_SLASH only appends: the 404 page
    yield Probe(f"GET {DETAIL}", "GET", "/api/contacts/{minimal}//")
    yield Probe(create, "POST", "/api/contacts//", json={"subject": f"{marker} doubled"})
    patch = "/api/contacts/{minimal}/"
    yield Probe(update, "PATCH", patch, json={"last_name": "احمدی", "viewed": True, "created_at": "2020-01-01"})
    yield Probe(update, "PATCH", patch, json={"email": "bad"})
    yield Probe(update, "PATCH", patch, json={"subject": None})
    yield Probe(update, "PATCH", patch, json={})
    yield Probe(update, "PATCH", patch, data="message=form", content_type="application/x-www-form-urlencoded")
    yield Probe(update, "PATCH", "/api/contacts/{minimal}", json={"message": "slashless"})
    yield Probe(update, "PATCH", DETAIL.format(id="999999"), json={"message": "x"})
    yield Probe(update, "PUT", patch, json={"subject": "put"})
    yield Probe(delete, "DELETE", f"{LIST}", role="admin")
    yield Probe(delete, "DELETE", "/api/contacts/{full}/", role="staff")
    yield Probe(delete, "DELETE", "/api/contacts/{full}/")
    yield Probe(delete, "DELETE", "/api/contacts/{full}/")
    yield Probe(delete, "DELETE", "/api/contacts/{minimal}/")
    yield Probe(f"GET {DETAIL}", "GET", "/api/contacts/{minimal}/")


def _auth_probes(first_id: int) -> Iterator[Probe]:
    detail = DETAIL.format(id=first_id)
    # "Token \u00e9" goes out in latin-1 (requests' way with a str header): a key that is no UTF-8
    for header in (
        None,
        "Token 0000000000",
        "Token",
        "Token a b",
        "token 367",
        "Bearer abc",
        "Basic YTpi",
        "Token \u00e9",
    ):
        probe = Probe(f"GET {LIST}", "GET", LIST, role=None, authorization=header)
        yield probe
    yield Probe(f"GET {LIST}", "GET", "/api/contacts", role=None)
    yield Probe(f"PUT {DETAIL}", "PUT", detail, role=None)
    for role in ("staff", "viewer", "nobody"):
        yield Probe(f"GET {LIST}", "GET", LIST, role=role)
        yield Probe(f"GET {DETAIL}", "GET", detail, role=role)
        yield Probe(f"POST {LIST}", "POST", LIST, role=role, json={"subject": ""})
        yield Probe(f"PATCH {DETAIL}", "PATCH", detail, role=role, json={"subject": ""})
        yield Probe(f"DELETE {DETAIL}", "DELETE", DETAIL.format(id=999999), role=role)
        yield Probe(f"PUT {DETAIL}", "PUT", detail, role=role)
    for method in ("OPTIONS", "HEAD", "PUT", "DELETE"):
        yield Probe(f"{method} {LIST}", method, LIST)
    for method in ("OPTIONS", "HEAD"):
        yield Probe(f"{method} {DETAIL}", method, detail)
    yield Probe(f"OPTIONS {DETAIL}", "OPTIONS", DETAIL.format(id="999999"))
    yield Probe(f"OPTIONS {DETAIL}", "OPTIONS", DETAIL.format(id="0.5"))


def _encodable(value: Any) -> bool:
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no HTTP client can send it
        return False
    return True


def generated_probes(spec: ApiSpec, count: int) -> list[Probe]:
    """Schemathesis' cases for the safe operations, the same on every run (derandomized): odd query values
    no hand-written probe thinks of. Unsafe operations are left to the hand-written probes, which mark and
    delete what they create: a twin run against staging must not leave generated rows behind."""
    schema = schemathesis.openapi.from_path(str(spec.source))
    probes: list[Probe] = []
    for path, method, share in (("/api/contacts/", "GET", 3), ("/api/contacts/{id}/", "GET", 1)):
        probes += _cases(schema[path][method], path, method, count * share // 4)
    return probes


def _cases(operation: Any, path: str, method: str, count: int) -> list[Probe]:
    found: list[Probe] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def collect(case: Any) -> None:
        query = tuple((name, str(value)) for name, value in (case.query or {}).items() if _encodable(value))
        concrete = path.format(**{name: value for name, value in (case.path_parameters or {}).items()})
        if _encodable(concrete) and "/" not in concrete.removeprefix("/api/contacts/").rstrip("/"):
            found.append(Probe(f"{method} {path}", method, concrete, query))

    collect()
    return found


def contacts_corpus(spec: ApiSpec, records: list[dict[str, Any]], marker: str, generated: int = 80) -> list[Probe]:
    """Reads first (they see the copy as it is), then the permission matrix and errors, then the writes."""
    first_id = min((r["id"] for r in records), default=1)
    probes = [*_list_probes(spec, records), *_detail_probes(records), *_auth_probes(first_id)]
    return [*probes, *generated_probes(spec, generated), *_write_probes(marker)]
