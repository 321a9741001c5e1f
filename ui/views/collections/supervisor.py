"""Supervisor dialogs of the collections desk: teams and bucket routing, and
reassigning a case. They load and save through the services on the task runner
and stay open (window modal, not ``exec``) so results keep arriving. GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.collections.assignment import AssignmentService
from app.collections.supervision import Person, RoutingRow, SupervisionQueries, TeamRow
from app.loans.delinquency import Bucket
from ui.views.registry import PageContext

ROUTE_POOL, ROUTE_AUTO = "pool", "auto"


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace a small table's rows (read-only cells)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()  # small tables: names and amounts stay readable


def small_table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class RunnerDialog(QDialog):
    """A dialog that runs service calls on the page's task runner and shows the
    outcome in its status line."""

    finished_work = Signal(str)  # the status text after a job came back (tests wait on it)

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = page
        self.status = QLabel()
        self.status.setObjectName("supervisor_status")
        self.status.setWordWrap(True)

    def run(self, name: str, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Working…"))

        working = self.tr("Working…")

        def ok(result: Any) -> None:
            if self.status.text() == working:
                self.status.setText("")
            done(result)
            self.finished_work.emit(self.status.text())

        def failed(message: str) -> None:
            self.status.setStyleSheet("color: #b00020")
            self.status.setText(message)
            self.finished_work.emit(message)

        self._page.runner.submit(lambda _c: job(), ok, failed, owner=self, name=name)


class TeamsDialog(RunnerDialog):
    """Teams with their members, a new team, and where each bucket's cases go."""

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(page, parent)
        self.setObjectName("teams_dialog")
        self.setWindowTitle(self.tr("Teams and bucket routing"))
        self.teams: list[TeamRow] = []
        self.people: list[Person] = []
        self.team_table = small_table("teams_table", [self.tr("Team"), self.tr("Members")])
        self.new_name = QLineEdit()
        self.new_name.setObjectName("team_name")
        self.new_name.setPlaceholderText(self.tr("Name of the new team"))
        self.new_members = QListWidget()
        self.new_members.setObjectName("team_members")
        self.new_members.setMaximumHeight(110)
        create = QPushButton(self.tr("Create team"))
        create.setObjectName("team_create")
        create.clicked.connect(self.create_team)
        new_box = QGroupBox(self.tr("New team"))
        new_form = QFormLayout(new_box)
        new_form.addRow(self.tr("Name"), self.new_name)
        new_form.addRow(self.tr("Members"), self.new_members)
        new_form.addRow("", create)

        self.routing = small_table(
            "routing_table", [self.tr("Bucket"), self.tr("Team"), self.tr("Cases go to")]
        )
        self.bucket = QComboBox()
        self.bucket.setObjectName("routing_bucket")
        for b in Bucket:
            if b is not Bucket.CURRENT:
                self.bucket.addItem(b.value, b.value)
        self.routes: list[RoutingRow] = []
        self.bucket.currentIndexChanged.connect(self._show_route)
        self.team = QComboBox()
        self.team.setObjectName("routing_team")
        self.target = QComboBox()
        self.target.setObjectName("routing_target")
        save = QPushButton(self.tr("Route bucket"))
        save.setObjectName("routing_save")
        save.clicked.connect(self.save_routing)
        route_row = QHBoxLayout()
        for widget in (self.bucket, self.team, self.target, save):
            route_row.addWidget(widget)
        route_box = QGroupBox(self.tr("Bucket routing (applied by the next end of day)"))
        route_layout = QVBoxLayout(route_box)
        route_layout.addWidget(self.routing)
        route_layout.addLayout(route_row)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.team_table)
        layout.addWidget(new_box)
        layout.addWidget(route_box)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(720, 640)
        self.refresh()

    def refresh(self) -> None:
        queries = SupervisionQueries(self._page.ctx)
        self.run(
            "teams",
            lambda: (queries.teams(), queries.routing(), queries.collectors()),
            self._loaded,
        )

    def _loaded(self, result: Any) -> None:
        self.teams, routing, self.people = result
        self.routes = routing
        fill_table(
            self.team_table,
            [[t.name, ", ".join(p.name for p in t.members)] for t in self.teams],
        )
        targets = {ROUTE_POOL: self.tr("team pool"), ROUTE_AUTO: self.tr("round robin")}
        fill_table(
            self.routing,
            [[r.bucket, r.team_name,
              r.agent_name or targets[ROUTE_AUTO if r.auto_assign else ROUTE_POOL]]
             for r in routing],
        )  # fmt: skip
        self.new_members.clear()
        for p in self.people:
            item = QListWidgetItem(p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.user_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.new_members.addItem(item)
        self.team.clear()
        for t in self.teams:
            self.team.addItem(t.name, t.id)
        self.target.clear()
        self.target.addItem(targets[ROUTE_POOL], ROUTE_POOL)
        self.target.addItem(targets[ROUTE_AUTO], ROUTE_AUTO)
        for p in self.people:
            self.target.addItem(p.name, p.user_id)
        self._show_route()

    def _show_route(self) -> None:
        """Preselect where the chosen bucket goes today."""
        route = next((r for r in self.routes if r.bucket == self.bucket.currentData()), None)
        if route is None:
            return
        self.team.setCurrentIndex(max(self.team.findData(route.team_id), 0))
        target: object = route.agent_id or (ROUTE_AUTO if route.auto_assign else ROUTE_POOL)
        self.target.setCurrentIndex(max(self.target.findData(target), 0))

    def create_team(self) -> None:
        members = [
            int(self.new_members.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.new_members.count())
            if self.new_members.item(i).checkState() == Qt.CheckState.Checked
        ]
        name = self.new_name.text()
        service = AssignmentService(self._page.ctx)

        def done(_r: Any) -> None:
            self.new_name.clear()
            self.refresh()

        self.run("create_team", lambda: service.create_team(name, members), done)

    def save_routing(self) -> None:
        team_id = self.team.currentData()
        if team_id is None:
            self.status.setText(self.tr("Create a team first."))
            return
        bucket = Bucket(self.bucket.currentData())
        target = self.target.currentData()
        agent = target if isinstance(target, int) else None
        auto = target == ROUTE_AUTO
        service = AssignmentService(self._page.ctx)
        self.run(
            "route",
            lambda: service.assign_bucket(bucket, int(team_id), agent, auto),
            lambda _r: self.refresh(),
        )


class ReassignDialog(RunnerDialog):
    """Give the open case to another agent or back to a team's pool."""

    reassigned = Signal(int)

    def __init__(
        self,
        page: PageContext,
        case_id: int,
        version: int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(page, parent)
        self.setObjectName("reassign_dialog")
        self.setWindowTitle(self.tr("Reassign case {0}").format(case_id))
        self.case_id, self.version = case_id, version
        self.team = QComboBox()
        self.team.setObjectName("reassign_team")
        self.agent = QComboBox()
        self.agent.setObjectName("reassign_agent")
        form = QFormLayout()
        form.addRow(self.tr("Case"), QLabel(title))
        form.addRow(self.tr("Team"), self.team)
        form.addRow(self.tr("Agent"), self.agent)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        queries = SupervisionQueries(page.ctx)
        self.run("reassign_load", lambda: (queries.teams(), queries.collectors()), self._loaded)

    def _loaded(self, result: Any) -> None:
        teams, people = result
        self.team.clear()
        self.team.addItem(self.tr("(keep the case's team)"), None)
        for t in teams:
            self.team.addItem(t.name, t.id)
        self.agent.clear()
        self.agent.addItem(self.tr("(team pool, no agent)"), None)
        for p in people:
            self.agent.addItem(p.name, p.user_id)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def save(self) -> None:
        agent, team = self.agent.currentData(), self.team.currentData()
        service = AssignmentService(self._page.ctx)
        case_id, version = self.case_id, self.version

        def done(_r: Any) -> None:
            self.reassigned.emit(case_id)
            self.accept()

        self.run(
            "reassign",
            lambda: service.reassign(case_id, version, agent_id=agent, team_id=team),
            done,
        )
