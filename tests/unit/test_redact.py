"""The shared free-text PII mask: golden cases and properties (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from app.customers.identity import luhn_check_digit, luhn_ok, resident_id_check_char
from app.security.redact import redact_pii

# letters, CJK and punctuation only: the surroundings never extend a number
_filler = st.text(alphabet=st.sampled_from(list(" 客户说身份证号码是，。:;()/\n")), max_size=30)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110101", "310104", "440305", "510107"]))
    born = draw(st.dates(min_value=__import__("datetime").date(1940, 1, 1)))
    seq = draw(st.from_regex(r"\A\d{3}\Z", fullmatch=True))
    first17 = f"{region}{born:%Y%m%d}{seq}"[:17]
    return first17 + resident_id_check_char(first17)


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(16, 19))
    partial = "6" + draw(st.from_regex(rf"\A\d{{{length - 2}}}\Z", fullmatch=True))
    return partial + luhn_check_digit(partial)


mobiles = st.from_regex(r"\A1[3-9]\d{9}\Z", fullmatch=True)


def test_golden_cases() -> None:
    assert redact_pii("ID 11010519491231002X ok") == "ID **************002X ok"
    assert redact_pii("call 13812345678 after 5") == "call *******5678 after 5"
    assert redact_pii("手机 +86 138-1234-5678。") == "手机 *******5678。"
    card = "622202123456789012"
    card += luhn_check_digit(card)
    assert luhn_ok(card)
    spaced = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    assert redact_pii(f"card {spaced}!") == "card " + "*" * 15 + card[-4:] + "!"
    # not personal data: wrong check digit, amounts, dates, too-short numbers
    for text in ("110105194912310021", "paid 25000.00 on 2024-05-01", "ref 123456789012345"):
        assert redact_pii(text) == text


@given(_filler, resident_ids(), _filler)
def test_resident_ids_are_masked(before: str, value: str, after: str) -> None:
    out = redact_pii(before + value + after)
    assert value not in out
    assert out == before + "*" * 14 + value[-4:] + after


@given(_filler, bank_cards(), _filler)
def test_bank_cards_are_masked(before: str, value: str, after: str) -> None:
    out = redact_pii(before + value + after)
    assert value not in out
    assert out.endswith(value[-4:] + after)
    assert re.sub(r"\D", "", out) == value[-4:]


@given(_filler, mobiles, _filler)
def test_mobiles_are_masked(before: str, value: str, after: str) -> None:
    out = redact_pii(before + value + after)
    assert out == before + "*" * 7 + value[-4:] + after


@given(st.text(max_size=80))
def test_idempotent_and_no_digit_text_untouched(text: str) -> None:
    once = redact_pii(text)
    assert redact_pii(once) == once
    if not any(c.isdigit() for c in text):
        assert once == text
