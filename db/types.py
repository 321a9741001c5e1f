"""Column types that keep money, rates and times exact on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, overload

from sqlalchemy import BigInteger, DateTime, Integer, type_coerce
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import NullType, TypeDecorator

#: Primary keys: BIGINT on the servers, INTEGER (the rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")

RATE_SCALE = 10**9


class Rate(TypeDecorator[Decimal]):
    """A Decimal rate stored exactly as a scaled integer (nine decimal places).

    SQLite has no decimal type and would turn NUMERIC into a float; a scaled
    integer sorts and compares correctly on every backend.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * RATE_SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"rate {value} has more than nine decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / RATE_SCALE).normalize()


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive in UTC with microseconds on every backend."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=False))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; p2pdesk stores aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stamp: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def raw(column: Any) -> Any:
    """``column`` selected as the driver returns it, without result processing.

    Queue pages convert their time columns with :func:`utc_from_db` instead of
    :class:`UTCDateTime`'s processor chain: the same values, about five times
    cheaper, which matters at a few hundred timestamps per page.
    """
    return type_coerce(column, NullType())


@overload
def utc_from_db(value: None) -> None: ...
@overload
def utc_from_db(value: str | datetime) -> datetime: ...
def utc_from_db(value: str | datetime | None) -> datetime | None:
    """What :class:`UTCDateTime` returns for the driver value ``value``.

    SQLite gives the stored naive ISO text, which SQLAlchemy parses with
    ``fromisoformat``; parsing it with a UTC offset appended gives the same aware
    value in one step. The servers give naive UTC datetimes; the positional
    constructor is used because ``datetime.replace`` with a keyword costs several
    times more.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            stamp: datetime | None = datetime.fromisoformat(value + "+00:00")
        except ValueError:  # text with its own offset
            stamp = None
        if stamp is not None and stamp.tzinfo is not None:
            return stamp
        value = datetime.fromisoformat(value)  # the general path below
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        UTC,
    )
