"""The chart on screen: a picture painted on the charts' thread (desktop.charts.picture), its hover
box, and the Point under the mouse. Nothing here draws a chart, so nothing here can stop the window.

While the window is being resized the last picture is shown stretched; once the size has settled
for a moment `resized` asks the tab for a picture of the new size.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

SETTLE_MS = 150  # a resize this long without another is a size worth painting
TIP_OFFSET = 12  # the hover box sits this far above and beside the mouse (as matplotlib's did)
TIP_STYLE = ("QLabel { background: #FFFFF0; border: 1px solid #888888; border-radius: 4px; padding: 3px 5px;"
             " color: black; }")


class ChartView(QWidget):
    hovered = Signal(object)  # the Point under the mouse, or None
    clicked = Signal(object)  # the Point clicked
    resized = Signal()  # the size settled and differs from the picture's

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.picture = None  # desktop.charts.picture.Picture
        self._image: QImage | None = None
        self._point = None  # the Point the tip shows
        self.setMouseTracking(True)
        # The chart takes the height the window has, never more: on a 1366×768 screen the tab's
        # bottom line stays in sight.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(300)
        self.tip = QLabel(self)
        self.tip.setStyleSheet(TIP_STYLE)
        self.tip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.tip.hide()
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._size_settled)

    def size_wanted(self) -> tuple[int, int, float]:
        """(width, height, scale) a picture for this view should have now."""
        return max(1, self.width()), max(1, self.height()), self.devicePixelRatioF()

    def show_picture(self, picture) -> None:
        columns, rows = picture.pixel_size
        # copy(): the QImage would otherwise point into the Picture's bytes for as long as it lives
        image = QImage(picture.rgba, columns, rows, 4 * columns, QImage.Format.Format_RGBA8888).copy()
        image.setDevicePixelRatio(picture.scale)
        self.picture, self._image = picture, image
        self._leave_point()
        self.update()
        if (picture.width, picture.height) != self.size_wanted()[:2]:
            self._settle.start()  # the view changed size while it was painted

    def clear(self) -> None:
        self.picture, self._image = None, None
        self._leave_point()
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRect(0, 0, self.width(), self.height()), self._image)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._leave_point()
        self._settle.start()

    def _size_settled(self) -> None:
        if self.picture is not None and (self.picture.width, self.picture.height) != self.size_wanted()[:2]:
            self.resized.emit()

    def point_at(self, position: QPoint):
        """The Point drawn under a position of this widget (the picture may be stretched)."""
        if self.picture is None:
            return None
        x = position.x() * self.picture.width / max(1, self.width())
        y = position.y() * self.picture.height / max(1, self.height())
        return self.picture.point_at(x, y)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        position = event.position().toPoint()
        point = self.point_at(position)
        if point is None:
            self._leave_point()
            return
        if point is not self._point:
            self._point = point
            self.tip.setText(point.detail)
            self.tip.adjustSize()
            self.hovered.emit(point)
        self._place_tip(position)

    def _place_tip(self, at: QPoint) -> None:
        """Above the mouse, opening leftwards on the right half, and always inside the view."""
        size = self.tip.size()
        x = at.x() - TIP_OFFSET - size.width() if at.x() > self.width() / 2 else at.x() + TIP_OFFSET
        y = at.y() - TIP_OFFSET - size.height()
        x = min(max(0, x), max(0, self.width() - size.width()))
        y = min(max(0, y), max(0, self.height() - size.height()))
        self.tip.move(x, y)
        self.tip.show()
        self.tip.raise_()

    def _leave_point(self) -> None:
        if self._point is not None:
            self._point = None
            self.hovered.emit(None)
        self.tip.hide()

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(event)
        self._leave_point()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            point = self.point_at(event.position().toPoint())
            if point is not None:
                self.clicked.emit(point)
                return
        super().mousePressEvent(event)
