"""A ticket's attachments: the list, Add file…, Open (through the desktop's viewer)."""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.servicedesk.attachments import AttachmentInfo, list_attachments, open_attachment
from app.servicedesk.merge import attach_file
from db.private_files import write_private_bytes
from ui.tasks import TaskRunner


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


def save_for_viewer(filename: str, content: bytes) -> Path:
    """Write a file where the desktop viewer can open it (pool thread)."""
    folder = Path(tempfile.mkdtemp(prefix="p2pdesk-attachment-"))
    path = folder / (Path(filename).name or "attachment")
    write_private_bytes(path, content)
    return path


class AttachmentsBox(QWidget):
    """GUI thread. Every read and write runs on the runner. ``attached`` carries the
    TicketDetail after a file was added; ``opened`` the local path handed to the
    desktop (tests replace ``open_url``)."""

    attached = Signal(object)
    opened = Signal(str)
    listed = Signal(int)

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        vault: PiiVault | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticket_attachments")
        self._ctx = ctx
        self._vault = vault
        self._runner = runner
        self._ticket_id: int | None = None
        self.open_url = QDesktopServices.openUrl
        self.list = QListWidget()
        self.list.setObjectName("attachment_list")
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.add_button = QPushButton(self.tr("&Add file…"))
        self.add_button.setObjectName("attachment_add")
        self.add_button.clicked.connect(self.choose_file)
        self.add_button.setVisible(ctx.actor.can(Permission.TICKET_WORK))
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setObjectName("attachment_open")
        self.open_button.clicked.connect(self.open_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_ticket(None)

    def show_ticket(self, ticket_id: int | None) -> None:
        self._ticket_id = ticket_id
        self.list.clear()
        self.message.clear()
        self.add_button.setEnabled(ticket_id is not None)
        self.open_button.setEnabled(False)
        if ticket_id is None:
            return
        ctx = self._ctx
        self._runner.submit(
            lambda _c: list_attachments(ctx, ticket_id),
            lambda rows: self._listed(ticket_id, rows),
            self.message.setText,
            owner=self,
            name="attachments",
        )

    def _listed(self, ticket_id: int, rows: Any) -> None:
        if ticket_id != self._ticket_id:
            return
        self.list.clear()
        for a in rows:
            info: AttachmentInfo = a
            when = info.added_at.astimezone().strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(
                f"{info.filename}  ({_size(info.size)})  ·  {info.added_by}  ·  {when}"
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        self.open_button.setEnabled(bool(rows))
        if rows:
            self.list.setCurrentRow(0)
        self.listed.emit(len(rows))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        """Read and store the file in a task."""
        ticket_id, ctx, vault = self._ticket_id, self._ctx, self._vault
        if ticket_id is None:
            return
        self.message.setText(self.tr("Attaching…"))
        self.add_button.setEnabled(False)

        def job(_c: Any) -> Any:
            file = Path(path)
            media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return attach_file(ctx, ticket_id, file.name, media, file.read_bytes(), vault)

        def done(detail: Any) -> None:
            self.attached.emit(detail)
            self.show_ticket(ticket_id)

        def failed(text: str) -> None:
            self.add_button.setEnabled(True)
            self.message.setText(text)

        self._runner.submit(job, done, failed, owner=self, name="attach")

    def open_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        attachment_id, ctx = int(item.data(Qt.ItemDataRole.UserRole)), self._ctx
        vault = self._vault

        def job(_c: Any) -> str:
            file = open_attachment(ctx, attachment_id, vault)
            return str(save_for_viewer(file.filename, file.content))

        def done(path: Any) -> None:
            self.message.clear()
            self.open_url(QUrl.fromLocalFile(str(path)))
            self.opened.emit(str(path))

        self._runner.submit(job, done, self.message.setText, owner=self, name="open-attachment")
