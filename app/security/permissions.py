"""Roles, permissions and the matrix between them (DESIGN §4).

The matrix is data: one place to read who may do what, and a table-driven test
tries every permission with every role.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    UNDERWRITER = "underwriter"
    SENIOR_UNDERWRITER = "senior_underwriter"
    KYC_OFFICER = "kyc_officer"
    COLLECTIONS_AGENT = "collections_agent"
    COLLECTIONS_SUPERVISOR = "collections_supervisor"
    SUPPORT_AGENT = "support_agent"
    AUDITOR = "auditor"


class Permission(StrEnum):
    # administration
    USER_MANAGE = "user.manage"
    SETTINGS_EDIT = "settings.edit"
    SCHEMA_UPGRADE = "schema.upgrade"
    AUDIT_VIEW = "audit.view"
    BACKUP = "backup"
    # customers and personal data
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_EDIT = "customer.edit"
    PII_REVEAL = "pii.reveal"
    # loans and money
    PRODUCT_EDIT = "product.edit"
    LOAN_VIEW = "loan.view"
    PAYMENT_POST = "payment.post"
    PAYMENT_REVERSE = "payment.reverse"
    PAYMENT_IMPORT = "payment.import"
    INVESTOR_MANAGE = "investor.manage"
    DISBURSE = "loan.disburse"
    DISBURSE_REVERSE = "loan.disburse_reverse"  # approve another's request to undo one
    WRITE_OFF_PROPOSE = "writeoff.propose"
    WRITE_OFF_APPROVE = "writeoff.approve"
    LOAN_RESCHEDULE = "loan.reschedule"
    EOD_RUN = "eod.run"
    # origination
    APPLICATION_VIEW = "application.view"
    APPLICATION_EDIT = "application.edit"
    APPLICATION_DECIDE = "application.decide"
    APPLICATION_APPROVE_HIGH = "application.approve_high"
    SCORECARD_EDIT = "scorecard.edit"
    # KYC
    KYC_VIEW = "kyc.view"
    KYC_VERIFY = "kyc.verify"
    KYC_WAIVE = "kyc.waive"
    KYC_TEMPLATE_EDIT = "kyc.template_edit"
    # collections
    COLLECTIONS_VIEW = "collections.view"
    COLLECTIONS_WORK = "collections.work"
    COLLECTIONS_SUPERVISE = "collections.supervise"
    # service desk
    TICKET_VIEW = "ticket.view"
    TICKET_WORK = "ticket.work"
    TICKET_SUPERVISE = "ticket.supervise"


P = Permission

_READ_ALL = frozenset(
    {
        P.CUSTOMER_VIEW,
        P.LOAN_VIEW,
        P.APPLICATION_VIEW,
        P.KYC_VIEW,
        P.COLLECTIONS_VIEW,
        P.TICKET_VIEW,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission) - {P.APPLICATION_DECIDE, P.APPLICATION_APPROVE_HIGH},
    Role.UNDERWRITER: frozenset(
        {
            P.CUSTOMER_VIEW,
            P.CUSTOMER_EDIT,
            P.LOAN_VIEW,
            P.APPLICATION_VIEW,
            P.APPLICATION_EDIT,
            P.APPLICATION_DECIDE,
            P.KYC_VIEW,
            P.TICKET_VIEW,
        }
    ),
    Role.SENIOR_UNDERWRITER: frozenset(
        {
            P.CUSTOMER_VIEW,
            P.CUSTOMER_EDIT,
            P.LOAN_VIEW,
            P.APPLICATION_VIEW,
            P.APPLICATION_EDIT,
            P.APPLICATION_DECIDE,
            P.APPLICATION_APPROVE_HIGH,
            P.DISBURSE,
            P.DISBURSE_REVERSE,
            P.KYC_VIEW,
            P.TICKET_VIEW,
            P.PII_REVEAL,
        }
    ),
    Role.KYC_OFFICER: frozenset(
        {P.CUSTOMER_VIEW, P.CUSTOMER_EDIT, P.KYC_VIEW, P.KYC_VERIFY, P.PII_REVEAL, P.TICKET_VIEW}
    ),
    Role.COLLECTIONS_AGENT: frozenset(
        {
            P.CUSTOMER_VIEW,
            P.LOAN_VIEW,
            P.COLLECTIONS_VIEW,
            P.COLLECTIONS_WORK,
            P.PAYMENT_POST,
            P.TICKET_VIEW,
            P.WRITE_OFF_PROPOSE,
        }
    ),
    Role.COLLECTIONS_SUPERVISOR: frozenset(
        {
            P.CUSTOMER_VIEW,
            P.LOAN_VIEW,
            P.COLLECTIONS_VIEW,
            P.COLLECTIONS_WORK,
            P.COLLECTIONS_SUPERVISE,
            P.PAYMENT_POST,
            P.PAYMENT_REVERSE,
            P.PAYMENT_IMPORT,
            P.WRITE_OFF_PROPOSE,
            P.WRITE_OFF_APPROVE,
            P.LOAN_RESCHEDULE,
            P.TICKET_VIEW,
            P.KYC_WAIVE,
        }
    ),
    Role.SUPPORT_AGENT: frozenset(
        {P.CUSTOMER_VIEW, P.LOAN_VIEW, P.APPLICATION_VIEW, P.TICKET_VIEW, P.TICKET_WORK}
    ),
    Role.AUDITOR: _READ_ALL | {P.AUDIT_VIEW},
}


def permissions_for(roles: frozenset[Role] | set[Role]) -> frozenset[Permission]:
    """Union of the permissions of ``roles``."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
