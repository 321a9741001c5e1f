"""Contact rules at every boundary, promise evaluation and the priority score."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.collections.priority import Factor, PriorityInput, PriorityScore, score
from app.collections.promises import PromiseStatus, PromiseTerms, evaluate_promise
from app.collections.rules import (
    Channel,
    ContactRuleSettings,
    Direction,
    Party,
    RuleCode,
    check_contact,
    in_quiet_hours,
    local_day_bounds_utc,
)
from app.errors import ValidationError

RULES = ContactRuleSettings()
SH = "Asia/Shanghai"


def _at(hour: int, minute: int, zone: str = SH) -> datetime:
    return datetime(2026, 3, 10, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _check(at: datetime, zone: str = SH, connected: int = 0, **kw: object) -> RuleCode | None:
    decision = check_contact(
        at=at,
        timezone=zone,
        channel=kw.get("channel", Channel.CALL),  # type: ignore[arg-type]
        direction=kw.get("direction", Direction.OUTBOUND),  # type: ignore[arg-type]
        party=kw.get("party", Party.DEBTOR),  # type: ignore[arg-type]
        connected_today=connected,
        settings=kw.get("settings", RULES),  # type: ignore[arg-type]
        hold_reason=kw.get("hold"),  # type: ignore[arg-type]
    )
    assert decision.allowed == (not decision.violations)
    return decision.violations[0].code if decision.violations else None


@pytest.mark.parametrize(
    ("hour", "minute", "blocked"),
    [
        (7, 59, True),
        (8, 0, False),
        (21, 59, False),
        (22, 0, True),
        (0, 0, True),
        (3, 30, True),
        (12, 0, False),
    ],
)
def test_quiet_hours_boundaries(hour: int, minute: int, blocked: bool) -> None:
    assert (_check(_at(hour, minute)) is RuleCode.QUIET_HOURS) is blocked


def test_quiet_hours_use_the_debtors_time_zone() -> None:
    # 09:00 in Shanghai is 02:00 in London (March, GMT): blocked for a London debtor.
    at = _at(9, 0)
    assert _check(at, SH) is None
    assert _check(at, "Europe/London") is RuleCode.QUIET_HOURS
    # 21:59 in New York is allowed although it is 09:59 next day in Shanghai.
    ny = _at(21, 59, "America/New_York")
    assert _check(ny, "America/New_York") is None
    assert _check(_at(22, 0, "America/New_York"), "America/New_York") is RuleCode.QUIET_HOURS


def test_unknown_time_zone_is_an_error_not_a_default() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        _check(_at(12, 0), "Mars/Olympus")


def test_fourth_connected_call_is_blocked() -> None:
    noon = _at(12, 0)
    assert _check(noon, connected=2) is None
    assert _check(noon, connected=3) is RuleCode.DAILY_CAP
    settings = ContactRuleSettings(max_connected_per_day=4)
    assert _check(noon, connected=3, settings=settings) is None


def test_inbound_contact_is_never_blocked() -> None:
    assert _check(_at(23, 0), connected=9, direction=Direction.INBOUND) is None


@pytest.mark.parametrize("party", [Party.RELATIVE, Party.EMPLOYER, Party.OTHER])
def test_debtor_only(party: Party) -> None:
    assert _check(_at(12, 0), party=party) is RuleCode.DEBTOR_ONLY


def test_hold_pauses_contact_and_every_rule_is_named() -> None:
    decision = check_contact(
        at=_at(23, 0),
        timezone=SH,
        channel=Channel.SMS,
        direction=Direction.OUTBOUND,
        party=Party.EMPLOYER,
        connected_today=3,
        settings=RULES,
        hold_reason="dispute raised by ticket T-1",
    )
    codes = {v.code for v in decision.violations}
    assert codes == {
        RuleCode.DEBTOR_ONLY,
        RuleCode.PAUSED,
        RuleCode.QUIET_HOURS,
        RuleCode.DAILY_CAP,
    }
    assert "23:00" in decision.explain() and "ticket T-1" in decision.explain()


def test_local_day_bounds_follow_the_zone() -> None:
    start, end = local_day_bounds_utc(_at(12, 0), SH)
    assert start == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)


@given(st.integers(0, 23), st.integers(0, 23), st.integers(0, 23), st.integers(0, 59))
def test_quiet_window_property(start: int, end: int, hour: int, minute: int) -> None:
    settings = ContactRuleSettings(quiet_start_hour=start, quiet_end_hour=end)
    local = datetime(2026, 1, 1, hour, minute)
    quiet = in_quiet_hours(local, settings)
    if start == end:
        assert not quiet
    elif start < end:
        assert quiet == (start <= hour < end)
    else:
        assert quiet == (hour >= start or hour < end)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValidationError):
        ContactRuleSettings(quiet_start_hour=24)
    with pytest.raises(ValidationError):
        ContactRuleSettings(max_connected_per_day=0)


# --- promises ---------------------------------------------------------------

MADE = date(2026, 3, 1)
TERMS = PromiseTerms(amount=50_000, made_on=MADE, due_date=date(2026, 3, 5))


def _eval(payments: list[tuple[date, int]], on: date, grace: int = 2, tol: int = 0):  # type: ignore[no-untyped-def]
    return evaluate_promise(TERMS, payments, on, grace_days=grace, tolerance=tol)


def test_promise_kept_when_paid_in_full_by_the_date() -> None:
    result = _eval([(date(2026, 3, 4), 50_000)], date(2026, 3, 4))
    assert result.status is PromiseStatus.KEPT and result.paid == 50_000


def test_promise_kept_in_the_grace_days_and_broken_after() -> None:
    on_grace_end = date(2026, 3, 7)
    assert _eval([(on_grace_end, 50_000)], on_grace_end).status is PromiseStatus.KEPT
    late = _eval([(date(2026, 3, 8), 50_000)], date(2026, 3, 8))
    assert late.status is PromiseStatus.BROKEN and late.paid == 0


def test_promise_pending_until_the_deadline_then_broken() -> None:
    assert _eval([], date(2026, 3, 7)).status is PromiseStatus.PENDING
    assert _eval([], date(2026, 3, 8)).status is PromiseStatus.BROKEN


def test_partial_payment_is_shown_and_broken_at_the_deadline() -> None:
    pending = _eval([(date(2026, 3, 2), 20_000)], date(2026, 3, 3))
    assert pending.status is PromiseStatus.PENDING and pending.partial
    assert pending.shortfall == 30_000
    broken = _eval([(date(2026, 3, 2), 20_000), (date(2026, 3, 6), 10_000)], date(2026, 3, 9))
    assert broken.status is PromiseStatus.BROKEN and broken.paid == 30_000 and broken.partial


def test_tolerance_boundary() -> None:
    paid = [(date(2026, 3, 5), 49_900)]
    assert _eval(paid, date(2026, 3, 9), tol=100).status is PromiseStatus.KEPT
    assert _eval(paid, date(2026, 3, 9), tol=99).status is PromiseStatus.BROKEN


def test_payments_before_the_promise_do_not_count() -> None:
    result = _eval([(MADE - timedelta(days=1), 50_000)], date(2026, 3, 9))
    assert result.status is PromiseStatus.BROKEN


def test_invalid_promises_are_refused() -> None:
    with pytest.raises(ValidationError):
        PromiseTerms(0, MADE, MADE)
    with pytest.raises(ValidationError):
        PromiseTerms(100, MADE, MADE - timedelta(days=1))


@given(
    st.lists(st.tuples(st.integers(0, 10), st.integers(1, 30_000)), max_size=6),
    st.integers(0, 12),
)
def test_promise_status_is_monotonic_in_payments(raw: list[tuple[int, int]], day: int) -> None:
    payments = [(MADE + timedelta(days=d), a) for d, a in raw]
    on = MADE + timedelta(days=day)
    base = _eval(payments, on)
    more = _eval([*payments, (MADE, 50_000)], on)
    assert more.status is PromiseStatus.KEPT
    if base.status is PromiseStatus.KEPT:
        assert base.paid >= base.required


# --- priority ---------------------------------------------------------------

TODAY = date(2026, 3, 10)


def test_priority_is_explained_and_ordered() -> None:
    result = score(PriorityInput(45, 1_250_000, True, 2, TODAY - timedelta(days=4), TODAY))
    factors = {r.factor: r.points for r in result.reasons}
    assert factors == {
        Factor.DPD: 90,
        Factor.OVERDUE_AMOUNT: 60,
        Factor.PROMISE_DUE_TODAY: 150,
        Factor.BROKEN_PROMISES: 160,
        Factor.DAYS_SINCE_CONTACT: 12,
    }
    assert result.total == sum(factors.values())
    assert result.reasons[0].factor is Factor.BROKEN_PROMISES
    assert "promise due today +150" in result.explain()
    assert PriorityScore.from_json(result.to_json()) == result


def test_broken_promise_raises_priority() -> None:
    base = PriorityInput(10, 100_000, False, 0, TODAY, TODAY)
    broken = PriorityInput(10, 100_000, False, 1, TODAY, TODAY)
    assert score(broken).total > score(base).total


@given(st.integers(0, 400), st.integers(0, 10**9), st.booleans(), st.integers(0, 5))
def test_priority_grows_with_dpd(dpd: int, amount: int, due: bool, broken: int) -> None:
    lower = score(PriorityInput(dpd, amount, due, broken, None, TODAY))
    higher = score(PriorityInput(dpd + 1, amount, due, broken, None, TODAY))
    assert higher.total >= lower.total >= 0
