"""openpyxl keeps its own XML parser although python-docx installs lxml (see desktop/__init__.py)."""

import subprocess
import sys


def test_openpyxl_does_not_switch_to_lxml_once_desktop_is_imported():
    import lxml  # noqa: F401 - present: python-docx needs it, so the choice is real

    code = "import desktop, openpyxl.xml as x; print(x.LXML)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PATH": ""})
    assert shown.stdout.strip() == "False"
