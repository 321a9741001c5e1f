"""Every model module, imported so the metadata is complete for Alembic and tests."""

from __future__ import annotations

from db.models import (
    audit,
    collections,
    customers,
    kyc,
    ledger,
    loans,
    origination,
    platform,
    security,
    servicedesk,
)

__all__ = [
    "audit",
    "collections",
    "customers",
    "kyc",
    "ledger",
    "loans",
    "origination",
    "platform",
    "security",
    "servicedesk",
]
