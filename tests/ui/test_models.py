"""Every table model passes qtmodeltester; paging is keyset and re-runs on filter."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.audit_queries import AuditFilter, AuditViewer
from app.customers.service import CustomerInput, CustomerService
from app.errors import PermissionDenied
from app.security.permissions import Role
from app.security.users import UserService
from tests.support import TestDB
from ui.models.audit import AuditColumn, AuditTableModel, audit_key, sort_filter
from ui.models.customers import CustomerResultsModel, search_fetch
from ui.models.paged import ROW_ROLE, PagedTableModel
from ui.models.users import UsersTableModel, user_key, users_fetch
from ui.tasks import TaskRunner


class NumberColumn(IntEnum):
    VALUE = 0
    SQUARE = 1


class NumbersModel(PagedTableModel):
    Column = NumberColumn
    HEADERS: ClassVar[dict[int, str]] = {0: "Value", 1: "Square"}

    def display(self, row: Any, column: int) -> str | None:
        return str(row if column == NumberColumn.VALUE else row * row)


class KeysetSource:
    """0..n-1 served by keyset; records every (after, limit) it was asked for."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls: list[tuple[Any, int]] = []

    def __call__(self, after: Any, limit: int) -> list[int]:
        self.calls.append((after, limit))
        start = 0 if after is None else after + 1
        return list(range(start, min(self.n, start + limit)))


def test_pages_load_by_keyset_until_exhausted(qtmodeltester: ModelTester) -> None:
    source = KeysetSource(250)
    model = NumbersModel(source, page_size=100)
    qtmodeltester.check(model)
    model.reload()
    assert model.rowCount() == 100 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())
    assert source.calls[-3:] == [(None, 100), (99, 100), (199, 100)]
    assert model.data(model.index(249, 1)) == str(249 * 249)
    assert model.data(model.index(3, 0), ROW_ROLE) == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Square"
    qtmodeltester.check(model)


def test_async_pages_arrive_through_the_task_runner(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    runner = TaskRunner()
    model = NumbersModel(KeysetSource(150), page_size=100, runner=runner)
    with qtbot.waitSignal(model.page_loaded, timeout=5_000):
        model.reload()
    assert model.rowCount() == 100
    with qtbot.waitSignal(model.page_loaded, timeout=5_000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 150 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_a_failing_page_is_a_message_not_an_empty_table(qtbot: QtBot) -> None:
    def broken(after: Any, limit: int) -> list[int]:
        raise PermissionDenied("aud may not do this")

    model = NumbersModel(broken)
    with qtbot.waitSignal(model.load_failed) as blocker:
        model.reload()
    assert blocker.args == ["aud may not do this"]
    assert not model.canFetchMore(QModelIndex())


def test_stale_pages_are_dropped_after_a_reload(qtbot: QtBot) -> None:
    runner = TaskRunner()
    model = NumbersModel(KeysetSource(10), runner=runner)
    model.reload()
    with qtbot.waitSignal(model.page_loaded, timeout=5_000):
        model.set_fetch(KeysetSource(3))
    qtbot.waitUntil(lambda: runner.active == 0, timeout=5_000)
    assert model.rows() == [0, 1, 2]


def test_audit_model(qtmodeltester: ModelTester, sqlite_db: TestDB) -> None:
    admin = sqlite_db.admin()
    for i in range(5):
        UserService(admin).create_user(f"user{i}", f"User {i}", "pw-123456", {Role.AUDITOR})
    viewer = AuditViewer(admin)
    model = AuditTableModel(
        lambda after, limit: viewer.page(AuditFilter(), after, limit), audit_key, page_size=3
    )
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    seqs = [r.seq for r in model.rows()]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == len(set(seqs)) >= 7
    assert model.headerData(AuditColumn.WHEN, Qt.Orientation.Horizontal) == "When"
    qtmodeltester.check(model)
    ascending = sort_filter(AuditFilter(), AuditColumn.SEQ, Qt.SortOrder.AscendingOrder)
    assert ascending is not None
    model.set_fetch(lambda after, limit: viewer.page(ascending, after, limit))
    assert model.row_at(0).seq == 1
    assert sort_filter(AuditFilter(), AuditColumn.USER, Qt.SortOrder.AscendingOrder) is None


def test_users_model(qtmodeltester: ModelTester, sqlite_db: TestDB) -> None:
    service = UserService(sqlite_db.admin())
    checker = UserService(sqlite_db.admin2())
    for name in ("zoe", "bob", "amy"):
        info = service.create_user(name, name.title(), "pw-123456", {Role.SUPPORT_AGENT})
        if name != "zoe":
            checker.approve(info.id)
    model = UsersTableModel(users_fetch(service.list_users), user_key, page_size=2)
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [u.username for u in model.rows()] == ["admin", "admin2", "amy", "bob", "zoe"]
    assert model.data(model.index(2, 2)) == "Support agent"
    assert model.data(model.index(2, 3)) == "Active"
    assert model.data(model.index(4, 2)) == ""
    assert model.data(model.index(4, 3)) == "New, waiting for approval: Support agent"
    qtmodeltester.check(model)


def test_customer_results_model(qtmodeltester: ModelTester, sqlite_db: TestDB) -> None:
    service = CustomerService(sqlite_db.admin(), sqlite_db.vault)
    for name in ("王芳", "王伟", "Grace Hall"):
        service.create(CustomerInput("individual", name, phone="13900001111"))
    model = CustomerResultsModel(search_fetch(service.search, "王"))
    model.reload()
    assert [c.name for c in model.rows()] == ["王伟", "王芳"]  # by name, code point order
    qtmodeltester.check(model)
    model.set_fetch(search_fetch(service.search, "13900001111"))
    assert model.rowCount() == 3
    assert model.data(model.index(0, 4)) == "*******1111"
    qtmodeltester.check(model)


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.UNDERWRITER])
def test_audit_viewer_needs_the_permission(sqlite_db: TestDB, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        AuditViewer(sqlite_db.user(role)).page(AuditFilter(), None, 10)
