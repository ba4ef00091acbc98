"""The evaluation tables as migrated (0003) match the models, and the core stays Qt-free."""

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.models import Base


def test_models_match_the_migrated_schema(ws):
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_evaluation_core_imports_without_qt():
    modules = ["desktop.rules.scoring", "desktop.rules.eligibility", "desktop.rules.workflow", "desktop.rules.evidence",
               "desktop.services.results", "desktop.services.workflow", "desktop.services.scoring",
               "desktop.services.evaluation_import", "desktop.services.demo_evaluation", "desktop.commands.evaluation"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "assert 'PySide6' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True)
