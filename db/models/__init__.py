"""Every model module, imported so the metadata is complete for Alembic and tests."""

from __future__ import annotations

from db.models import audit, customers, platform, security
from db.models import loans as loans  # loan servicing tables
from db.models import ledger as ledger  # double-entry ledger tables
from db.models import kyc as kyc  # KYC feature tables
from db.models import servicedesk as servicedesk  # support desk tables
from db.models import origination as origination  # applications and scorecards
from db.models import collections as collections  # collections tables

__all__ = ["audit", "customers", "platform", "security"]
