"""Contact rules for collections (DESIGN section 3), as pure functions.

Checked *before* an attempt is logged, so a blocked attempt never happens and the
agent is told which rule blocked it and why:

* quiet hours: no outbound contact from ``quiet_start_hour`` to ``quiet_end_hour``
  (22:00-08:00 by default) in the debtor's own time zone;
* daily cap: at most ``max_connected_per_day`` connected contacts per debtor per
  local calendar day, counted across all agents and channels;
* debtor only: relatives, employers and other third parties are never contacted;
* pause: an open dispute or hardship hold stops contact until a supervisor resolves it.

Inbound contact (the debtor calls us) is never blocked; it is logged and counts.
No session, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.errors import ValidationError


class Channel(StrEnum):
    CALL = "call"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    VISIT = "visit"


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Party(StrEnum):
    """Who the agent means to reach."""

    DEBTOR = "debtor"
    RELATIVE = "relative"
    EMPLOYER = "employer"
    OTHER = "other"


class Outcome(StrEnum):
    RIGHT_PARTY_CONTACT = "rpc"
    PROMISE_TO_PAY = "promise_to_pay"
    PAID = "paid"
    DISPUTE = "dispute"
    REFUSED = "refused"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    UNREACHABLE = "unreachable"
    HARDSHIP_CLAIMED = "hardship_claimed"
    THIRD_PARTY_ANSWERED = "third_party_answered"


CONNECTED_OUTCOMES: frozenset[Outcome] = frozenset(
    {
        Outcome.RIGHT_PARTY_CONTACT,
        Outcome.PROMISE_TO_PAY,
        Outcome.PAID,
        Outcome.DISPUTE,
        Outcome.REFUSED,
        Outcome.HARDSHIP_CLAIMED,
        Outcome.THIRD_PARTY_ANSWERED,
    }
)
"""Outcomes where someone was actually reached: they count toward the daily cap."""

RIGHT_PARTY_OUTCOMES: frozenset[Outcome] = CONNECTED_OUTCOMES - {Outcome.THIRD_PARTY_ANSWERED}
"""Outcomes where the debtor in person was reached (right-party contacts, RPC)."""

PAUSING_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.DISPUTE, Outcome.HARDSHIP_CLAIMED})
"""Outcomes that raise a hold: contact and dunning stop until a supervisor resolves it."""


class RuleCode(StrEnum):
    QUIET_HOURS = "quiet_hours"
    DAILY_CAP = "daily_cap"
    DEBTOR_ONLY = "debtor_only"
    PAUSED = "paused"


@dataclass(frozen=True)
class ContactRuleSettings:
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    max_connected_per_day: int = 3

    def __post_init__(self) -> None:
        for name in ("quiet_start_hour", "quiet_end_hour"):
            if not 0 <= getattr(self, name) <= 23:
                raise ValidationError(name, "must be an hour from 0 to 23")
        if self.max_connected_per_day < 1:
            raise ValidationError("max_connected_per_day", "must be at least 1")


@dataclass(frozen=True)
class RuleViolation:
    """One rule that blocks the attempt. ``message`` is English; the UI translates
    from ``code`` and ``params``."""

    code: RuleCode
    message: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactDecision:
    allowed: bool
    violations: tuple[RuleViolation, ...]
    debtor_local_time: datetime
    connected_today: int

    def explain(self) -> str:
        if self.allowed:
            return "Contact is allowed."
        return " ".join(v.message for v in self.violations)


def debtor_zone(name: str | None) -> ZoneInfo:
    """The debtor's time zone; an unknown name is an error, never a silent default."""
    try:
        return ZoneInfo(name or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("timezone", f"{name!r} is not a known time zone") from exc


def local_time(at: datetime, zone: str | None) -> datetime:
    if at.tzinfo is None:
        raise ValueError("contact times must be aware datetimes")
    return at.astimezone(debtor_zone(zone))


def local_day_bounds_utc(at: datetime, zone: str | None) -> tuple[datetime, datetime]:
    """The debtor's local calendar day containing ``at``, as a UTC [start, end) range."""
    tz = debtor_zone(zone)
    day: date = at.astimezone(tz).date()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def in_quiet_hours(local: datetime, settings: ContactRuleSettings) -> bool:
    """Whether a local time falls in the quiet window [start, end) (may wrap midnight)."""
    start, end = settings.quiet_start_hour, settings.quiet_end_hour
    minutes = local.hour * 60 + local.minute
    lo, hi = start * 60, end * 60
    if lo == hi:
        return False  # an empty window: no quiet hours configured
    if lo < hi:
        return lo <= minutes < hi
    return minutes >= lo or minutes < hi


def check_contact(
    *,
    at: datetime,
    timezone: str | None,
    channel: Channel,
    direction: Direction,
    party: Party,
    connected_today: int,
    settings: ContactRuleSettings,
    hold_reason: str | None = None,
) -> ContactDecision:
    """Decide whether an attempt may be made and logged, naming every rule it breaks.

    ``connected_today`` is the number of connected contacts with this debtor so far in
    the debtor's local day (all agents, all channels). ``hold_reason`` is set when a
    dispute or hardship hold is active.
    """
    local = local_time(at, timezone)
    violations: list[RuleViolation] = []
    if direction is Direction.INBOUND:
        return ContactDecision(True, (), local, connected_today)
    if party is not Party.DEBTOR:
        violations.append(
            RuleViolation(
                RuleCode.DEBTOR_ONLY,
                f"Only the debtor may be contacted, not a {party.value}.",
                {"party": party.value},
            )
        )
    if hold_reason:
        violations.append(
            RuleViolation(
                RuleCode.PAUSED,
                f"Contact is paused: {hold_reason}. A supervisor must resolve it first.",
                {"reason": hold_reason},
            )
        )
    if in_quiet_hours(local, settings):
        violations.append(
            RuleViolation(
                RuleCode.QUIET_HOURS,
                f"It is {local:%H:%M} for the debtor ({local.tzinfo}); no contact between "
                f"{settings.quiet_start_hour:02d}:00 and {settings.quiet_end_hour:02d}:00.",
                {
                    "local_time": f"{local:%H:%M}",
                    "zone": str(local.tzinfo),
                    "start": f"{settings.quiet_start_hour:02d}:00",
                    "end": f"{settings.quiet_end_hour:02d}:00",
                },
            )
        )
    if connected_today >= settings.max_connected_per_day:
        violations.append(
            RuleViolation(
                RuleCode.DAILY_CAP,
                f"The debtor has been reached {connected_today} times today; the limit is "
                f"{settings.max_connected_per_day} a day across all agents and channels.",
                {"count": str(connected_today), "limit": str(settings.max_connected_per_day)},
            )
        )
    return ContactDecision(not violations, tuple(violations), local, connected_today)


def is_connected(outcome: Outcome) -> bool:
    return outcome in CONNECTED_OUTCOMES
