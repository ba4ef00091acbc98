"""帮助 → 使用说明: the Chinese manual that ships with the app (desktop/manual.py), shown offline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.manual import image_path, manual_file

IMAGE_WIDTH = 720  # screenshots are 1366 px wide: shown at a readable size, whole


def image_size(name: str) -> tuple[int, int] | None:
    """Read from the file's header, not decoded."""
    path = image_path(name)
    if path is None:
        return None
    size = QImageReader(str(path)).size()
    return (size.width(), size.height()) if size.width() > 0 else None


class ManualBrowser(QTextBrowser):
    """Finds the screenshots where they are (beside the manual, or in docs/) rather than only beside it."""

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt override
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = image_path(Path(name.path()).name)
            if path is not None:
                return QImage(str(path))
        return super().loadResource(kind, name)


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.browser = ManualBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(manual_file())), QTextDocument.ResourceType.MarkdownResource)
        self._fit_images()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        screen = QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        width, height = 900, 700
        if free is not None:  # inside a 1366×768 screen with its task bar
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(width, height)

    def _fit_images(self) -> None:
        """Each screenshot at IMAGE_WIDTH (its height follows), never wider than it was taken."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.charFormat().isImageFormat():
                    image = fragment.charFormat().toImageFormat()
                    size = image_size(image.name())
                    if size is not None:
                        fitted = QTextImageFormat(image)
                        fitted.setWidth(min(IMAGE_WIDTH, size[0]))
                        fitted.setHeight(size[1] * fitted.width() / size[0])
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(fitted)
                iterator += 1
            block = block.next()


def open_manual(parent: QWidget) -> None:
    ManualDialog(parent).exec()
