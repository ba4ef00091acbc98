"""Property-based fuzzing of the three imports (see tests/excel/fuzz.py for the properties). The
"fast" profile runs here; scripts/fuzz_imports.py runs the long one (10,000+ cases)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.excel import fuzz

settings.register_profile("fast", max_examples=400, deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory):
    return fuzz.Fuzzer(tmp_path_factory.mktemp("fuzz"))


@settings(settings.get_profile("fast"))
@given(case=fuzz.cases())
def test_every_import_keeps_its_promises_on_any_file(fuzzer, case):
    fuzzer.check(case)


def test_the_fuzzer_reaches_every_outcome(fuzzer):
    # Runs after the property above (same module fixture): a fuzzer that only ever produced
    # refusals, or only clean files, would prove little.
    assert {"refused", "rows rejected", "accepted"} <= set(fuzzer.outcomes), fuzzer.outcomes
