"""db.bulk on every backend: the rows written, the ids handed back, the updates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.bulk import among, insert_rows, update_rows
from db.models.ledger import JournalEntry
from db.models.security import User
from tests.support import TestDB

E = JournalEntry.__table__
U = User.__table__


def test_insert_returns_every_id_and_update_sets_and_adds(db: TestDB) -> None:
    day = date(2026, 6, 30)
    with db.sessions.begin() as s:
        conn = s.connection()
        before = s.scalar(select(func.max(JournalEntry.id))) or 0
        got = insert_rows(
            conn, E, ("kind", "business_date", "loan_id", "memo", "created_by"),
            [("payment", day, None, f"memo-{n}", None) for n in range(250)],
            returning=("id", "memo"),
        )  # fmt: skip
        ids = {memo: int(i) for i, memo in got}
        assert len(ids) == 250 and min(ids.values()) > before
        rows = s.execute(
            select(JournalEntry.id, JournalEntry.memo, JournalEntry.business_date)
            .where(JournalEntry.id > before)
            .order_by(JournalEntry.id)
        ).all()  # fmt: skip
        assert {memo: i for i, memo, _d in rows} == ids  # the ids really are the rows'
        assert {d for *_r, d in rows} == {day}
        assert insert_rows(conn, E, ("kind", "business_date"), []) == []
        # Set one column, add to another (a version bump), for some rows only.
        admin = s.execute(select(User.id, User.version)).first()
        assert admin is not None
        update_rows(conn, U, "id", ("display_name", "version"), [(admin.id, "Renamed", 2)],
                    added=("version",))  # fmt: skip
        changed = sorted(ids.values())[:3]
        update_rows(conn, E, "id", ("memo", "business_date"),
                    [(i, f"new-{i}", date(2026, 7, 1)) for i in changed])  # fmt: skip
    with db.sessions() as s:
        user = s.get(User, admin.id)
        assert user is not None and (user.display_name, user.version) == (
            "Renamed",
            admin.version + 2,
        )
        memos = dict(
            s.execute(
                select(JournalEntry.id, JournalEntry.memo).where(
                    among(db.backend, JournalEntry.id, [*changed, max(ids.values())])
                )
            ).all()
        )
        assert memos == {**{i: f"new-{i}" for i in changed}, max(ids.values()): "memo-249"}
        moved = s.scalar(
            select(func.count()).where(JournalEntry.business_date == date(2026, 7, 1))
        )  # fmt: skip
        assert moved == 3


def test_among_takes_a_long_list_as_one_parameter(db: TestDB) -> None:
    with db.sessions() as s:
        every = set(s.scalars(select(User.id)))
        wanted = [*range(-5000, 0), *every]  # 5,000 ids that match nothing, and all
        found = s.scalars(select(User.id).where(among(db.backend, User.id, wanted))).all()
        assert every and set(found) == every and len(found) == len(every)
        some = sorted(every)[:1]
        assert s.scalars(select(User.id).where(among(db.backend, User.id, some))).all() == some
        assert s.scalars(select(User.id).where(among(db.backend, User.id, [-1]))).all() == []
