"""Desk set-up, edited by admins: the business calendar, holidays, SLA policies,
teams and their supervisors. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from app.business_calendar import BusinessCalendar
from app.context import ServiceContext
from app.errors import ConflictError, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.servicedesk.rules import Priority
from app.servicedesk.sla import SlaPolicy
from app.servicedesk.store import load_calendar, load_policies
from db.models.security import User
from db.models.servicedesk import (
    SlaCalendarRow,
    SlaHoliday,
    SlaPolicyRow,
    SupportTeam,
    SupportTeamMember,
)


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    supervisor_id: int | None
    member_ids: tuple[int, ...]


class DeskAdminService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def calendar(self) -> BusinessCalendar:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            return load_calendar(session)

    def set_calendar(
        self, timezone: str, work_days: frozenset[int], start: time, end: time
    ) -> BusinessCalendar:
        self.ctx.require(Permission.SETTINGS_EDIT)
        try:
            BusinessCalendar(timezone, work_days, start, end)
        except (ValueError, KeyError) as exc:
            raise ValidationError("business calendar", str(exc)) from None
        now = self.ctx.now()
        with self.ctx.transaction() as session:
            row = session.get(SlaCalendarRow, 1)
            before = None
            if row is None:
                row = SlaCalendarRow(id=1)
                session.add(row)
            else:
                before = {
                    "timezone": row.timezone,
                    "work_days": row.work_days,
                    "start_minute": row.start_minute,
                    "end_minute": row.end_minute,
                }
            row.timezone = timezone
            row.work_days = ",".join(str(d) for d in sorted(work_days))
            row.start_minute = start.hour * 60 + start.minute
            row.end_minute = end.hour * 60 + end.minute
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "sla.calendar_changed",
                "sla_calendar",
                1,
                now=now,
                before=before,
                after={
                    "timezone": timezone,
                    "work_days": row.work_days,
                    "start_minute": row.start_minute,
                    "end_minute": row.end_minute,
                },
            )
            return load_calendar(session)

    def set_holiday(self, day: date, name: str) -> None:
        self.ctx.require(Permission.SETTINGS_EDIT)
        if not name.strip():
            raise ValidationError("holiday name", "is required")
        with self.ctx.transaction() as session:
            row = session.get(SlaHoliday, day)
            if row is None:
                session.add(SlaHoliday(day=day, name=name.strip()))
            else:
                row.name = name.strip()
            audit.record(
                session,
                self.ctx.actor,
                "sla.holiday_set",
                "sla_holiday",
                day,
                now=self.ctx.now(),
                after={"day": day, "name": name.strip()},
            )

    def holidays(self) -> list[tuple[date, str]]:
        """The holidays of the business calendar, by date."""
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(select(SlaHoliday).order_by(SlaHoliday.day))
            return [(h.day, h.name) for h in rows]

    def remove_holiday(self, day: date) -> None:
        self.ctx.require(Permission.SETTINGS_EDIT)
        with self.ctx.transaction() as session:
            row = session.get(SlaHoliday, day)
            if row is not None:
                session.delete(row)
                audit.record(
                    session,
                    self.ctx.actor,
                    "sla.holiday_removed",
                    "sla_holiday",
                    day,
                    now=self.ctx.now(),
                    before={"day": day, "name": row.name},
                )

    def policies(self) -> dict[str, SlaPolicy]:
        self.ctx.require(Permission.TICKET_VIEW)
        with self.ctx.transaction() as session:
            return load_policies(session)

    def set_policy(self, policy: SlaPolicy, expected_version: int | None = None) -> None:
        self.ctx.require(Permission.SETTINGS_EDIT)
        try:
            Priority(policy.priority)
        except ValueError:
            raise ValidationError("priority", f"'{policy.priority}' is not a priority") from None
        if policy.first_response_minutes < 1 or policy.resolution_minutes < 1:
            raise ValidationError("SLA target", "must be at least one business minute")
        if policy.first_response_minutes > policy.resolution_minutes:
            raise ValidationError("first response", "cannot be later than resolution")
        if not 0 <= policy.amber_percent <= 100:
            raise ValidationError("amber percent", "must be between 0 and 100")
        with self.ctx.transaction() as session:
            row = session.get(SlaPolicyRow, policy.priority)
            before = None
            if row is None:
                row = SlaPolicyRow(priority=policy.priority)
                session.add(row)
            else:
                if expected_version is not None and row.version != expected_version:
                    raise ConflictError("The SLA policy was changed by someone else; reload.")
                before = {
                    "first_response_minutes": row.first_response_minutes,
                    "resolution_minutes": row.resolution_minutes,
                    "amber_percent": row.amber_percent,
                }
            row.first_response_minutes = policy.first_response_minutes
            row.resolution_minutes = policy.resolution_minutes
            row.amber_percent = policy.amber_percent
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "sla.policy_changed",
                "sla_policy",
                policy.priority,
                now=self.ctx.now(),
                before=before,
                after={
                    "first_response_minutes": policy.first_response_minutes,
                    "resolution_minutes": policy.resolution_minutes,
                    "amber_percent": policy.amber_percent,
                },
            )

    def create_team(
        self, name: str, supervisor_id: int | None, member_ids: tuple[int, ...] = ()
    ) -> Team:
        self.ctx.require(Permission.USER_MANAGE)
        if not name.strip():
            raise ValidationError("team name", "is required")
        with self.ctx.transaction() as session:
            for uid in (supervisor_id, *member_ids):
                if uid is not None and session.get(User, uid) is None:
                    raise ValidationError("team member", f"user {uid} does not exist")
            if session.scalar(select(SupportTeam.id).where(SupportTeam.name == name.strip())):
                raise ValidationError("team name", f"'{name.strip()}' already exists")
            team = SupportTeam(name=name.strip(), supervisor_id=supervisor_id)
            session.add(team)
            session.flush()
            for uid in sorted(set(member_ids)):
                session.add(SupportTeamMember(team_id=team.id, user_id=uid))
            audit.record(
                session,
                self.ctx.actor,
                "team.created",
                "support_team",
                team.id,
                now=self.ctx.now(),
                after={
                    "name": team.name,
                    "supervisor_id": supervisor_id,
                    "members": sorted(set(member_ids)),
                },
            )
            return Team(team.id, team.name, supervisor_id, tuple(sorted(set(member_ids))))
