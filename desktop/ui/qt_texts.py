"""Chinese for the texts of Qt's own dialogs that Qt's zh_CN translation lacks.

Qt 6 changed some sources ("Look in:" became "&Look in:", "Files of type:" "Files of &type:") and
its zh_CN catalogue still translates the old ones, so the file dialog said "Look in" and "Files of
type" beside Chinese. `tests/ui/test_chinese_texts.py` opens the file dialog under an English system
locale and finds any text that is still English."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class MissingQtTexts(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1) -> str:
        return MISSING.get((str(context), str(source_text)), "")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
