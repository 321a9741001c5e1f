"""KYC pure rules: check digits, the item state machine, derived states, evidence."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.context import Actor
from app.customers.identity import (
    luhn_check_digit,
    luhn_ok,
    mobile_ok,
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
    uscc_problem,
)
from app.errors import StateError
from app.kyc.png import card_image, letter_pdf
from app.kyc.records import ItemView
from app.kyc.rules import (
    TRANSITIONS,
    Action,
    ChecklistState,
    ItemFacts,
    ItemState,
    QueueReason,
    allowed_actions,
    checklist_state,
    next_state,
    queue_position,
    renew_opens,
    renew_problem,
    same_hands,
    size_problem,
    sniff_mime,
    valid_until,
)
from app.kyc.service import actions_for, decision_blocked, renew_blocked
from app.security.permissions import Role

# GB 11643: the standard's own example and well-known published vectors.
VALID_IDS = ["11010519491231002X", "440524188001010014", "110101199003074477", "11010119900307803x"]
INVALID_IDS = [
    ("110105194912310021", "check digit"),  # last character wrong
    ("11010519491331002X", "birth date"),  # month 13
    ("1101051949123100", "17 digits"),  # too short
    ("11010519491231002Y", "17 digits"),  # bad check character
    ("A1010519491231002X", "17 digits"),
]
VALID_USCC = ["91350100M000100Y43", "91110000802100433B", "9111000071093123XX"]
INVALID_USCC = [
    ("91350100M000100Y44", "check character"),
    ("91350100M000100Y4", "18 characters"),
    ("91350100M000100I43", "18 characters"),  # I is not allowed
]
VALID_CARDS = ["4111111111111111", "6222020200112233446", "4012888888881881", "5500 0000 0000 0004"]
# 79927398713 passes the Luhn sum but is too short for a bank card (12 to 19 digits).
INVALID_CARDS = ["4111111111111112", "6222020200112233445", "79927398713", "abcd1234", ""]


@pytest.mark.parametrize("value", VALID_IDS)
def test_resident_id_valid(value: str) -> None:
    assert resident_id_problem(value) is None


@pytest.mark.parametrize(("value", "why"), INVALID_IDS)
def test_resident_id_invalid(value: str, why: str) -> None:
    problem = resident_id_problem(value)
    assert problem is not None and why in problem


@given(st.integers(0, 10**17 - 1))
def test_resident_id_check_char_round_trip(n: int) -> None:
    first17 = f"11010519900307{n % 1000:03d}"
    full = first17 + resident_id_check_char(first17)
    assert resident_id_problem(full) is None
    wrong = "0" if full[-1] != "0" else "1"
    assert resident_id_problem(first17 + wrong) is not None


@pytest.mark.parametrize("value", VALID_USCC)
def test_uscc_valid(value: str) -> None:
    assert uscc_problem(value) is None


@pytest.mark.parametrize(("value", "why"), INVALID_USCC)
def test_uscc_invalid(value: str, why: str) -> None:
    problem = uscc_problem(value)
    assert problem is not None and why in problem


@given(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_uscc_check_char_round_trip(first17: str) -> None:
    assert uscc_problem(first17 + uscc_check_char(first17)) is None


@pytest.mark.parametrize("value", VALID_CARDS)
def test_luhn_valid(value: str) -> None:
    assert luhn_ok(value)


@pytest.mark.parametrize("value", INVALID_CARDS)
def test_luhn_invalid(value: str) -> None:
    assert not luhn_ok(value)


@given(st.text("0123456789", min_size=11, max_size=18))
def test_luhn_check_digit_makes_valid(partial: str) -> None:
    assert luhn_ok(partial + luhn_check_digit(partial))


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13800138000", True),
        ("138 0013 8000", True),
        ("19912345678", True),
        ("12800138000", False),
        ("1380013800", False),
        ("23800138000", False),
    ],
)
def test_mobile(phone: str, ok: bool) -> None:
    assert mobile_ok(phone) is ok


ALL_PAIRS = [(s, a) for s in ItemState for a in Action]


@pytest.mark.parametrize(("state", "action"), ALL_PAIRS)
def test_every_transition_allowed_or_refused(state: ItemState, action: Action) -> None:
    allowed, target = TRANSITIONS[action]
    if state in allowed:
        assert next_state(state.value, action) == target
    else:
        with pytest.raises(StateError, match=f"Cannot {action.value}"):
            next_state(state.value, action)


def test_transition_table_is_the_documented_machine() -> None:
    S = ItemState
    assert allowed_actions("pending") == {Action.SUBMIT, Action.WAIVE}
    assert allowed_actions("submitted") == {Action.VERIFY, Action.REJECT, Action.WAIVE}
    assert allowed_actions("rejected") == {Action.RESUBMIT, Action.WAIVE}
    assert allowed_actions("expired") == {Action.RESUBMIT, Action.WAIVE}
    assert allowed_actions("verified") == {Action.RENEW}  # EXPIRE is end of day's only
    assert allowed_actions("waived") == frozenset()
    assert next_state("verified", Action.EXPIRE) == S.EXPIRED


def _f(state: str, required: bool = True, **kw: object) -> ItemFacts:
    return ItemFacts(required, state, **kw)  # type: ignore[arg-type]


def test_checklist_state_is_derived_from_required_items() -> None:
    assert checklist_state([_f("verified"), _f("waived")]) == ChecklistState.COMPLETE
    assert checklist_state([_f("verified"), _f("pending", False)]) == ChecklistState.COMPLETE
    assert checklist_state([_f("verified"), _f("submitted")]) == ChecklistState.INCOMPLETE
    assert checklist_state([_f("rejected"), _f("pending")]) == ChecklistState.REJECTED
    assert checklist_state([_f("rejected"), _f("expired")]) == ChecklistState.EXPIRED
    assert checklist_state([_f("expired", False), _f("verified")]) == ChecklistState.COMPLETE


def test_queue_position_oldest_work_first() -> None:
    t1 = datetime(2026, 1, 2, 9, tzinfo=UTC)
    t2 = datetime(2026, 1, 3, 9, tzinfo=UTC)
    today = date(2026, 2, 1)
    assert queue_position(
        [
            _f("submitted", submitted_at=t2),
            _f("submitted", submitted_at=t1),
            _f("rejected", decided_at=t1),
        ],
        today,
    ) == (QueueReason.SUBMITTED, t1)
    assert queue_position([_f("rejected", decided_at=t2)], today) == (QueueReason.REJECTED, t2)
    soon = date(2026, 2, 20)
    reason, due = queue_position([_f("verified", valid_until=soon)], today)
    assert reason == QueueReason.EXPIRING and due is not None and due.date() == soon
    assert queue_position([_f("verified", valid_until=date(2026, 4, 1))], today) == (None, None)
    assert queue_position([_f("expired", valid_until=date(2026, 1, 31))], today)[0] == (
        QueueReason.EXPIRED
    )


def test_validity() -> None:
    assert valid_until(date(2026, 1, 31), 30) == date(2026, 3, 2)
    assert valid_until(date(2026, 1, 31), None) is None


def test_renew_window_is_the_thirty_days_before_valid_until() -> None:
    today = date(2026, 2, 1)
    assert renew_opens(date(2026, 3, 3)) == date(2026, 2, 1)
    assert renew_opens(None) is None
    assert renew_problem(date(2026, 3, 3), today) is None  # exactly 30 days left
    assert renew_problem(date(2026, 2, 1), today) is None  # its last valid day
    assert renew_problem(date(2026, 1, 30), today) is None  # past it, end of day not run yet
    early = renew_problem(date(2026, 3, 4), today) or ""
    assert "renewal opens on 2026-02-02" in early and "valid until 2026-03-04" in early
    assert "renewal opens" in (renew_problem(date(2027, 2, 1), today) or "")  # verified today
    assert renew_problem(None, today) == "it does not expire"
    # renewal opens exactly when the queue starts showing the item as expiring
    reason, _ = queue_position([_f("verified", valid_until=date(2026, 3, 3))], today)
    assert reason == QueueReason.EXPIRING


def test_four_eyes_same_hands() -> None:
    assert same_hands(7, 7)
    assert not same_hands(7, 8)
    assert not same_hands(None, 7)  # the system submitted it: anyone may decide
    assert not same_hands(None, None)  # not even the system deciding its own upload


def _view(state: str, **kw: object) -> ItemView:
    fields: dict[str, object] = {
        "id": 1,
        "checklist_id": 1,
        "position": 1,
        "code": "face_match",
        "label": "Photo / face match",
        "label_zh": "照片 / 人脸比对",
        "required": True,
        "evidence_required": True,
        "validity_days": 365,
        "verifier_role": "kyc_officer",
        "check_kind": None,
        "state": state,
        "note": None,
        "submitted_by": None,
        "submitted_by_name": None,
        "submitted_at": None,
        "decided_by_name": None,
        "decided_at": None,
        "reason": None,
        "valid_until": None,
        "waiver_requested_by": None,
        "waiver_requested_by_name": None,
        "waiver_reason": None,
        "version": 1,
        "evidence": (),
    }
    fields.update(kw)
    return ItemView(**fields)  # type: ignore[arg-type]


def test_actions_for_keeps_decisions_from_the_submitter_and_renew_to_its_window() -> None:
    me = Actor.for_user(7, "kyc.wang", "Wang", frozenset({Role.KYC_OFFICER}))
    colleague = Actor.for_user(8, "kyc.sun", "Sun", frozenset({Role.KYC_OFFICER}))
    today = date(2026, 2, 1)
    mine = _view("submitted", submitted_by=7)
    assert decision_blocked(me, mine) and not decision_blocked(colleague, mine)
    assert actions_for(me, mine, today) == {"request_waiver"}
    assert actions_for(colleague, mine, today) == {"verify", "reject", "request_waiver"}
    by_system = _view("submitted")
    assert {"verify", "reject"} <= actions_for(me, by_system, today)
    fresh = _view("verified", submitted_by=7, valid_until=date(2027, 2, 1))
    assert renew_blocked(fresh, today) and actions_for(colleague, fresh, today) == frozenset()
    due = _view("verified", submitted_by=7, valid_until=date(2026, 2, 20))
    assert not renew_blocked(due, today)
    assert actions_for(me, due, today) == {"renew"}  # renewing is not deciding a submission
    endless = _view("verified", valid_until=None)
    assert actions_for(me, endless, today) == frozenset()


def test_evidence_type_from_bytes_and_size_limit() -> None:
    assert sniff_mime(card_image(3)) == "image/png"
    assert sniff_mime(letter_pdf("Bill", ["line"])) == "application/pdf"
    assert sniff_mime(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff_mime(b"MZ\x90\x00 an exe") is None
    assert size_problem(10, 100) is None
    assert "empty" in (size_problem(0, 100) or "")
    message = size_problem(3 * 1_048_576, 1_048_576) or ""
    assert "3.0 MB" in message and "at most 1.0 MB" in message


def test_generated_png_is_well_formed() -> None:
    data = card_image(7, 20, 10)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos = 8
    kinds = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        kinds.append(kind)
        if kind == b"IDAT":
            assert len(zlib.decompress(body)) == 10 * (1 + 20 * 3)
        pos += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("id_number", VALID_IDS[0], True),
        ("id_number", VALID_IDS[0][:-1] + ("0" if VALID_IDS[0][-1] != "0" else "1"), False),
        ("id_number", VALID_USCC[0], True),  # a business is blacklisted by its credit code
        ("phone", "139 0000 1111", True),
        ("phone", "1390000111", False),
        ("bank_card", VALID_CARDS[3], True),
        ("bank_card", INVALID_CARDS[0], False),
        ("passport", "E12345678", False),
    ],
)
def test_blacklist_values_need_valid_check_digits(kind: str, value: str, ok: bool) -> None:
    from app.kyc.blacklist import value_problem

    assert (value_problem(kind, value) is None) is ok
