"""Queue views: first page through the Qt model vs bare keyset SQL, a page at 90%
depth vs the first, the viewport repaint vs an in-memory model, and the memory
scrolling the collections queue to the end adds.

Every desk model is driven exactly as its page drives it (``set_fetch`` with the
fetch callback the page builds), synchronously, so the time is the query, the
row objects and the model insert, nothing else.
"""

from __future__ import annotations

import gc
import os
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, text

from app.context import Actor, ServiceContext
from bench.common import Row, interleaved
from bench.database import BenchDB
from db.engine import make_sessionmaker

QUEUES = ("applications", "collections", "tickets", "KYC")


@dataclass
class QueueCase:
    """One desk: its model with a filter/sort applied, and the matching bare SQL."""

    name: str
    model: Any
    apply: Callable[[], None]  # set_fetch: the sort/filter change, loads page one
    fetch: Callable[[Any, int], Any]
    depth_key: Any  # the keyset position 90% down the filtered queue
    bare_sql: str
    params: dict[str, Any]
    page_size: int
    description: str


def _key_at(session: Any, stmt: Select[Any], rows: int) -> tuple[Any, int] | None:
    offset = max(0, int(rows * 0.9) - 1)
    found = session.execute(stmt.offset(offset).limit(1)).first()
    return None if found is None else (found[0], found[1])


def build_cases(bench: BenchDB) -> list[QueueCase]:
    """The four desks' queue models, each with a realistic sort or filter change."""
    from app.collections.queries import QueueFilter as CaseFilter
    from app.collections.queries import QueueSort as CaseSort
    from app.kyc.queue import QueueFilter as KycFilter
    from app.kyc.queue import QueueKey, QueueService
    from app.origination.detail import ApplicationQueries
    from app.origination.queries import OPEN_STATUSES
    from app.origination.queries import QueueFilter as AppFilter
    from app.origination.queries import QueueSort as AppSort
    from app.servicedesk.queries import PageKey, Queue, Sort, TicketQueries
    from db.models.collections import CollectionCase
    from db.models.kyc import KycChecklist
    from db.models.origination import Application
    from db.models.servicedesk import Ticket
    from ui.views.applications.queue_model import ApplicationsQueueModel
    from ui.views.collections.queue_model import CaseQueueModel, key_of, queue_fetch
    from ui.views.kyc.queue_model import KycQueueModel
    from ui.views.tickets.queue_model import TicketQueueModel

    sessions = make_sessionmaker(bench.engine)
    ctx = ServiceContext(sessions, Actor.system("bench"))
    cases: list[QueueCase] = []
    statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)

    # Applications: open statuses, largest amount first (the "sort by amount" change).
    queries = ApplicationQueries(ctx)
    app_flt = AppFilter(statuses=OPEN_STATUSES)
    app_model = ApplicationsQueueModel()

    def app_fetch(after: Any, limit: int) -> Any:
        return queries.queue(app_flt, AppSort.AMOUNT, True, after, limit)

    with sessions() as s:
        a = Application
        n = s.scalar(select(text("count(*)")).select_from(a).where(a.status.in_(OPEN_STATUSES)))
        app_key = _key_at(
            s,
            select(a.amount, a.id)
            .where(a.status.in_(OPEN_STATUSES))
            .order_by(a.amount.desc(), a.id.desc()),
            int(n or 0),
        )
    cases.append(
        QueueCase(
            "applications",
            app_model,
            lambda: app_model.set_fetch(app_fetch, lambda r: r.key(AppSort.AMOUNT)),
            app_fetch,
            app_key,
            "SELECT a.*, c.name, p.code, u.display_name FROM applications a "
            "JOIN customers c ON c.id = a.customer_id JOIN loan_products p ON p.id = a.product_id "
            f"LEFT JOIN users u ON u.id = a.assigned_to WHERE a.status IN ({statuses}) "
            "ORDER BY a.amount DESC, a.id DESC LIMIT :n",
            {},
            app_model._page_size,
            "open statuses, by amount desc",
        )
    )

    # Collections: the M1 bucket, highest priority first.
    case_flt = CaseFilter(bucket="M1", sort=CaseSort.PRIORITY)
    case_model = CaseQueueModel()
    case_fetch = queue_fetch(sessions, case_flt)
    with sessions() as s:
        c = CollectionCase
        where = (c.is_open.is_(True), c.bucket == "M1")
        n = s.scalar(select(text("count(*)")).select_from(c).where(*where))
        case_key = _key_at(
            s, select(c.priority, c.id).where(*where).order_by(c.priority.desc(), c.id.desc()),
            int(n or 0),
        )  # fmt: skip
    cases.append(
        QueueCase(
            "collections",
            case_model,
            lambda: case_model.set_fetch(case_fetch, key_of(case_flt)),
            case_fetch,
            case_key,
            "SELECT cc.*, l.number, c.name, u.display_name, EXISTS (SELECT 1 FROM "
            "collection_holds h WHERE h.loan_id = cc.loan_id AND h.lifted_at IS NULL) "
            "FROM collection_cases cc JOIN loans l ON l.id = cc.loan_id "
            "JOIN customers c ON c.id = cc.customer_id LEFT JOIN users u ON u.id = cc.agent_id "
            "WHERE cc.is_open = :t AND cc.bucket = 'M1' "
            "ORDER BY cc.priority DESC, cc.id DESC LIMIT :n",
            {"t": True},
            case_model._page_size,
            "bucket M1, by priority",
        )
    )

    # Tickets: every active ticket, newest first (the "sort by opened" change).
    tickets = TicketQueries(ctx)
    ticket_model = TicketQueueModel(tickets)

    def ticket_fetch(after: Any, limit: int) -> Any:
        key = None if after is None else PageKey(after[0], after[1])
        return list(tickets.page(Queue.ALL, Sort.NEWEST, key, limit).rows)

    with sessions() as s:
        t = Ticket
        n = s.scalar(select(text("count(*)")).select_from(t).where(t.is_active.is_(True)))
        ticket_key = _key_at(
            s,
            select(t.opened_at, t.id)
            .where(t.is_active.is_(True))
            .order_by(t.opened_at.desc(), t.id.desc()),
            int(n or 0),
        )
    cases.append(
        QueueCase(
            "tickets",
            ticket_model,
            lambda: ticket_model.show_queue(Queue.ALL, Sort.NEWEST),
            ticket_fetch,
            ticket_key,
            # The page shows the customer, assignee, team and escalation names: joined here
            # as in the desk's query (the other desks' bare SQL joins their names too).
            "SELECT t.*, c.name, a.display_name, tm.name, e.display_name FROM tickets t "
            "LEFT JOIN customers c ON c.id = t.customer_id "
            "LEFT JOIN users a ON a.id = t.assignee_id "
            "LEFT JOIN support_teams tm ON tm.id = t.team_id "
            "LEFT JOIN users e ON e.id = t.escalated_to_id "
            "WHERE t.is_active = :t ORDER BY t.opened_at DESC, t.id DESC LIMIT :n",
            {"t": True},
            ticket_model._page_size,
            "active, newest first",
        )
    )

    # KYC: the "to verify" filter, oldest first.
    service = QueueService(ctx)
    kyc_model = KycQueueModel(service)
    kyc_flt = KycFilter(reason="submitted")

    def kyc_fetch(after: Any, limit: int) -> Any:
        key = None if after is None else QueueKey(after[0], after[1])
        return service.page(kyc_flt, key, limit)

    with sessions() as s:
        k = KycChecklist
        n = s.scalar(select(text("count(*)")).select_from(k).where(k.queue_reason == "submitted"))
        kyc_key = _key_at(
            s,
            select(k.queue_due, k.id)
            .where(k.queue_reason == "submitted")
            .order_by(k.queue_due, k.id),
            int(n or 0),
        )
    cases.append(
        QueueCase(
            "KYC",
            kyc_model,
            lambda: kyc_model.set_filter(kyc_flt),
            kyc_fetch,
            kyc_key,
            "SELECT k.*, c.number, c.name, c.kind, u.display_name FROM kyc_checklists k "
            "JOIN customers c ON c.id = k.customer_id LEFT JOIN users u ON u.id = k.claimed_by "
            "WHERE k.queue_reason IS NOT NULL AND k.queue_reason = 'submitted' "
            "ORDER BY k.queue_due, k.id LIMIT :n",
            {},
            kyc_model._page_size,
            "to verify, oldest",
        )
    )
    return cases


def measure_queues(bench: BenchDB, cases: list[QueueCase], repeat: int) -> list[Row]:
    rows: list[Row] = []
    b = bench.backend
    for q in cases:

        def bare(q: QueueCase = q) -> None:
            with bench.engine.connect() as conn:
                conn.execute(text(q.bare_sql), {**q.params, "n": q.page_size}).all()

        base_s, meas_s = interleaved(bare, q.apply, repeat)
        got = q.model.rowCount()
        rows.append(Row(f"queue {q.name}: first page after sort/filter ({q.description})", b,
                        base_s, meas_s, 1.5, f"{got} rows/page"))  # fmt: skip
        if q.depth_key is None:
            rows.append(Row(f"queue {q.name}: page at 90% depth vs first page", b, 0, 0, None,
                            "skipped: queue empty"))  # fmt: skip
            continue
        first_s, deep_s = interleaved(
            lambda q=q: q.fetch(None, q.page_size),
            lambda q=q: q.fetch(q.depth_key, q.page_size),
            repeat,
        )
        rows.append(Row(f"queue {q.name}: page at 90% depth vs first page", b, first_s, deep_s,
                        2.0, "keyset, no OFFSET"))  # fmt: skip
    return rows


def measure_viewport(bench: BenchDB, cases: list[QueueCase], repeat: int) -> list[Row]:
    """Grab a 1280x720 QTableView over the desk model vs over a plain list model."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class ListModel(QAbstractTableModel):
        def __init__(self, cells: list[list[Any]], headers: list[Any]) -> None:
            super().__init__()
            self.cells, self.headers = cells, headers

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.cells)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return len(self.headers)

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.cells[index.row()][index.column()]
            return None

        def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
            if orientation == Qt.Orientation.Horizontal and role == 0:
                return self.headers[section]
            return None

    def view_of(model: Any) -> QTableView:
        view = QTableView()
        view.verticalHeader().setDefaultSectionSize(24)
        view.resize(1280, 720)
        view.setModel(model)
        view.show()
        return view

    rows: list[Row] = []
    for q in cases:
        q.apply()
        m = q.model
        cols = m.columnCount()
        cells = [[m.display(m.row_at(r), c) for c in range(cols)] for r in range(m.rowCount())]
        headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(cols)]
        plain = ListModel(cells, headers)
        desk_view, plain_view = view_of(m), view_of(plain)
        base_s, meas_s = interleaved(plain_view.grab, desk_view.grab, repeat)
        rows.append(Row(f"queue {q.name}: viewport repaint vs in-memory list model",
                        bench.backend, base_s, meas_s, 2.0,
                        f"{min(m.rowCount(), 29)} visible rows x {cols} cols"))  # fmt: skip
        desk_view.close()
        plain_view.close()
        desk_view.deleteLater()
        plain_view.deleteLater()
    return rows


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


OPEN_CASES_AT_1M = 100_000  # the scale: 100,000 open cases over 1M loans


def measure_scroll_memory(bench: BenchDB) -> Row:
    """Fetch the whole open-case queue page by page, as scrolling to the end does."""
    from app.collections.queries import QueueFilter
    from ui.views.collections.queue_model import CaseQueueModel, key_of, queue_fetch

    flt = QueueFilter()
    model = CaseQueueModel()
    fetch = queue_fetch(make_sessionmaker(bench.engine), flt)
    gc.collect()
    rss0 = _rss_mb()
    tracemalloc.start()
    start = time.perf_counter()
    model.set_fetch(fetch, key_of(flt))
    while model.canFetchMore():
        model.fetchMore()
    elapsed = time.perf_counter() - start
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    rss = max(0.0, _rss_mb() - rss0)
    n = model.rowCount()
    per_100k = max(traced, rss) / max(n, 1) * OPEN_CASES_AT_1M
    ok = per_100k < 150
    note = (f"{n:,} rows: +{traced:.1f} MB traced, +{rss:.1f} MB RSS; "
            f"= {per_100k:.0f} MB at {OPEN_CASES_AT_1M:,} open cases (< 150 MB)")  # fmt: skip
    return Row("queue collections: memory scrolling to the end", bench.backend, elapsed,
               elapsed, None, note, ok)  # fmt: skip
