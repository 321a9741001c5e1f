"""The application status machine: which status may follow which.

Enforced by the services: :func:`check_transition` refuses anything not listed in
:data:`TRANSITIONS` with a message naming both statuses.
"""

from __future__ import annotations

from enum import StrEnum

from app.errors import StateError


class Status(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    RECOMMENDED = "recommended"  # awaiting a second (senior) approval
    APPROVED = "approved"
    FUNDING = "funding"
    DISBURSED = "disbursed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


S = Status

#: Statuses an underwriter still has to decide; declined, withdrawn and expired
#: are reachable from each of them.
OPEN: frozenset[Status] = frozenset({S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.RECOMMENDED})
FINAL: frozenset[Status] = frozenset({S.DISBURSED, S.DECLINED, S.WITHDRAWN, S.EXPIRED})
_CLOSE = frozenset({S.DECLINED, S.WITHDRAWN, S.EXPIRED})

TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.SUBMITTED: frozenset({S.IN_REVIEW}) | _CLOSE,
    S.IN_REVIEW: frozenset({S.INFO_REQUESTED, S.RECOMMENDED, S.APPROVED}) | _CLOSE,
    S.INFO_REQUESTED: frozenset({S.IN_REVIEW}) | _CLOSE,
    # a senior approves, or sends it back to review
    S.RECOMMENDED: frozenset({S.APPROVED, S.IN_REVIEW}) | _CLOSE,
    # an approved offer the customer walks away from, or that is never funded
    S.APPROVED: frozenset({S.FUNDING, S.WITHDRAWN, S.EXPIRED}),
    S.FUNDING: frozenset({S.DISBURSED}),
    # only a same-day disbursement reversal, approved under four eyes
    # (app.loans.disbursement_reversal), puts a loan back to funded
    S.DISBURSED: frozenset({S.FUNDING}),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.EXPIRED: frozenset(),
}

LABELS: dict[Status, str] = {
    S.SUBMITTED: "submitted",
    S.IN_REVIEW: "in review",
    S.INFO_REQUESTED: "information requested",
    S.RECOMMENDED: "recommended (awaiting second approval)",
    S.APPROVED: "approved",
    S.FUNDING: "funding",
    S.DISBURSED: "disbursed",
    S.DECLINED: "declined",
    S.WITHDRAWN: "withdrawn",
    S.EXPIRED: "expired",
}


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: Status | str, target: Status) -> None:
    """Raise StateError unless an application may move from ``current`` to ``target``."""
    now = Status(current)
    if target not in TRANSITIONS[now]:
        raise StateError(f"An application that is {LABELS[now]} cannot become {LABELS[target]}.")
