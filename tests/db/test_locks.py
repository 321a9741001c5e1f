"""Named locks on every backend: shared holders run side by side, an exclusive
holder keeps them all out and the other way round, and a released lock is free at
once (issue 20 #10: restore and rotate-key take ``writers`` exclusive, imports and
end of day take it shared; on MariaDB the shared form is built from slots)."""

from __future__ import annotations

import pytest

from app.locks import SLOTS, LockBusy, acquire
from tests.support import TestDB


def test_shared_and_exclusive_keep_each_other_out(db: TestDB) -> None:
    if db.backend == "sqlite" and db.url.endswith(":memory:"):
        pytest.skip("an in-memory database has no lock file")
    first = acquire(db.engine, "writers", "import 1", shared=True)
    second = acquire(db.engine, "writers", "import 2", shared=True)
    with pytest.raises(LockBusy):
        acquire(db.engine, "writers", "restore")
    first.release()
    with pytest.raises(LockBusy):  # one shared holder is enough to keep it out
        acquire(db.engine, "writers", "restore")
    second.release()
    exclusive = acquire(db.engine, "writers", "restore")
    with pytest.raises(LockBusy):
        acquire(db.engine, "writers", "import 3", shared=True)
    with pytest.raises(LockBusy):
        acquire(db.engine, "writers", "restore again")
    exclusive.release()
    again = acquire(db.engine, "writers", "import 4", shared=True)
    again.release()


def test_a_failed_exclusive_take_leaves_nothing_held(db: TestDB) -> None:
    if db.backend != "mysql":
        pytest.skip("the slots are MariaDB's")
    holders = [acquire(db.engine, "writers", f"import {k}", shared=True) for k in range(SLOTS)]
    with pytest.raises(LockBusy):
        acquire(db.engine, "writers", "one too many", shared=True)
    holders[-1].release()
    with pytest.raises(LockBusy):
        acquire(db.engine, "writers", "restore")  # took the name and some slots, gave back
    for held in holders[:-1]:
        held.release()
    acquire(db.engine, "writers", "restore").release()
    shared = acquire(db.engine, "writers", "import", shared=True)
    shared.release()
