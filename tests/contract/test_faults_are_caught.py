"""Proof that the suite bites: against a mock with each deliberate defect, it fails, naming the right check."""

from __future__ import annotations

import pytest

from contract_tests.runner import run
from mockserver.faults import FAULTS
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.contract.conftest import target_for

CAUGHT_BY = {
    "missing-field": "response_schema_conformance",
    "wrong-type": "response_schema_conformance",
    "wrong-count": "pagination_walk",
    "broken-next": "pagination_walk",
    "ignored-filter": "filters_hold",
    "ignored-ordering": "ordering_sorted",
    "ignored-search": "search_matches",
    "ignored-auth": "auth_required",
    "missing-permission": "permission_matrix",
    "server-error": "search_matches",
    "wrong-content-type": "response_schema_conformance",
    "changed-slash": "trailing_slash_quirk",
    "csrf-off": "csrf_enforced",
    "bearer-ignored": "bearer_required",
    "close-ignored": "contact_writes_hold",
    "delete-ignored": "custom_status_writes_hold",
    "message-delete-ignored": "sent_message_listed",
    "rename-ignored": "account_writes_hold",
}
API_OF = {
    "csrf-off": "conversations",
    "bearer-ignored": "callbell",
    "close-ignored": "callbell",
    "delete-ignored": "callbell",
    "message-delete-ignored": "callbell",
    "rename-ignored": "callbell",
}


def test_every_fault_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(CAUGHT_BY))
def test_the_suite_fails_on_the_fault(fault: str) -> None:
    api = API_OF.get(fault, "contacts")
    with running_mock(Settings(seed=11, contacts=120, apis=(api,), faults=(fault,))) as url:
        # A test number and account writes, so that every Callbell check runs (the mock is the only account).
        target = target_for(url, apis=(api,), callbell_test_number="+98 999 999 7777", callbell_account_writes=True)
        report = run(target)
    assert not report.ok
    flagged = {o.check for o in report.outcomes if o.status in ("failed", "quirk", "error")}
    assert CAUGHT_BY[fault] in flagged, report.summary()
    if fault == "changed-slash":
        assert [o.status for o in report.outcomes if o.check == "trailing_slash_quirk"] == ["quirk"]
