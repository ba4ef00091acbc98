"""The meeting core (rules, services, models, excel) must import without Qt."""

import subprocess
import sys
from pathlib import Path


def test_meeting_core_imports_without_qt():
    code = (
        "import sys\n"
        "import desktop.rules.compliance, desktop.services.compliance, desktop.services.meetings\n"
        "import desktop.services.meeting_import, desktop.services.meeting_rules, desktop.services.demo_meetings\n"
        "import desktop.excel.meetings, desktop.models.meeting, desktop.services.check, desktop.services.datasets\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)
