"""Chinese financial capital numerals (大写金额) for contracts: golden vectors from the
人民币 writing rules, and properties checked against an independent reader."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cn_numerals import MAX_CENTS, amount_in_words, amount_with_words

VECTORS = [
    (5, "伍分"),
    (1020, "壹拾元贰角"),
    (10_000_000, "壹拾万元整"),
    (100_000_000_101, "壹拾亿零壹元零壹分"),
    (100_000_000, "壹佰万元整"),
    (1_000_500, "壹万零伍元整"),
    (0, "零元整"),
    (10_100, "壹佰零壹元整"),
    (105, "壹元零伍分"),
    (25, "贰角伍分"),
    (20, "贰角"),
    (100, "壹元整"),
    (1000, "壹拾元整"),
    (1_000_000, "壹万元整"),
    (168_032, "壹仟陆佰捌拾元叁角贰分"),
    (10_700_053, "壹拾万柒仟元伍角叁分"),
    (10_000_100_000, "壹亿零壹仟元整"),
    (10_001_000_000, "壹亿零壹万元整"),
    (10_000_000_100, "壹亿零壹元整"),
    (101_000_000_000, "壹拾亿壹仟万元整"),
    (101_000_000, "壹佰零壹万元整"),
    (100_100_000, "壹佰万壹仟元整"),
    (1_010_000_000, "壹仟零壹拾万元整"),
    (1_234_567_890_123, "壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分"),
    (100_000_000_000_000, "壹万亿元整"),
    (100_010_000_000_000, "壹万亿零壹亿元整"),
    (855_617, "捌仟伍佰伍拾陆元壹角柒分"),
]


@pytest.mark.parametrize(("cents", "words"), VECTORS)
def test_golden_vectors(cents: int, words: str) -> None:
    assert amount_in_words(cents) == words


def test_negative_and_non_integer_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)
    with pytest.raises(ValueError, match="too large"):
        amount_in_words(MAX_CENTS + 1)
    with pytest.raises(TypeError):
        amount_in_words(True)
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


def test_contract_form_gives_figure_and_words() -> None:
    assert amount_with_words(1_000_000) == "10,000.00 元（人民币壹万元整）"


# -- an independent reader: words back to cents --------------------------------------
_DIGIT = {c: n for n, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
_BIG = {"亿亿": 10**16, "万亿": 10**12, "亿": 10**8, "万": 10**4}
_TOKEN = re.compile("亿亿|万亿|[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]")


def _read(words: str) -> int:
    tokens = _TOKEN.findall(words)
    assert "".join(tokens) == words, words
    total = section = digit = 0
    cents = None
    last_big = 10**20
    previous = ""
    for token in tokens:
        if token in _DIGIT:
            assert not (token == "零" and previous == "零"), f"double 零 in {words}"
            digit = _DIGIT[token]
        elif token in _SMALL:
            assert digit, f"{token} without a digit in {words}"
            section += digit * _SMALL[token]
            digit = 0
        elif token in _BIG:
            assert _BIG[token] < last_big, f"groups out of order in {words}"
            last_big = _BIG[token]
            total += (section + digit) * _BIG[token]
            section = digit = 0
        elif token == "元":
            total += section + digit
            section = digit = 0
            cents = total * 100
        elif token in ("角", "分"):
            cents = (cents or 0) + digit * (10 if token == "角" else 1)
            digit = 0
        previous = token
    assert cents is not None, words
    return cents


@given(st.integers(min_value=0, max_value=10**12))
def test_every_amount_reads_back_to_itself(cents: int) -> None:
    """Distinct amounts give distinct strings: each string reads back to its amount."""
    words = amount_in_words(cents)
    assert words
    assert set(words) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert _read(words) == cents


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_yuan_and_only_whole_yuan_end_in_zheng(cents: int) -> None:
    words = amount_in_words(cents)
    assert words.endswith("整") == (cents % 100 == 0)
    assert ("元" in words) == (cents >= 100 or cents == 0)
    assert not words.startswith("零") or cents == 0
    assert "零零" not in words and not words.startswith("拾")


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=1, max_value=10**12))
def test_distinct_amounts_give_distinct_words(a: int, b: int) -> None:
    assert (amount_in_words(a) == amount_in_words(b)) == (a == b)
