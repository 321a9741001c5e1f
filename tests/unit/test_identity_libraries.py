"""Identity numbers checked by the field libraries (issue 14 #7): stdnum's resident ID
(real birth date, known region), credit code and Luhn; phonenumbers' one form of a
phone, the form its blind index is computed on."""

from __future__ import annotations

from datetime import date

import pytest

from app.customers.identity import (
    CARD_LUHN,
    ID_BIRTH_DATE,
    ID_BIRTH_FUTURE,
    ID_CHECK_DIGIT,
    ID_FORMAT,
    ID_REGION,
    USCC_CHECK,
    luhn_check_digit,
    luhn_ok,
    mobile_ok,
    normal_phone,
    resident_id_birth_date,
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
    uscc_problem,
)
from app.security.pii import last4, normalise

TODAY = date(2026, 12, 1)


def with_check(first17: str) -> str:
    """``first17`` and its GB 11643 check character, computed here by the standard's
    weights (not by the code under test)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",  # GB 11643's own example
        "11010119900307803x",  # lower-case x
        with_check("31011519600101123"),  # Pudong (since 1992): a code is where it was issued
        with_check("44052418800101001"),  # a county that no longer exists
    ],
)
def test_resident_ids_that_pass(value: str) -> None:
    assert resident_id_problem(value, TODAY) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("110105194912310021", ID_CHECK_DIGIT),  # last character wrong
        (with_check("11010519900230123"), ID_BIRTH_DATE),  # 30 February
        (with_check("11010519900431123"), ID_BIRTH_DATE),  # 31 April
        (with_check("11010520300101123"), ID_BIRTH_FUTURE),  # born in 2030
        (with_check("99999919900101123"), ID_REGION),  # no such division
        (with_check("11019919900101123"), ID_REGION),  # Beijing has no 110199
        ("1101051949123100", ID_FORMAT),
        ("11010519491231002Y", ID_FORMAT),
    ],
)
def test_resident_ids_that_fail_say_why(value: str, problem: str) -> None:
    assert resident_id_problem(value, TODAY) == problem
    assert resident_id_birth_date(value) is None


def test_a_birth_date_after_the_system_date_is_refused_by_default() -> None:
    assert resident_id_problem(with_check("11010520990101123")) == ID_BIRTH_FUTURE


def test_check_characters_match_the_standards() -> None:
    assert resident_id_check_char("11010519491231002") == "X"
    assert with_check("11010519900307803") == "11010519900307803" + resident_id_check_char(
        "11010519900307803"
    )
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert luhn_check_digit("411111111111111") == "1"


def test_credit_codes() -> None:
    assert uscc_problem("91350100M000100Y43") is None
    assert uscc_problem("91350100M000100Y44") == USCC_CHECK
    # a rural collective's code (registration authority N): real, though not all digits
    rural = "N2110105MA" + "0000001"
    assert uscc_problem(rural + uscc_check_char(rural)) is None


@pytest.mark.parametrize(
    ("card", "ok"),
    [
        ("6222 0202 0011 2233 446", True),
        ("6222-0202-0011-2233-446", True),
        (
            "６２２２０２０２００１１２２３３４４６",
            True,
        ),  # full-width digits, as a Chinese IME types
        ("6222020200112233445", False),
        ("²²²²²²²²²²²²", False),  # digits to isdigit(), not decimal digits
        ("79927398713", False),  # passes Luhn but too short for a card
    ],
)
def test_bank_cards(card: str, ok: bool) -> None:
    assert luhn_ok(card) is ok
    assert CARD_LUHN.startswith("is not a bank card number")


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "0086 138 0013 8000",
        "0086-138-0013-8000",
        "(+86) 13800138000",
        "8613800138000",
    ],
)
def test_a_mobile_has_one_form_however_it_is_typed(typed: str) -> None:
    assert normal_phone(typed) == "13800138000"
    assert normalise("phone", typed) == "13800138000"
    assert last4("phone", typed) == "8000"
    assert mobile_ok(typed)


def test_other_phones_keep_a_stable_form() -> None:
    assert normal_phone("010-1234 5678") == "01012345678"  # a Beijing fixed line
    assert not mobile_ok("010-1234 5678")
    assert normal_phone("+1 650-253-0000") == "+16502530000"
    assert not mobile_ok("+1 650-253-0000")
    assert not mobile_ok("+86 128 0013 8000")
    assert normal_phone("not a phone") == "notaphone"


def test_phones_stored_before_are_already_in_the_one_form() -> None:
    """No re-index is needed: every phone a customer could be saved with went through
    a mobile check (intake, CSV import) or the demo generator, and was stored with
    spaces and dashes removed; that old form is the new one, so the blind indexes
    written before still match."""
    import random
    import re

    from app.demo import make_customer

    def old_form(value: str) -> str:
        return re.sub(r"[\s\-()]", "", value.strip())

    rng = random.Random(7)
    phones = [make_customer(rng, i).phone for i in range(200)]
    typed = ["138 0013 8000", "138-0013-8000", "(138)00138000", "19912345678"]
    for phone in [p for p in phones if p] + typed:
        assert mobile_ok(old_form(phone))  # what the old checks let through
        assert normal_phone(phone) == old_form(phone)
