"""KYC dialogs: a reason prompt, and the evidence preview with its tamper warning."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.kyc.records import EvidenceFile
from db.private_files import write_private_bytes


class ReasonDialog(QDialog):
    """Asks why (reject, waiver, review); OK stays disabled until a reason is typed."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_reason_dialog")
        self.setWindowTitle(title)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason")
        self.text.setPlaceholderText(self.tr("Reason (required)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.text.toPlainText().strip()


def _pdf_view(content: bytes, parent: QWidget) -> QWidget | None:
    """A QtPdf view of ``content`` fitted to its width, or None when this Qt build has
    no QtPdf. The document reads from a buffer owned by ``parent``: QPdfDocument does
    not copy the bytes, so the buffer must outlive it. GUI thread."""
    try:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
    except ImportError:
        return None
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.setObjectName("pdf_document")
    document.load(buffer)
    view = QPdfView(parent)
    view.setObjectName("pdf_view")
    view.setDocument(document)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    return view


def pdf_thumbnail(content: bytes, height: int) -> QPixmap | None:
    """The first page of a PDF rendered ``height`` pixels tall, or None when QtPdf is
    missing or cannot read the file. GUI thread (small files: evidence thumbnails)."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        return None
    page = document.pagePointSize(0)
    if page.height() <= 0:
        return None
    width = max(1, round(height * page.width() / page.height()))
    image = document.render(0, QSize(width, height))
    document.close()
    if image.isNull():
        return None
    pixmap = QPixmap.fromImage(image)
    painter = QPainter(pixmap)  # a white page on a white list needs its edge drawn
    painter.setPen(QColor("#9e9e9e"))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    return pixmap


class EvidencePreview(QDialog):
    """Shows an opened evidence file. The hash was checked by the service when it
    was opened; a mismatch is shown as a red tampering warning. GUI thread."""

    def __init__(self, opened: EvidenceFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kyc_evidence_preview")
        info = opened.info
        self.setWindowTitle(self.tr("Evidence: {0}").format(info.file_name))
        self.resize(720, 560)
        self._opened = opened
        layout = QVBoxLayout(self)
        self.tamper_warning = QLabel()
        self.tamper_warning.setObjectName("tamper_warning")
        self.tamper_warning.setWordWrap(True)
        if not opened.intact:
            self.tamper_warning.setText(
                self.tr(
                    "Warning: this file has been altered in the database since it was "
                    "uploaded. Its SHA-256 is {0}, but {1} was recorded at upload. Do not rely "
                    "on it; the event has been recorded in the audit trail."
                ).format(opened.actual_sha256[:16] + "…", info.sha256[:16] + "…")
            )
            self.tamper_warning.setStyleSheet(
                "background:#c62828;color:white;padding:8px;font-weight:bold;"
            )
        self.tamper_warning.setVisible(not opened.intact)
        layout.addWidget(self.tamper_warning)
        meta = QLabel(
            self.tr("{0} · {1} · {2} bytes · uploaded by {3} at {4}\nSHA-256 {5}").format(
                info.file_name,
                info.mime_type,
                info.size,
                info.uploaded_by_name,
                info.uploaded_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                info.sha256,
            )
        )
        meta.setObjectName("evidence_meta")
        meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(meta)
        self.image = QLabel()
        self.image.setObjectName("evidence_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf: QWidget | None = None
        self.pdf_pages: QLabel | None = None
        if info.is_image:
            pixmap = QPixmap()
            if not pixmap.loadFromData(opened.content):
                self.image.setText(self.tr("This image cannot be displayed."))
            else:
                self.image.setPixmap(pixmap)
            scroll = QScrollArea()
            scroll.setWidget(self.image)
            scroll.setWidgetResizable(True)
            layout.addWidget(scroll, 1)
        else:
            self.pdf = _pdf_view(opened.content, self)
            if self.pdf is not None:
                self.pdf_pages = QLabel()
                self.pdf_pages.setObjectName("pdf_pages")
                self._update_pdf_status()
                document = getattr(self.pdf, "document", lambda: None)()
                if document is not None:  # a large file may finish loading later
                    document.statusChanged.connect(self._update_pdf_status)
                layout.addWidget(self.pdf_pages)
                layout.addWidget(self.pdf, 1)
            else:
                note = QLabel(self.tr("This Qt build cannot show PDF pages inside the client."))
                note.setObjectName("pdf_unavailable")
                layout.addWidget(note)
                external = QPushButton(self.tr("Open in the system PDF viewer"))
                external.setObjectName("open_external")
                external.clicked.connect(self._open_external)
                layout.addWidget(external)
                layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def pdf_page_count(self) -> int:
        """Pages QtPdf read from the file (0 when it could not read it)."""
        document = getattr(self.pdf, "document", lambda: None)()
        return int(document.pageCount()) if document is not None else 0

    def _update_pdf_status(self, _status: object = None) -> None:
        if self.pdf_pages is None:
            return
        pages = self.pdf_page_count()
        if pages == 0:
            self.pdf_pages.setText(self.tr("This PDF cannot be displayed (damaged or not a PDF)."))
        else:
            self.pdf_pages.setText(self.tr("Pages: {0}").format(pages))

    def _open_external(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="p2pdesk-evidence-"))
        path = folder / self._opened.info.file_name
        write_private_bytes(path, self._opened.content)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
