"""Amounts in Chinese financial capital numerals (大写金额), as contracts and bank
documents write them next to the figures: 10,000.00 -> 壹万元整.

The conventions (《正确填写票据和结算凭证的基本规定》, the usual 人民币 style):

- Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 inside a group of four digits, and the
  groups 万, 亿, 万亿, 亿亿 above it. Ten is written 壹拾 (never a bare 拾).
- A run of zeros between non-zero digits is one 零 (101 -> 壹佰零壹, 10,005 ->
  壹万零伍). Zeros at the end of a group are silent when the next group starts with
  a 仟 digit (107,000 -> 壹拾万柒仟); a whole zero group or a group starting with a
  zero gives one 零 (100,001,000 -> 壹亿零壹仟; 1,000,000,001 -> 壹拾亿零壹).
- Whole yuan end in 整 (100,000.00 -> 壹拾万元整; 0 -> 零元整). Anything with 角 or
  分 has no 整.
- 角 directly follows 元 even when the yuan's last digit is zero (10.20 ->
  壹拾元贰角; the rules allow the 零 there to be left out, and this module always
  leaves it out). When 角 is zero and 分 is not, a 零 stands for it (1.05 ->
  壹元零伍分). Below one yuan there is no 元 and no leading 零 (0.05 -> 伍分,
  0.25 -> 贰角伍分).

Pure functions only: no I/O, no database, no Qt.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿", "亿亿")
MAX_CENTS = 10 ** (4 * len(_GROUPS)) * 100 - 1
"""The largest amount (minor units) these groups can write: just under 10^20 yuan."""


def _group(value: int) -> str:
    """One group of four digits (1..9999) without leading zeros; inner zero runs are
    one 零, trailing zeros are silent."""
    out: list[str] = []
    zero = False
    for position in range(3, -1, -1):
        digit = value // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(DIGITS[0])
            zero = False
        out.append(DIGITS[digit] + _UNITS[position])
    return "".join(out)


def yuan_in_words(yuan: int) -> str:
    """Whole yuan (> 0) in capital numerals, without 元."""
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10_000)
        yuan //= 10_000
    out: list[str] = []
    gap = False  # a zero group was skipped since the last one written
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if value == 0:
            gap = bool(out)
            continue
        if out and (gap or value < 1000):
            out.append(DIGITS[0])
        out.append(_group(value) + _GROUPS[index])
        gap = False
    return "".join(out)


def amount_in_words(cents: int) -> str:
    """``cents`` minor units of 人民币 in financial capital numerals.

    5 -> 伍分; 1020 -> 壹拾元贰角; 10_000_000 -> 壹拾万元整;
    100_000_000_101 -> 壹拾亿零壹元零壹分 (the module docstring gives the rules).
    Raises ValueError for a negative amount or one above :data:`MAX_CENTS`, and
    TypeError for anything that is not an ``int``.
    """
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"an amount in minor units must be an int, not {type(cents).__name__}")
    if cents < 0:
        raise ValueError(f"a negative amount ({cents}) has no capital-numeral form")
    if cents > MAX_CENTS:
        raise ValueError(f"{cents} is too large to write in capital numerals")
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if cents == 0:
        return "零元整"
    head = yuan_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return head + "整"
    tail = ""
    if jiao:
        tail = DIGITS[jiao] + "角"
    elif yuan:
        tail = DIGITS[0]
    if fen:
        tail += DIGITS[fen] + "分"
    return head + tail


def amount_with_words(cents: int) -> str:
    """The figure and its capital numerals the way a contract writes them:
    1_000_000 -> "10,000.00 元（人民币壹万元整）"."""
    from app.money import format_amount

    return f"{format_amount(cents, grouping=True)} 元（人民币{amount_in_words(cents)}）"
