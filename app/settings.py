"""Platform settings: each key, its type and default declared once.

Stored in the ``settings`` table as JSON; admins change them through
``SettingsService`` with an audit trail. Features declare their own keys here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import ValidationError
from app.security import audit
from app.security.permissions import Permission
from db.models.platform import Setting


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: Any
    kind: type
    label: str
    minimum: int | None = None


SETTINGS: dict[str, SettingDef] = {
    d.key: d
    for d in [
        SettingDef("security.idle_lock_minutes", 15, int, "Lock the window after idle minutes", 1),
        SettingDef(
            "security.reveals_per_hour", 20, int, "Personal data reveals per user an hour", 1
        ),
        SettingDef("origination.four_eyes_threshold", 5_000_000, int, "Four-eyes above (minor)", 0),
        SettingDef("origination.max_dti_bp", 5_000, int, "Debt-to-income limit (basis points)", 1),
        SettingDef(
            "origination.income_tolerance_bp",
            2_000,
            int,
            "Stated income may differ from the income on file by (basis points)",
            0,
        ),
        SettingDef(
            "origination.max_cost_bp",
            2_400,
            int,
            "Comprehensive annual cost ceiling of an offer (basis points)",
            1,
        ),
        SettingDef("origination.review_target_hours", 48, int, "Review target (hours)", 1),
        SettingDef("origination.expire_after_days", 30, int, "Expire untouched after (days)", 1),
        SettingDef("limits.individual_max_outstanding", 20_000_000, int, "Individual cap", 0),
        SettingDef("limits.business_max_outstanding", 100_000_000, int, "Business cap", 0),
        SettingDef("collections.quiet_start_hour", 22, int, "No contact from (hour)", 0),
        SettingDef("collections.quiet_end_hour", 8, int, "No contact until (hour)", 0),
        SettingDef("collections.max_connected_calls_per_day", 3, int, "Connected calls a day", 1),
        SettingDef("collections.open_case_dpd", 1, int, "Open a case at DPD", 1),
        SettingDef("servicedesk.reopen_days", 7, int, "Reopen a resolved ticket within days", 0),
        SettingDef("servicedesk.breaching_soon_minutes", 120, int, "Breaching soon (minutes)", 1),
        SettingDef("kyc.evidence_max_bytes", 10_485_760, int, "Largest evidence file (bytes)", 1),
        SettingDef("collections.promise_tolerance", 100, int, "Promise tolerance (minor)", 0),
        SettingDef("collections.promise_grace_days", 2, int, "Promise grace days", 0),
        SettingDef("collections.claim_lease_minutes", 30, int, "Case claim lease (minutes)", 1),
        SettingDef("collections.escalation_dpd", 90, int, "Escalate past DPD", 1),
        SettingDef("collections.write_off_dpd", 180, int, "Propose write-off past DPD", 1),
        SettingDef("eod.max_days_ahead", 7, int, "End of day: furthest days past today", 0),
        SettingDef("payments.max_amount", 1_000_000_000, int, "Largest payment (minor)", 1),
        SettingDef(
            "amounts.max_amount", 1_000_000_000_000, int, "Largest amount entered (minor)", 1
        ),
        SettingDef(
            "payments.overpay_tolerance", 100_000, int, "Payment above what is owed (minor)", 0
        ),
        SettingDef("payments.file_max_bytes", 268_435_456, int, "Largest payment file (bytes)", 1),
    ]
}


def get_setting(session: Session, key: str) -> Any:
    """The stored value of ``key``, or its declared default."""
    definition = SETTINGS[key]
    row = session.get(Setting, key)
    if row is None:
        return definition.default
    return json.loads(row.value_json)


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def all(self) -> dict[str, Any]:
        with self.ctx.transaction() as session:
            stored = {s.key: json.loads(s.value_json) for s in session.scalars(select(Setting))}
        return {k: stored.get(k, d.default) for k, d in SETTINGS.items()}

    def set(self, key: str, value: Any) -> None:
        self.ctx.require(Permission.SETTINGS_EDIT)
        definition = SETTINGS.get(key)
        if definition is None:
            raise ValidationError(key, "is not a known setting")
        if not isinstance(value, definition.kind) or isinstance(value, bool) != (
            definition.kind is bool
        ):
            raise ValidationError(definition.label, f"must be a {definition.kind.__name__}")
        if definition.minimum is not None and isinstance(value, int) and value < definition.minimum:
            raise ValidationError(definition.label, f"must be at least {definition.minimum}")
        with self.ctx.transaction() as session:
            row = session.get(Setting, key)
            before = None if row is None else json.loads(row.value_json)
            if row is None:
                session.add(Setting(key=key, value_json=json.dumps(value)))
            else:
                row.value_json = json.dumps(value)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "setting.changed",
                "setting",
                key,
                now=self.ctx.now(),
                before={"value": before},
                after={"value": value},
            )
