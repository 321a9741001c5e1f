"""The call panel docked in the main window, so Ctrl+Shift+L works on every desk.

The shell owns one ``CallDock`` (built on the first call); it holds the call
panel and, once the caller is identified, the customer panel below it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QScrollArea, QSplitter, QWidget

from app.servicedesk.calls import CallService
from ui.views.registry import PageContext
from ui.views.tickets.call_panel import CallPanel


class CallDock(QDockWidget):
    """GUI thread. ``call_saved`` repeats the panel's CallResult for the desks."""

    call_saved = Signal(object)

    def __init__(self, page: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_dock")
        self.setWindowTitle(self.tr("Call"))
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.panel = CallPanel(
            CallService(page.ctx, page.db.vault), page.ctx.clock, runner=page.runner
        )
        self.panel.call_saved.connect(self.call_saved)
        from ui.views.customer.panel import CustomerPanel

        self.customer = CustomerPanel(page)
        self.customer.setVisible(False)
        self.panel.customer_chosen.connect(self._show_customer)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.customer)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.panel)
        split.addWidget(scroll)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.setWidget(split)
        self.setMinimumWidth(380)
        self._placed = False

    def open_call(self) -> None:
        """Show the panel; a new call starts unless one is still being taken."""
        if not (self.isVisible() and self.panel.in_call):
            self.panel.start_call()
            self.customer.clear()
            self.customer.setVisible(False)
        if not self._placed:
            self._place()
        self.show()
        self.raise_()
        if self.isFloating():
            self.activateWindow()  # typing goes to the caller search at once
        self.panel.search.setFocus()

    def _place(self) -> None:
        # The first time it floats over the right edge of the window: docked at once,
        # it would widen the window past the screen on desks that need their width.
        # A double-click on its title docks it.
        self._placed = True
        window = self.parentWidget()
        if window is None:
            return
        self.setFloating(True)
        frame = window.frameGeometry()
        screen = window.screen().availableGeometry()
        width, top = 460, max(screen.top(), frame.top() + 40)
        self.resize(width, max(480, screen.bottom() - top - 20))
        self.move(min(frame.right(), screen.right()) - width - 16, top)

    def _show_customer(self, customer_id: int) -> None:
        self.customer.setVisible(True)
        self.customer.show_customer(customer_id)
