"""Customers: create, edit, search (blind index and name prefix), reveal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from app.amounts import check_entry
from app.context import ServiceContext
from app.customers import fields
from app.customers.reveal import (
    REVEAL_ACTION,
    RevealLimitReached,
    check_purpose,
    over_limit,
)
from app.errors import NotFound, PermissionDenied, ValidationError
from app.security import audit
from app.security.permissions import Permission
from app.security.pii import PiiVault, last4, mask
from db.models.customers import Customer

PII_FIELDS = ("id_number", "phone", "bank_card")
#: A search of exactly four digits also finds the phones ending so (a caller reads them).
PHONE_LAST4 = re.compile(r"\d{4}")
KINDS = ("individual", "business")


@dataclass(frozen=True)
class CustomerInput:
    kind: str
    name: str
    id_number: str | None = None
    phone: str | None = None
    bank_card: str | None = None
    email: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    address: str | None = None
    city: str | None = None
    province: str | None = None
    timezone: str = "Asia/Shanghai"
    employer: str | None = None
    occupation: str | None = None
    monthly_income: int | None = None
    registered_capital: int | None = None
    legal_representative: str | None = None


@dataclass(frozen=True)
class CustomerSummary:
    """What a search result row or the customer header shows (personal data masked)."""

    id: int
    number: str
    kind: str
    name: str
    id_number_masked: str
    phone_masked: str
    bank_card_masked: str
    city: str | None
    version: int


@dataclass(frozen=True)
class CustomerDetail:
    summary: CustomerSummary
    email: str | None
    gender: str | None
    birth_date: date | None
    address: str | None
    province: str | None
    timezone: str
    employer: str | None
    occupation: str | None
    monthly_income: int | None
    registered_capital: int | None
    legal_representative: str | None


def summarise(c: Customer) -> CustomerSummary:
    return CustomerSummary(
        id=c.id,
        number=c.number,
        kind=c.kind,
        name=c.name,
        id_number_masked=mask("id_number", c.id_number_last4),
        phone_masked=mask("phone", c.phone_last4),
        bank_card_masked=mask("bank_card", c.bank_card_last4),
        city=c.city,
        version=c.version,
    )


def birth_date_of(c: Customer, vault: PiiVault | None) -> date | None:
    """The decrypted birth date (None without the key), or a not yet sealed old one."""
    if c.birth_date_enc is not None:
        return (
            None if vault is None else date.fromisoformat(fields.read(vault, c, "birth_date") or "")
        )
    return c.birth_date_legacy


def detail(c: Customer, vault: PiiVault | None) -> CustomerDetail:
    """The customer page's data; the birth date only with the key."""
    return CustomerDetail(
        summary=summarise(c),
        email=c.email,
        gender=c.gender,
        birth_date=birth_date_of(c, vault),
        address=c.address,
        province=c.province,
        timezone=c.timezone,
        employer=c.employer,
        occupation=c.occupation,
        monthly_income=c.monthly_income,
        registered_capital=c.registered_capital,
        legal_representative=c.legal_representative,
    )


def next_customer_number(session: Session) -> str:
    last = session.scalar(select(func.max(Customer.id))) or 0
    return f"C{last + 1:08d}"


def insert_customer(
    session: Session, vault: PiiVault, data: CustomerInput, created_by: int | None
) -> Customer:
    """Validate and add one customer in the caller's transaction."""
    if data.kind not in KINDS:
        raise ValidationError("kind", "must be individual or business")
    from app.platform import load_state

    vault.require_current(load_state(session).data_key_wrapped)
    name = data.name.strip()
    if not name:
        raise ValidationError("name", "is required")
    if data.monthly_income is not None:
        check_entry(session, data.monthly_income, "monthly income", allow_zero=True)
    c = Customer(
        number=next_customer_number(session),
        kind=data.kind,
        name=name,
        name_key=name.casefold(),
        gender=data.gender,
        email=data.email,
        address=data.address,
        city=data.city,
        province=data.province,
        timezone=data.timezone,
        employer=data.employer,
        occupation=data.occupation,
        monthly_income=data.monthly_income,
        registered_capital=data.registered_capital,
        legal_representative=data.legal_representative,
        created_by=created_by,
    )
    for kind in PII_FIELDS:  # searchable at once; the ciphertext needs the row id
        value = getattr(data, kind)
        if value is not None and value.strip():
            setattr(c, f"{kind}_bidx", vault.blind_index(kind, value))
            setattr(c, f"{kind}_last4", last4(kind, value))
    session.add(c)
    session.flush()
    sealed: dict[str, object] = {}
    for kind in PII_FIELDS:
        value = getattr(data, kind)
        if value is not None and value.strip():
            sealed[f"{kind}_enc"] = fields.seal(vault, c.id, kind, value)
    if data.birth_date is not None:
        sealed["birth_date_enc"] = fields.seal(
            vault, c.id, "birth_date", data.birth_date.isoformat()
        )
    if sealed:
        # The ciphertexts are bound to the row id, known only now. A bulk UPDATE
        # (synchronised into ``c``) so a new customer keeps version 1.
        session.execute(update(Customer).where(Customer.id == c.id).values(**sealed))
    return c


def name_prefix_condition(session: Session, prefix: str) -> ColumnElement[bool]:
    """``name_key`` starts with ``prefix``, in a form each backend answers from its index.

    SQLite and PostgreSQL (outside the C locale) use a btree index for a range but not
    for LIKE; MySQL/MariaDB use it for LIKE 'prefix%'."""
    if session.get_bind().dialect.name == "mysql":
        return Customer.name_key.startswith(prefix, autoescape=True)
    return and_(Customer.name_key >= prefix, Customer.name_key < prefix + "\U0010ffff")


class CustomerService:
    def __init__(self, ctx: ServiceContext, vault: PiiVault | None) -> None:
        self.ctx = ctx
        self.vault = vault

    def _need_vault(self) -> PiiVault:
        if self.vault is None:
            raise PermissionDenied("Personal data is locked on this workstation (no master key).")
        return self.vault

    def create(self, data: CustomerInput) -> CustomerSummary:
        self.ctx.require(Permission.CUSTOMER_EDIT)
        vault = self._need_vault()
        with self.ctx.transaction() as session:
            c = insert_customer(session, vault, data, self.ctx.actor.user_id)
            audit.record(
                session,
                self.ctx.actor,
                "customer.created",
                "customer",
                c.id,
                now=self.ctx.now(),
                after={"number": c.number, "name": c.name, "kind": c.kind},
            )
            from app.kyc.blacklist import on_customer_identity_changed

            on_customer_identity_changed(session, self.ctx.actor, c.id, self.ctx.now())
            from app.kyc.checklists import start_for_new_customer

            start_for_new_customer(session, c.id, self.ctx.actor, self.ctx.now())
            return summarise(c)

    def get(self, customer_id: int) -> CustomerDetail:
        self.ctx.require(Permission.CUSTOMER_VIEW)
        with self.ctx.transaction() as session:
            c = session.get(Customer, customer_id)
            if c is None:
                raise NotFound(f"customer {customer_id} does not exist")
            return detail(c, self.vault)

    def search(self, text: str, limit: int = 50) -> list[CustomerSummary]:
        """Exact ID number / phone / bank card (blind index; a phone however it is
        written), customer number, the last four digits of a phone, or name prefix;
        newest hits first within each kind of match."""
        self.ctx.require(Permission.CUSTOMER_VIEW)
        query = text.strip()
        if not query:
            return []
        conditions = [Customer.number == query.upper()]
        if self.vault is not None:
            for kind in PII_FIELDS:
                column = getattr(Customer, f"{kind}_bidx")
                conditions.append(column == self.vault.blind_index(kind, query))
        if PHONE_LAST4.fullmatch(query):
            conditions.append(Customer.phone_last4 == query)
        with self.ctx.transaction() as session:
            # One indexed query per kind of match: an OR across columns scans the table
            # (the last four digits have no index: only a four-digit search reads them).
            found: dict[int, Customer] = {}
            for condition in conditions:
                newest = select(Customer).where(condition).order_by(Customer.id.desc())
                for c in session.scalars(newest.limit(limit)):
                    found.setdefault(c.id, c)
            prefix = name_prefix_condition(session, query.casefold())
            for c in session.scalars(
                select(Customer).where(prefix).order_by(Customer.name_key, Customer.id).limit(limit)
            ):
                found.setdefault(c.id, c)
            return [summarise(c) for c in list(found.values())[:limit]]

    def reveal(self, customer_id: int, kind: str, reason: str = "", detail: str = "") -> str:
        """Decrypt one personal-data field; needs PII_REVEAL, a reason (a
        :class:`RevealReason` code; "other" with ``detail``) and this hour's allowance
        (``security.reveals_per_hour``). Always audited; past the allowance the
        admins are alerted and RevealLimitReached is raised."""
        self.ctx.require(Permission.PII_REVEAL)
        if kind not in PII_FIELDS:
            raise ValidationError("field", f"{kind} is not personal data")
        purpose = check_purpose(reason, detail)
        vault = self._need_vault()
        with self.ctx.transaction() as session:
            c = session.get(Customer, customer_id)
            if c is None:
                raise NotFound(f"customer {customer_id} does not exist")
            limit = over_limit(session, self.ctx)
            if limit is None:
                value = fields.read(vault, c, kind) or ""
                audit.record(
                    session,
                    self.ctx.actor,
                    REVEAL_ACTION,
                    "customer",
                    c.id,
                    now=self.ctx.now(),
                    after={"field": kind, **purpose.audit_fields()},
                )
                return value
        # refused after the commit, so the admins' alert is kept
        raise RevealLimitReached(limit)
