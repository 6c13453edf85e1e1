"""Semantic checks of the contacts API no generic tool makes: pagination, filters, ordering, search, writes,
and the permission matrix. Expectations come from the spec's extensions; the evaluation here is written
independently of the mock, on the JSON a deployment returns."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from contract_tests.registry import Context, Failure, Skip, check
from contract_tests.strategies import iranian_mobiles, letter_variants, persian_names, search_terms
from contract_tests.target import ROLE_CODES
from hamta.openapi import Profile

LIST = "/api/contacts/"
DETAIL = "/api/contacts/{id}/"
CAP = 3000  # most items a check reads from one deployment (a shared staging database may hold far more)
_FOLD = str.maketrans({"ي": "ی", "ك": "ک"})


def _auth(ctx: Context, role: str = "admin") -> dict[str, str]:
    token = ctx.target.token(role)
    if token is None:
        raise Skip(f"no token for the {role!r} role")
    return {"Authorization": f"Token {token}"}


def _get(ctx: Context, path: str, params: dict[str, str] | None = None, role: str = "admin") -> Any:
    response = ctx.client.request("GET", path, params=params, headers=_auth(ctx, role))
    if response.status_code != 200:
        raise Failure(f"expected 200, got {response.status_code}: {response.text[:200]}", ctx.client.last)
    return response.json()


def _walk(ctx: Context, params: dict[str, str], limit: int = 100) -> tuple[int, list[dict[str, Any]], bool]:
    """(count, every item in order, complete?) following `next` links; stops at CAP items."""
    body = _get(ctx, LIST, {**params, "limit": str(limit)})
    count, items = body["count"], list(body["results"])
    while body["next"] and len(items) < CAP:
        body = _get(ctx, body["next"])
        items += body["results"]
    return count, items, body["next"] is None


def _variants(ctx: Context, dimension: str) -> list[dict[str, Any]]:
    """The settings a deployment may have in one `x-profiles` dimension: the named profile's, or every stock one."""
    profiles = ctx.spec.profiles
    if profiles is None:
        return [{}]
    chosen: Profile | None = ctx.spec.profile(ctx.target.profile) if ctx.target.profile else None
    return profiles.variants(dimension, chosen)


def _settings(ctx: Context) -> settings:
    # No shrinking: a live deployment's state moves between runs, and a shrink replay would be flaky.
    return settings(
        max_examples=ctx.target.max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )


# -- pagination ---------------------------------------------------------------------------------------------------


@check("contacts", "pagination_walk", f"GET {LIST}")
def pagination_walk(ctx: Context) -> None:
    """`count` equals the distinct items over all pages; no gap, no duplicate; `next` null on the last page."""
    seen: list[int] = []
    body = _get(ctx, LIST, {"limit": "7"})
    count, pages = body["count"], 0
    previous_offset = 0
    while True:
        seen += [item["id"] for item in body["results"]]
        pages += 1
        if not body["next"] or len(seen) >= CAP:
            break
        query = parse_qs(urlsplit(body["next"]).query)
        offset = int(query["offset"][0])
        if offset != previous_offset + 7:
            raise Failure(f"next link jumps from offset {previous_offset} to {offset}", ctx.client.last)
        previous_offset = offset
        body = _get(ctx, body["next"])
        back = body["previous"]
        if back is None:
            raise Failure("a page after the first has no previous link", ctx.client.last)
        back_offset = int(parse_qs(urlsplit(back).query).get("offset", ["0"])[0])
        if back_offset != max(0, offset - 7):
            raise Failure(f"previous of offset {offset} points to offset {back_offset}", ctx.client.last)
    if len(seen) != len(set(seen)):
        duplicated = sorted({i for i in seen if seen.count(i) > 1})[:5]
        raise Failure(f"items appear on two pages: {duplicated}", ctx.client.last)
    if len(seen) < CAP and len(seen) != count:
        raise Failure(f"count says {count} but the pages hold {len(seen)} items", ctx.client.last)


@check("contacts", "pagination_fallbacks", f"GET {LIST}")
def pagination_fallbacks(ctx: Context) -> None:
    """A bad limit falls back to the page size, a bad offset to 0, an offset past the end to an empty page."""
    pagination = ctx.spec.operation("contacts_list").pagination
    assert pagination is not None
    size = pagination.get("default-limit")
    first = _get(ctx, LIST)
    expected = min(size, first["count"])
    for limit in ("abc", "0", "-3", "1.5"):
        got = _get(ctx, LIST, {"limit": limit})
        if len(got["results"]) != expected:
            raise Failure(
                f"limit={limit!r} gave {len(got['results'])} items, not the page size {expected}", ctx.client.last
            )
    for offset in ("abc", "-4"):
        got = _get(ctx, LIST, {"offset": offset})
        if [i["id"] for i in got["results"]] != [i["id"] for i in first["results"]]:
            raise Failure(f"offset={offset!r} is not treated as 0", ctx.client.last)
    beyond = _get(ctx, LIST, {"offset": str(first["count"] + 100)})
    if beyond["results"] or beyond["next"] is not None:
        raise Failure("an offset past the end should give an empty page with no next link", ctx.client.last)


# -- filters ------------------------------------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC).date() if value else None


def _holds(lookup: str, value: Any, wanted: Any) -> bool:
    if lookup == "exact":
        return bool(value == wanted)
    if lookup == "gte":
        return value is not None and Decimal(str(value)) >= wanted
    if lookup == "lte":
        return value is not None and Decimal(str(value)) <= wanted
    if lookup in ("date", "date-gte", "date-lte"):
        day = _date(value)
        if day is None:
            return False
        outcomes: dict[str, bool] = {"date": day == wanted, "date-gte": day >= wanted, "date-lte": day <= wanted}
        return outcomes[lookup]
    if lookup == "has-value":
        return (value not in (None, "")) is wanted
    raise Skip(f"lookup {lookup!r} is not evaluated by this suite")


def _values_to_try(kind: str, lookup: str, sample: list[dict[str, Any]], field: str) -> list[tuple[str, Any]]:
    if kind == "boolean":
        return [("true", True), ("false", False)]
    if kind == "number":
        ids = sorted(item[field] for item in sample if item.get(field) is not None)
        middle = ids[len(ids) // 2] if ids else 1
        return [(str(middle), Decimal(middle))]
    if kind == "date":
        days = sorted({d for item in sample if (d := _date(item.get(field)))})
        day = days[len(days) // 2] if days else dt.date(2025, 9, 15)
        return [(day.isoformat(), day)]
    return []


@check("contacts", "filters_hold", f"GET {LIST}")
def filters_hold(ctx: Context) -> None:
    """Every filter of seed 002: each result satisfies it, and (when the whole list fits) what it leaves out
    fails it."""
    operation = ctx.spec.operation("contacts_list")
    _, everything, complete = _walk(ctx, {})
    for flt in operation.filters:
        for raw, wanted in _values_to_try(flt.value, flt.lookup, everything, flt.field):
            _, kept, kept_complete = _walk(ctx, {flt.param: raw})
            wrong = [item["id"] for item in kept if not _holds(flt.lookup, item.get(flt.field), wanted)]
            if wrong:
                raise Failure(f"{flt.param}={raw}: results {wrong[:5]} do not satisfy it", ctx.client.last)
            if complete and kept_complete:
                kept_ids = {item["id"] for item in kept}
                missed = [
                    i["id"]
                    for i in everything
                    if i["id"] not in kept_ids and _holds(flt.lookup, i.get(flt.field), wanted)
                ]
                if missed:
                    raise Failure(f"{flt.param}={raw} leaves out {missed[:5]}, which satisfy it", ctx.client.last)


@check("contacts", "filter_parsing", f"GET {LIST}")
def filter_parsing(ctx: Context) -> None:
    """django-filter's parsing: boolean spellings, "no filter" for other values, 400 for bad dates and numbers."""
    everything = _get(ctx, LIST)["count"]
    # "true" is seed 002's spelling. "True" is what both django-filter widgets take besides (the DRF module's
    # BooleanWidget also takes 1/0, the plain NullBooleanSelect 2/3): only what every stock variant agrees on.
    truthy = [_get(ctx, LIST, {"is_viewed": value})["count"] for value in ("true", "True")]
    if len(set(truthy)) != 1:
        raise Failure(f"is_viewed true/True disagree: {truthy}", ctx.client.last)
    if _get(ctx, LIST, {"is_viewed": "yes"})["count"] != everything:
        raise Failure("is_viewed=yes should be no filter at all", ctx.client.last)
    for param, value, message in (
        ("created_from", "not-a-date", "Enter a valid date."),
        ("id_min", "ten", "Enter a number."),
    ):
        response = ctx.client.request("GET", LIST, params={param: value}, headers=_auth(ctx))
        if response.status_code != 400 or response.json() != {param: [message]}:
            raise Failure(f"{param}={value} should be 400 {{{param!r}: [{message!r}]}}", ctx.client.last)


# -- ordering -----------------------------------------------------------------------------------------------------


_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T")


def _key(value: Any, nulls_largest: bool) -> tuple[bool, Any]:
    """Sort key with the database's null placement (as the largest value: PostgreSQL; as the smallest: SQLite
    and MySQL); timestamps compare as instants (DRF drops zero microseconds, so their text does not sort)."""
    if isinstance(value, str) and _TIMESTAMP.match(value):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return ((value is None) is nulls_largest, value if value is not None else 0)


def _sorted_as_one_database(values_up: list[Any], values_down: list[Any], placements: list[bool]) -> bool:
    """Whether one null placement (of those allowed) explains both directions."""
    for nulls_largest in placements:
        up = [_key(v, nulls_largest) for v in values_up]
        down = [_key(v, nulls_largest) for v in values_down]
        if up == sorted(up) and down == sorted(down, reverse=True):
            return True
    return False


@check("contacts", "ordering_sorted", f"GET {LIST}")
def ordering_sorted(ctx: Context) -> None:
    """Every ordering field, both ways: sorted, with nulls placed as one database places them in both directions
    (the profile's, or either stock one). Text is checked collation-free: descending must be ascending reversed,
    and the order inside ties is the database's, so it is compared as text of the keys only."""
    ordering = ctx.spec.operation("contacts_list").ordering
    assert ordering is not None
    placements = sorted({variant.get("nulls", "largest") == "largest" for variant in _variants(ctx, "database")})
    for name in ordering.fields:
        _, up, complete = _walk(ctx, {ordering.param: name})
        _, down, _ = _walk(ctx, {ordering.param: f"-{name}"})
        values_up, values_down = [i[name] for i in up], [i[name] for i in down]
        if any(isinstance(v, str) and not _TIMESTAMP.match(v) for v in values_up):
            if complete and values_down != values_up[::-1]:
                raise Failure(f"ordering={name} and -{name} are not each other's reverse", ctx.client.last)
            continue
        if not _sorted_as_one_database(values_up, values_down, placements):
            where = "nulls last ascending" if placements == [True] else "nulls as one database places them"
            raise Failure(f"ordering={name} / -{name} are not sorted ({where})", ctx.client.last)


@check("contacts", "ordering_rules", f"GET {LIST}")
def ordering_rules(ctx: Context) -> None:
    """Unknown fields are dropped (default order when none is left); two fields order by both."""
    default = [i["id"] for i in _get(ctx, LIST, {"limit": "20"})["results"]]
    if [i["id"] for i in _get(ctx, LIST, {"limit": "20", "ordering": "nope"})["results"]] != default:
        raise Failure("an unknown ordering field changed the order", ctx.client.last)
    expected = [i["id"] for i in _get(ctx, LIST, {"limit": "20", "ordering": "-id"})["results"]]
    if [i["id"] for i in _get(ctx, LIST, {"limit": "20", "ordering": "nope,-id"})["results"]] != expected:
        raise Failure("ordering=nope,-id is not ordering=-id", ctx.client.last)
    items = _get(ctx, LIST, {"limit": "200", "ordering": "viewed,-id"})["results"]
    keys = [(i["viewed"], -i["id"]) for i in items]
    if keys != sorted(keys):
        raise Failure("ordering=viewed,-id is not ordered by viewed, then id descending", ctx.client.last)


# -- search -------------------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lenient on purpose: a result holds a term if it does under any stock case and letter folding."""
    return text.lower().translate(_FOLD)


def _matches(item: dict[str, Any], term: str, fields: tuple[str, ...]) -> bool:
    return any(item.get(f) is not None and _fold(term) in _fold(str(item[f])) for f in fields)


@check("contacts", "search_matches", f"GET {LIST}")
def search_matches(ctx: Context) -> None:
    """Every result holds every term in a search field (Persian letter variants alike); no input is a 5xx."""
    search = ctx.spec.operation("contacts_list").search
    assert search is not None
    sample = _get(ctx, LIST, {"limit": "50"})["results"]
    known = [str(i[f]) for i in sample for f in ("first_name", "last_name") if i.get(f)]
    terms = st.one_of(st.sampled_from(known).flatmap(letter_variants), search_terms()) if known else search_terms()

    @given(term=terms)
    @example(term="o'reilly")  # a quote reaches SQL-building code first
    @example(term='"علی رضا"')  # a quoted phrase
    @example(term="می‌خواهم")  # a ZWNJ inside a word
    @example(term="كاظمي")  # Arabic letters for Persian ones
    @_settings(ctx)
    def holds(term: str) -> None:
        response = ctx.client.request("GET", LIST, params={"search": term, "limit": "50"}, headers=_auth(ctx))
        if response.status_code >= 500:
            raise Failure(f"search={term!r} is a server error", ctx.client.last)
        if response.status_code != 200:
            return
        words = [w for w in term.replace(",", " ").split() if w.strip("\"'")]
        for item in response.json()["results"]:
            for word in words:
                if '"' not in term and "'" not in term and not _matches(item, word, search.fields):
                    raise Failure(f"search={term!r}: result {item['id']} does not hold {word!r}", ctx.client.last)

    holds()


@check("contacts", "search_finds", f"GET {LIST}")
def search_finds(ctx: Context) -> None:
    """A contact is found by its last name; by the other letter variant too where the profile folds letters
    (stock DRF does not: Arabic ي/ك and Persian ی/ک are different letters to it and the database)."""
    folds = all("persian-letters" in variant.get("normalize", ()) for variant in _variants(ctx, "search-folding"))
    sample = [i for i in _get(ctx, LIST, {"limit": "30"})["results"] if i.get("last_name")]
    for item in sample[:5]:
        variant = item["last_name"].replace("ی", "ي").replace("ک", "ك")
        for term in {item["last_name"], variant} if folds else {item["last_name"]}:
            _, found, _ = _walk(ctx, {"search": term})
            if item["id"] not in {i["id"] for i in found}:
                raise Failure(f"search={term!r} does not find contact {item['id']}", ctx.client.last)


# -- auth and permissions -----------------------------------------------------------------------------------------


@check("contacts", "auth_required", f"GET {LIST}")
def auth_required(ctx: Context) -> None:
    """No credentials and bad ones are 401 with DRF's messages and a Token challenge."""
    cases = ((None, "Authentication credentials were not provided."), ("Token 0000000000", "Invalid token."))
    for header, detail in cases:
        headers = {"Authorization": header} if header else {}
        response = ctx.client.request("GET", LIST, headers=headers)
        if response.status_code != 401 or response.headers.get("WWW-Authenticate") != "Token":
            raise Failure(
                f"{header or 'no credentials'}: expected 401 with WWW-Authenticate: Token, got {response.status_code}",
                ctx.client.last,
            )
        if response.json() != {"detail": detail}:
            raise Failure(f"{header or 'no credentials'}: expected {detail!r}", ctx.client.last)


def _allowed(ctx: Context, role: str, code: int | None) -> bool:
    codes = ctx.target.codes(role)
    return codes is None or code is None or code in codes


def _create(ctx: Context, role: str, body: dict[str, Any]) -> Any:
    response = ctx.client.request("POST", LIST, json=body, headers=_auth(ctx, role))
    if response.status_code == 201:
        ctx.cleanup.append(DETAIL.format(id=response.json()["id"]))
    return response


@check("contacts", "permission_matrix", "* /api/contacts/", writes=True)
def permission_matrix(ctx: Context) -> None:
    """Each role with a token, each operation: the status its permission codes promise."""
    spec = ctx.spec
    roles = [role for role in ROLE_CODES if ctx.target.token(role)]
    if not roles:
        raise Skip("no role tokens given")
    own = _create(
        ctx, roles[0] if _allowed(ctx, roles[0], 4001) else "admin", {"subject": f"{ctx.target.marker} matrix"}
    )
    if own.status_code != 201:
        raise Failure(f"could not create a contact to test with: {own.status_code}", ctx.client.last)
    target_id = own.json()["id"]
    for role in roles:
        plan = [
            ("contacts_list", "GET", LIST, None, 200),
            ("contacts_retrieve", "GET", DETAIL.format(id=target_id), None, 200),
            ("contacts_create", "POST", LIST, {"subject": f"{ctx.target.marker} {role}"}, 201),
            ("contacts_partial_update", "PATCH", DETAIL.format(id=target_id), {"message": role}, 200),
        ]
        for operation_id, method, path, body, ok in plan:
            code = spec.operation(operation_id).permission
            response = ctx.client.request(method, path, json=body, headers=_auth(ctx, role))
            if response.status_code == 201:
                ctx.cleanup.append(DETAIL.format(id=response.json()["id"]))
            expected = ok if _allowed(ctx, role, code) else 403
            if response.status_code != expected:
                raise Failure(
                    f"{role} on {operation_id}: expected {expected}, got {response.status_code}",
                    ctx.client.last,
                    f"{method} {path}",
                )


# -- writes -------------------------------------------------------------------------------------------------------


@check("contacts", "create_read_back", f"POST {LIST}", writes=True)
def create_read_back(ctx: Context) -> None:
    """What is created is what is read back: Persian names, valid mobiles, trimmed whitespace."""
    bodies = st.fixed_dictionaries(
        {"subject": persian_names().map(lambda name: f"{ctx.target.marker} {name}")},
        optional={"first_name": persian_names(), "last_name": persian_names(), "mobile_number": iranian_mobiles()},
    )

    @given(body=bodies)
    @_settings(ctx)
    def round_trip(body: dict[str, Any]) -> None:
        created = _create(ctx, "admin", body)
        if created.status_code != 201:
            raise Failure(f"a valid contact was refused: {created.status_code} {created.text[:200]}", ctx.client.last)
        read = _get(ctx, DETAIL.format(id=created.json()["id"]))
        for name, value in body.items():
            if read[name] != value.strip():
                raise Failure(f"{name} was stored as {read[name]!r}, not {value!r}", ctx.client.last)

    round_trip()


@check("contacts", "patch_keeps_unsent", "PATCH /api/contacts/{id}/", writes=True)
def patch_keeps_unsent(ctx: Context) -> None:
    """PATCH changes only what is sent and moves updated_at forward."""
    created = _create(
        ctx, "admin", {"subject": f"{ctx.target.marker} patch", "first_name": "سارا", "mobile_number": "09121234567"}
    )
    if created.status_code != 201:
        raise Failure(f"could not create a contact: {created.status_code}", ctx.client.last)
    before = created.json()
    response = ctx.client.request(
        "PATCH", DETAIL.format(id=before["id"]), json={"last_name": "احمدی"}, headers=_auth(ctx)
    )
    if response.status_code != 200:
        raise Failure(f"PATCH answered {response.status_code}", ctx.client.last)
    after = response.json()
    for name in ("subject", "first_name", "mobile_number", "created_at"):
        if after[name] != before[name]:
            raise Failure(f"PATCH of last_name changed {name}", ctx.client.last)
    if _instant(after["updated_at"]) <= _instant(before["updated_at"]):
        raise Failure("updated_at did not move forward", ctx.client.last)


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
