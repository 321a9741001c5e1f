"""Platform-wide state: business date, currency, keys, settings, end-of-day runs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId


class PlatformState(Base):
    """The single row (id 1) of platform state."""

    __tablename__ = "platform_state"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    business_date: Mapped[date]
    currency: Mapped[str] = mapped_column(String(3))
    install_id: Mapped[str] = mapped_column(String(36))
    data_key_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    eod_holder: Mapped[str | None] = mapped_column(String(200))
    eod_started_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Setting(Base):
    """A platform setting (JSON value), edited by admins with an audit trail."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class EodRun(Base):
    """One finished (or failed) end-of-day step for one business date."""

    __tablename__ = "eod_runs"
    __table_args__ = (UniqueConstraint("business_date", "step"),)

    id: Mapped[int] = id_column()
    business_date: Mapped[date]
    step: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # done | failed
    rows_changed: Mapped[int] = mapped_column(default=0)
    detail: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
