"""Long collections jobs with a progress dialog and cancel: the bank payment file
import and a bucket's dunning letters. Started from the GUI thread; the work runs
on the task runner and honours cancel between rows or letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from db.private_files import write_private_bytes
from ui.i18n import encoding_name
from ui.tasks import TaskControl
from ui.views.collections.labels import notify
from ui.views.registry import PageContext


def _progress(parent: QWidget, title: str, name: str) -> QProgressDialog:
    dialog = QProgressDialog(title, parent.tr("Cancel"), 0, 100, parent)
    dialog.setObjectName(name)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def import_file(parent: QWidget, page: PageContext, path: Path | None = None) -> Any:
    """Ask for a CSV (unless given) and import it; a summary box at the end."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, parent.tr("Import bank payment file"), "", parent.tr("CSV files (*.csv)")
        )
        if not chosen:
            return None
        path = Path(chosen)
    ctx = page.ctx
    dialog = _progress(parent, parent.tr("Importing {0}…").format(path.name), "import_progress")

    def job(control: TaskControl) -> Any:
        from app.loans.payment_file import import_payment_file

        def progress(done: int, total: int) -> None:
            control.progress(done * 100 // max(total, 1), f"{done}/{total}")

        return import_payment_file(
            ctx, path, progress=progress, cancelled=lambda: control.cancelled
        )

    def done(summary: Any) -> None:
        dialog.close()
        box = QMessageBox(parent)
        box.setObjectName("import_summary")
        box.setWindowTitle(parent.tr("Payment file imported"))
        box.setText(
            parent.tr("Posted {0} ({1}), duplicates {2}, to suspense {3}, rejected {4}.").format(
                summary.posted,
                summary.as_dict()["total_amount"],
                summary.duplicate,
                summary.suspense,
                len(summary.rejected),
            )
            + "\n"
            + parent.tr("The file was read as {0}.").format(encoding_name(summary.encoding))
        )
        box.setDetailedText(summary.as_text())
        box.open()
        parent.setProperty("last_import", summary)

    def failed(message: str) -> None:
        dialog.close()
        notify(parent, parent.tr("Payment file"), message, warning=True)

    def progress(percent: int, text: str) -> None:
        dialog.setValue(percent)
        dialog.setLabelText(parent.tr("Importing {0}: row {1}").format(path.name, text))

    task = page.runner.submit(job, done, failed, progress, owner=parent, name="import")
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return task


def bucket_letters(parent: QWidget, page: PageContext, bucket: str, target: Path | None) -> Any:
    """Render the bucket's letters into one PDF at ``target`` (asked for if None)."""
    if target is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Save letters"), f"letters-{bucket}.pdf", parent.tr("PDF (*.pdf)")
        )
        if not chosen:
            return None
        target = Path(chosen)
    ctx = page.ctx
    dialog = _progress(parent, parent.tr("Preparing letters for {0}…").format(bucket), "letters")

    def job(control: TaskControl) -> Any:
        from app.reports.dunning import bucket_letters as render

        def progress(done: int, total: int) -> None:
            control.progress(done * 100 // max(total, 1))

        pdf, count = render(ctx, bucket, progress, lambda: control.cancelled)
        if pdf is not None:
            write_private_bytes(target, pdf)
        return count if pdf is not None else None

    def done(count: Any) -> None:
        dialog.close()
        if count is None:
            parent.setProperty("letters_result", "cancelled")
            return
        parent.setProperty("letters_result", int(count))
        notify(
            parent,
            parent.tr("Letters"),
            parent.tr("{0} letter(s) saved to {1}.").format(count, str(target)),
        )

    def failed(message: str) -> None:
        dialog.close()
        notify(parent, parent.tr("Letters"), message, warning=True)

    task = page.runner.submit(
        job, done, failed, lambda p, _t: dialog.setValue(p), owner=parent, name="letters"
    )
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return task
