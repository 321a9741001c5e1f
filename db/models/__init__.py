"""Every model module, imported so the metadata is complete for Alembic and tests."""

from __future__ import annotations

from db.models import audit, customers, platform, security

__all__ = ["audit", "customers", "platform", "security"]
