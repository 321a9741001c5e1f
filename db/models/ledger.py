"""The double-entry ledger: chart of accounts, journal entries and their lines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, created_column, id_column
from db.types import BigId


class Account(Base):
    """One account of the chart (seeded by the migration)."""

    __tablename__ = "ledger_accounts"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # asset|liability|income|expense


class JournalEntry(Base):
    """A balanced set of lines posted together (one action or one EOD chunk)."""

    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_date_id", "business_date", "id"),)

    id: Mapped[int] = id_column()
    kind: Mapped[str] = mapped_column(String(24))
    business_date: Mapped[date]
    loan_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("loans.id"))
    memo: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[datetime] = created_column()


class LedgerLine(Base):
    """A signed amount (debit positive, credit negative) on one account, attributed
    to a loan and/or investor where it concerns one; ``tag`` says which movement."""

    __tablename__ = "ledger_lines"
    __table_args__ = (
        Index("ix_ledger_lines_loan_account", "loan_id", "account_code"),
        Index("ix_ledger_lines_investor_account", "investor_id", "account_code"),
        Index("ix_ledger_lines_entry", "entry_id"),
        Index("ix_ledger_lines_account", "account_code"),
    )

    id: Mapped[int] = id_column()
    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("journal_entries.id"))
    account_code: Mapped[str] = mapped_column(String(32), ForeignKey("ledger_accounts.code"))
    loan_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("loans.id"))
    investor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("investors.id"))
    tag: Mapped[str] = mapped_column(String(24))
    amount: Mapped[int]
