"""Input a client can send that must get the real API's answer, never a 500 or a dropped connection."""

from __future__ import annotations

import requests

from tests.mock_conversations.conftest import ShopClient, state


def test_a_malformed_origin_fails_djangos_origin_check(sara: ShopClient) -> None:
    response = sara.unsafe("POST", "/users/conversations/", json={}, headers={"Origin": "http://["})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "CSRF Failed: Origin checking failed - http://[ does not match any trusted origins."
    }


def test_a_multipart_part_in_an_unknown_charset_is_read_as_utf8(sara: ShopClient) -> None:
    boundary = "hamta"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n'
        f"Content-Type: text/plain; charset=bogus\r\n\r\nshort\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = sara.request("POST", "/users/conversations/", data=body, headers=headers)
    assert response.json() == {"detail": "CSRF Failed: CSRF token from POST has incorrect length."}


def test_logout_redirects_to_next_as_django_encodes_it(sara: ShopClient) -> None:
    for target, location in (("/foo\r\nX: 1", "/foo%0D%0AX:%201"), ("/سلام/", "/%D8%B3%D9%84%D8%A7%D9%85/")):
        response = sara.unsafe("POST", "/users/logout/", params={"next": target}, allow_redirects=False)
        assert (response.status_code, response.headers["Location"]) == (302, location)
        sara.login(("sara@shop.example", "hamta-sara-1404", 1))


def test_a_state_with_a_naive_time_or_a_wrong_shape_is_refused_whole(fresh: str) -> None:
    good = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    naive = {
        **good["conversations"],
        "conversations": [{**good["conversations"]["conversations"][0], "last_message_date": "2025-01-01T10:00:00"}],
    }
    for section in (naive, {**good["conversations"], "last_logins": []}):
        answer = requests.put(f"{fresh}/__mock__/state", json={**good, "conversations": section}, timeout=30)
        assert answer.status_code == 400, answer.text
    assert state(fresh) == good["conversations"]
