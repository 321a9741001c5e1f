"""Write-off with four eyes: one user proposes, a different one approves.

On approval the outstanding principal goes to loss and the risk reserve pays the
investors' outstanding principal pro rata, as far as its balance reaches. Later
payments on the loan are recoveries and go through the same waterfall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.context import ServiceContext
from app.errors import NotFound, PermissionDenied, StateError, ValidationError
from app.loans.ledger import reserve_balance
from app.loans.payments import lock_loan
from app.loans.sync import sync_loan
from app.money import allocate_pro_rata
from app.platform import load_state
from app.security import audit
from app.security.permissions import Permission
from db.models.loans import Holding, WriteOff


@dataclass(frozen=True)
class WriteOffInfo:
    id: int
    loan_id: int
    status: str
    reason: str
    proposed_by: str
    decided_on: date | None
    principal_written_off: int
    reserve_paid: int
    version: int


def _info(w: WriteOff) -> WriteOffInfo:
    return WriteOffInfo(
        w.id, w.loan_id, w.status, w.reason, w.proposed_by_name, w.decided_on,
        w.principal_written_off, w.reserve_paid, w.version,
    )  # fmt: skip


class WriteOffService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def propose(self, loan_id: int, reason: str) -> WriteOffInfo:
        """Propose writing a loan off (WRITE_OFF_PROPOSE)."""
        self.ctx.require(Permission.WRITE_OFF_PROPOSE)
        if not reason.strip():
            raise ValidationError("reason", "say why the loan should be written off")
        with self.ctx.transaction() as session:
            loan = lock_loan(session, loan_id)
            if loan.status != "active":
                raise StateError(f"loan {loan.number} is {loan.status}; only active loans")
            pending = session.scalar(
                select(WriteOff.id).where(
                    WriteOff.loan_id == loan_id, WriteOff.status == "proposed"
                )
            )
            if pending is not None:
                raise StateError(f"loan {loan.number} already has a write-off proposal")
            w = WriteOff(
                loan_id=loan_id, status="proposed", reason=reason.strip(),
                proposed_by=self.ctx.actor.user_id, proposed_by_name=self.ctx.actor.username,
                proposed_at=self.ctx.now(),
            )  # fmt: skip
            session.add(w)
            session.flush()
            audit.record(
                session, self.ctx.actor, "writeoff.proposed", "loan", loan_id,
                now=self.ctx.now(), after={"writeoff": w.id, "reason": w.reason, "dpd": loan.dpd},
            )  # fmt: skip
            return _info(w)

    def approve(self, writeoff_id: int, expected_version: int | None = None) -> WriteOffInfo:
        """Approve a proposal (WRITE_OFF_APPROVE) as a different user than the proposer."""
        self.ctx.require(Permission.WRITE_OFF_APPROVE)
        with self.ctx.transaction() as session:
            w = session.get(WriteOff, writeoff_id)
            if w is None:
                raise NotFound(f"write-off {writeoff_id} does not exist")
            loan = lock_loan(session, w.loan_id)
            session.refresh(w, with_for_update=True)
            self._check_decidable(w, expected_version)
            if loan.status != "active":
                raise StateError(f"loan {loan.number} is {loan.status}")
            today = load_state(session).business_date
            # Bring the loan up to date first so the principal is today's.
            sync_loan(session, loan, today, "accrual", actor_id=self.ctx.actor.user_id)
            holdings = session.scalars(
                select(Holding).where(Holding.loan_id == loan.id).order_by(Holding.id)
            ).all()
            owed = sum(h.outstanding for h in holdings)
            payout = max(0, min(reserve_balance(session), owed))
            shares = (
                allocate_pro_rata(payout, [h.outstanding for h in holdings])
                if payout
                else [0] * len(holdings)
            )
            for h, share in zip(holdings, shares, strict=True):
                h.reserve_covered = share
            loan.event_seq += 1
            w.status, w.decided_by, w.decided_on = "approved", self.ctx.actor.user_id, today
            w.event_seq, w.reserve_paid = loan.event_seq, payout
            session.flush()
            result = sync_loan(
                session, loan, today, "writeoff", actor_id=self.ctx.actor.user_id,
                memo=f"write-off {w.id}: {w.reason}",
            ).result  # fmt: skip
            w.principal_written_off = result.written_off_principal
            session.flush()
            audit.record(
                session, self.ctx.actor, "writeoff.approved", "loan", loan.id, now=self.ctx.now(),
                before={"status": "active", "dpd": loan.dpd},
                after={
                    "writeoff": w.id, "principal": w.principal_written_off, "reserve_paid": payout,
                    "shares": {str(h.investor_id): h.reserve_covered for h in holdings},
                },
            )  # fmt: skip
            return _info(w)

    def reject(self, writeoff_id: int, expected_version: int | None = None) -> WriteOffInfo:
        self.ctx.require(Permission.WRITE_OFF_APPROVE)
        with self.ctx.transaction() as session:
            w = session.get(WriteOff, writeoff_id, with_for_update=True)
            if w is None:
                raise NotFound(f"write-off {writeoff_id} does not exist")
            self._check_decidable(w, expected_version)
            w.status, w.decided_by = "rejected", self.ctx.actor.user_id
            w.decided_on = load_state(session).business_date
            session.flush()
            audit.record(
                session, self.ctx.actor, "writeoff.rejected", "loan", w.loan_id,
                now=self.ctx.now(), after={"writeoff": w.id},
            )  # fmt: skip
            return _info(w)

    def _check_decidable(self, w: WriteOff, expected_version: int | None) -> None:
        if w.status != "proposed":
            raise StateError(f"write-off {w.id} is already {w.status}")
        if expected_version is not None and w.version != expected_version:
            raise StateError(f"write-off {w.id} was changed by someone else; reload it")
        same = (
            w.proposed_by == self.ctx.actor.user_id
            if w.proposed_by is not None
            else w.proposed_by_name == self.ctx.actor.username
        )
        if same:
            raise PermissionDenied(
                f"{self.ctx.actor.username} proposed this write-off; a second person must decide"
            )
