"""The verification report (snippets/verification/figures/report.md) is not stale.

Cheap by design: no test is rerun. This test is moved to the end of the
session (tests/verification/conftest.py) and compares the page with the
racecheck records that the tests of this same session produced: for every
test of the report's directories that ran in this process, the page must
list exactly its (scenario, check, outcome) rows; a recorded row missing
from the page, or a page row of a test that ran and no longer produces it,
fails. Timings and run counts are never compared.
"""

import os
import sys

import pytest

from bench.verification_report import COMMAND, PAGE, PAGE_ZH, REPORT_DIRS, SKIP_ENV, parse_page, rows_from_records
from racecheck import _api
from tests.support.counterexamples import RECORDED_ON


@pytest.mark.skipif(bool(os.environ.get(SKIP_ENV)), reason="the report is being regenerated")
@pytest.mark.skipif(
    sys.version_info[:2] != RECORDED_ON,
    reason="the report is generated on the recording Python; elsewhere published "
    "counterexamples are searched for instead of replayed, so the rows differ",
)
def test_report_page_lists_this_sessions_checks(request):
    page = parse_page(PAGE.read_text(encoding="utf-8"))
    recorded = rows_from_records(_api._RECORDS)
    ran_here = {r[0] for r in recorded}
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        # Without xdist every selected test ran before this one, in this process.
        ran_here |= {item.nodeid for item in request.session.items if item.nodeid.startswith(REPORT_DIRS)}
    expected = {row for row in page if row[0] in ran_here}
    missing = sorted(recorded - expected)
    gone = sorted(expected - recorded)
    hint = f"regenerate the page: {COMMAND}"
    assert not missing, f"checks not on {PAGE.name}: {missing[:10]} ... {hint}"
    assert not gone, f"{PAGE.name} lists checks that no longer run: {gone[:10]} ... {hint}"


def test_parse_page_reads_what_render_writes():
    from bench.verification_report import render

    records = [
        {"test_nodeid": "tests/verification/test_x.py::test_a[p|q]", "scenario": "s: one | two",
         "kind": "verify", "outcome": "passed", "failure_kind": None, "runs": 3, "seconds": 0.1,
         "python": "3.11.7"},
        {"test_nodeid": "tests/verification/test_x.py::test_b", "scenario": "s_bad",
         "kind": "expect_failure", "outcome": "found", "failure_kind": "deadlock", "runs": 1,
         "seconds": 0.01, "python": "3.11.7"},
        {"test_nodeid": "tests/verification/test_z.py::test_d", "scenario": "s_fixed", "kind": "expect_failure",
         "outcome": "not_found", "failure_kind": None, "runs": 5, "seconds": 0.2, "python": "3.11.7"},
        {"test_nodeid": "tests/verification/test_z.py::test_e", "scenario": "<s> & t", "kind": "verify",
         "outcome": "failed", "failure_kind": "deadlock", "runs": 2, "seconds": 0.1, "python": "3.11.7"},
        {"test_nodeid": "tests/racecheck/test_y.py::test_c", "scenario": "harness self-test",
         "kind": "verify", "outcome": "passed", "failure_kind": None, "runs": 1, "seconds": 0.0,
         "python": "3.11.7"},
    ]
    text = render(records, "test machine", COMMAND, 1.0)
    assert parse_page(render(records, "test machine", COMMAND, 1.0, lang="zh"), "zh") == parse_page(text)
    assert parse_page(text) == rows_from_records(records) == {
        ("tests/verification/test_x.py::test_a[p|q]", "s: one | two", "verify", "passed"),
        ("tests/verification/test_x.py::test_b", "s_bad", "expect_failure", "found"),
        ("tests/verification/test_z.py::test_d", "s_fixed", "expect_failure", "not_found"),
        ("tests/verification/test_z.py::test_e", "<s> & t", "verify", "failed"),
    }
    # a file whose checks did not all end as expected is open, and the summary says so
    assert '???+ failure "tests/<wbr>verification/<wbr>test_<wbr>z.<wbr>py' in text
    assert "2 checks did not end as expected" in text


def test_summary_reads_the_stored_mutation_score():
    from bench.verification_report import render

    mutants = [{"status": s} for s in ("killed", "killed", "killed", "survived", "equivalent")]
    result = {"modules": {"snippets/x.py": {"mutants": mutants}}}
    record = {"test_nodeid": "tests/verification/test_x.py::test_a", "scenario": "s", "kind": "verify",
              "outcome": "passed", "failure_kind": None, "runs": 3, "seconds": 0.1, "python": "3.11.7"}
    text = render([record], "test machine", COMMAND, 1.0, result)
    assert "mutation score **75%**" in text and "over **1** snippet modules" in text


def test_chinese_edition_lists_the_same_checks():
    """Both editions are written together from the same records."""
    english = parse_page(PAGE.read_text(encoding="utf-8"))
    assert english and parse_page(PAGE_ZH.read_text(encoding="utf-8"), "zh") == english
