"""Customers: the record every workflow hangs off."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId


class Customer(Base):
    """An individual or a business.

    Personal data (national ID or credit code, phones, bank card) is stored only
    encrypted (``*_enc``), with a keyed hash (``*_bidx``) for exact search and the
    last four characters for masked display.
    """

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_name_key_id", "name_key", "id"),
        Index("ix_customers_created_id", "created_at", "id"),
    )

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # individual | business
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # lower-cased, for prefix search
    gender: Mapped[str | None] = mapped_column(String(8))
    # Encrypted like the ID number it is part of. ``birth_date_legacy`` is the
    # plaintext column of databases older than 0009, emptied by app.customers.sealing.
    birth_date_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    birth_date_legacy: Mapped[date | None] = mapped_column("birth_date")
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_bidx: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number_last4: Mapped[str | None] = mapped_column(String(4))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_bidx: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    bank_card_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    bank_card_bidx: Mapped[str | None] = mapped_column(String(64), index=True)
    bank_card_last4: Mapped[str | None] = mapped_column(String(4))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    city: Mapped[str | None] = mapped_column(String(100))
    province: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    employer: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(100))
    monthly_income: Mapped[int | None]  # minor units
    registered_capital: Mapped[int | None]  # businesses, minor units
    legal_representative: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
