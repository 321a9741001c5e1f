"""Every permission against every role: the matrix in code is the policy."""

from __future__ import annotations

import pytest

from app.context import Actor, ServiceContext
from app.errors import PermissionDenied
from app.security.permissions import ROLE_PERMISSIONS, Permission, Role, permissions_for

P = Permission
R = Role

# The expected policy, written out independently of the matrix it checks.
EXPECTED: dict[Permission, set[Role]] = {
    P.USER_MANAGE: {R.ADMIN},
    P.SETTINGS_EDIT: {R.ADMIN},
    P.SCHEMA_UPGRADE: {R.ADMIN},
    P.AUDIT_VIEW: {R.ADMIN, R.AUDITOR},
    P.BACKUP: {R.ADMIN},
    P.CUSTOMER_VIEW: set(Role),
    P.CUSTOMER_EDIT: {R.ADMIN, R.UNDERWRITER, R.SENIOR_UNDERWRITER, R.KYC_OFFICER},
    P.PII_REVEAL: {R.ADMIN, R.SENIOR_UNDERWRITER, R.KYC_OFFICER},
    P.PRODUCT_EDIT: {R.ADMIN},
    P.LOAN_VIEW: set(Role) - {R.KYC_OFFICER},
    P.PAYMENT_POST: {R.ADMIN, R.COLLECTIONS_AGENT, R.COLLECTIONS_SUPERVISOR},
    P.PAYMENT_REVERSE: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.PAYMENT_IMPORT: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.INVESTOR_MANAGE: {R.ADMIN},
    P.DISBURSE: {R.ADMIN, R.SENIOR_UNDERWRITER},
    P.DISBURSE_REVERSE: {R.ADMIN, R.SENIOR_UNDERWRITER},
    P.WRITE_OFF_PROPOSE: {R.ADMIN, R.COLLECTIONS_AGENT, R.COLLECTIONS_SUPERVISOR},
    P.WRITE_OFF_APPROVE: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.LOAN_RESCHEDULE: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.EOD_RUN: {R.ADMIN},
    P.APPLICATION_VIEW: set(Role) - {R.KYC_OFFICER, R.COLLECTIONS_AGENT, R.COLLECTIONS_SUPERVISOR},
    P.APPLICATION_EDIT: {R.ADMIN, R.UNDERWRITER, R.SENIOR_UNDERWRITER},
    P.APPLICATION_DECIDE: {R.UNDERWRITER, R.SENIOR_UNDERWRITER},
    P.APPLICATION_APPROVE_HIGH: {R.SENIOR_UNDERWRITER},
    P.SCORECARD_EDIT: {R.ADMIN},
    P.KYC_VIEW: {R.ADMIN, R.UNDERWRITER, R.SENIOR_UNDERWRITER, R.KYC_OFFICER, R.AUDITOR},
    P.KYC_VERIFY: {R.ADMIN, R.KYC_OFFICER},
    P.KYC_WAIVE: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.KYC_TEMPLATE_EDIT: {R.ADMIN},
    P.COLLECTIONS_VIEW: {R.ADMIN, R.COLLECTIONS_AGENT, R.COLLECTIONS_SUPERVISOR, R.AUDITOR},
    P.COLLECTIONS_WORK: {R.ADMIN, R.COLLECTIONS_AGENT, R.COLLECTIONS_SUPERVISOR},
    P.COLLECTIONS_SUPERVISE: {R.ADMIN, R.COLLECTIONS_SUPERVISOR},
    P.TICKET_VIEW: set(Role),
    P.TICKET_WORK: {R.ADMIN, R.SUPPORT_AGENT},
    P.TICKET_SUPERVISE: {R.ADMIN},
}


def test_expected_policy_covers_every_permission() -> None:
    assert set(EXPECTED) == set(Permission)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_role_permission(role: Role, permission: Permission) -> None:
    allowed = role in EXPECTED[permission]
    assert (permission in ROLE_PERMISSIONS[role]) is allowed
    actor = Actor.for_user(1, "u", "U", frozenset({role}))
    ctx = ServiceContext(sessions=None, actor=actor)  # type: ignore[arg-type]
    if allowed:
        ctx.require(permission)
    else:
        with pytest.raises(PermissionDenied, match=str(permission)):
            ctx.require(permission)


def test_roles_combine() -> None:
    combined = permissions_for({Role.KYC_OFFICER, Role.AUDITOR})
    assert Permission.KYC_VERIFY in combined and Permission.AUDIT_VIEW in combined
    assert Permission.USER_MANAGE not in combined


def test_auditor_is_read_only() -> None:
    writes = {p for p in ROLE_PERMISSIONS[Role.AUDITOR] if not p.value.endswith(".view")}
    assert writes == set()
