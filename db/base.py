"""The one declarative base; every model module registers on its metadata."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import BigId, Rate, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this mapping
        int: BigInteger(),
        datetime: UTCDateTime(),
        date: Date(),
        Decimal: Rate(),
    }


def id_column() -> Mapped[int]:
    """An autoincrementing BIGINT primary key (INTEGER rowid alias on SQLite)."""
    return mapped_column(BigId, primary_key=True, autoincrement=True)


def created_column() -> Mapped[datetime]:
    """Row creation time, set by the database server (UTC)."""
    return mapped_column(UTCDateTime(), server_default=func.current_timestamp())


def fk_id_type() -> type[BigInteger]:
    return BigInteger
