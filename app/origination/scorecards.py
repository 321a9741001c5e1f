"""Scorecards in the database: load a version, store a new one (admins), seed the default."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import NotFound
from app.origination.default_scorecard import default_scorecard
from app.origination.scorecard import (
    Bin,
    Characteristic,
    GradeBand,
    ScorecardDef,
    validate_scorecard,
)
from app.security import audit
from app.security.permissions import Permission
from db.models.origination import (
    Scorecard,
    ScorecardBand,
    ScorecardBin,
    ScorecardCharacteristic,
)


def load_scorecard(session: Session, scorecard_id: int) -> ScorecardDef:
    """One stored version as plain data."""
    row = session.get(Scorecard, scorecard_id)
    if row is None:
        raise NotFound(f"scorecard {scorecard_id} does not exist")
    chars = session.scalars(
        select(ScorecardCharacteristic)
        .where(ScorecardCharacteristic.scorecard_id == row.id)
        .order_by(ScorecardCharacteristic.position)
    ).all()
    bins: dict[int, list[Bin]] = {c.id: [] for c in chars}
    for b in session.scalars(
        select(ScorecardBin)
        .where(ScorecardBin.characteristic_id.in_(list(bins)))
        .order_by(ScorecardBin.characteristic_id, ScorecardBin.position)
    ):
        bins[b.characteristic_id].append(Bin(b.lower, b.upper, b.points, b.label, b.label_zh or ""))
    bands = session.scalars(
        select(ScorecardBand)
        .where(ScorecardBand.scorecard_id == row.id)
        .order_by(ScorecardBand.grade)
    ).all()
    return ScorecardDef(
        row.name,
        tuple(
            Characteristic(
                c.code,
                c.label,
                c.reason_code,
                c.reason,
                tuple(bins[c.id]),
                c.label_zh or "",
                c.reason_zh or "",
            )
            for c in chars
        ),
        tuple(GradeBand(b.grade, b.min_score, b.pd) for b in bands),
        row.version,
        row.id,
    )


def _insert(session: Session, card: ScorecardDef, created_by: int | None) -> Scorecard:
    validate_scorecard(card)
    last = session.scalar(select(func.max(Scorecard.version))) or 0
    session.execute(update(Scorecard).where(Scorecard.active.is_(True)).values(active=False))
    row = Scorecard(version=last + 1, name=card.name, active=True, created_by=created_by)
    session.add(row)
    session.flush()
    for position, ch in enumerate(card.characteristics):
        crow = ScorecardCharacteristic(
            scorecard_id=row.id,
            position=position,
            code=ch.code,
            label=ch.label,
            reason_code=ch.reason_code,
            reason=ch.reason,
            label_zh=ch.label_zh or None,
            reason_zh=ch.reason_zh or None,
        )
        session.add(crow)
        session.flush()
        for bin_pos, b in enumerate(ch.bins):
            session.add(
                ScorecardBin(
                    characteristic_id=crow.id,
                    position=bin_pos,
                    lower=b.lower,
                    upper=b.upper,
                    points=b.points,
                    label=b.label,
                    label_zh=b.label_zh or None,
                )
            )
    for band in card.bands:
        session.add(
            ScorecardBand(
                scorecard_id=row.id, grade=band.grade, min_score=band.min_score, pd=band.pd
            )
        )
    session.flush()
    return row


def active_scorecard(session: Session) -> ScorecardDef:
    """The version that scores new applications; the shipped default is stored as
    version 1 the first time one is needed."""
    scorecard_id = session.scalar(
        select(Scorecard.id).where(Scorecard.active.is_(True)).order_by(Scorecard.version.desc())
    )
    if scorecard_id is None:
        scorecard_id = _insert(session, default_scorecard(), None).id
    return load_scorecard(session, scorecard_id)


class ScorecardService:
    """Admins store a new scorecard version; older versions stay for the
    applications scored with them."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def active(self) -> ScorecardDef:
        self.ctx.require(Permission.APPLICATION_VIEW)
        with self.ctx.transaction() as session:
            return active_scorecard(session)

    def publish(self, card: ScorecardDef) -> ScorecardDef:
        """Validate ``card`` and make it the active version."""
        self.ctx.require(Permission.SCORECARD_EDIT)
        with self.ctx.transaction() as session:
            row = _insert(session, card, self.ctx.actor.user_id)
            audit.record(
                session,
                self.ctx.actor,
                "scorecard.published",
                "scorecard",
                row.id,
                now=self.ctx.now(),
                after={
                    "version": row.version,
                    "name": card.name,
                    "characteristics": [c.code for c in card.characteristics],
                    "max_score": card.max_score,
                },
            )
            return load_scorecard(session, row.id)
