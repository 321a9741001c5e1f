"""Rescoring cases: the pure priority score applied to stored case rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from app.collections.priority import PriorityInput, PriorityScore, score
from db.models.collections import CollectionCase


def score_case(case: CollectionCase, day: date) -> PriorityScore:
    last = case.last_contact_at.date() if case.last_contact_at is not None else None
    return score(
        PriorityInput(
            dpd=case.dpd,
            overdue_amount=case.overdue_amount,
            promise_due_today=case.promise_due_on == day,
            broken_promises=case.broken_promises,
            last_contact_on=last,
            business_date=day,
        )
    )


def rescore(case: CollectionCase, day: date) -> bool:
    """Update the case's priority and reasons; True when they changed."""
    result = score_case(case, day)
    reasons = result.to_json()
    if case.priority == result.total and case.priority_reasons == reasons:
        return False
    case.priority = result.total
    case.priority_reasons = reasons
    return True


def rescore_range(session: Session, day: date, lo: int, hi: int) -> int:
    cases = session.scalars(
        select(CollectionCase).where(
            CollectionCase.id.between(lo, hi), CollectionCase.is_open == true()
        )
    ).all()
    return sum(1 for case in cases if rescore(case, day))
