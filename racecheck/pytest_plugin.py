"""pytest plugin of racecheck: per-test statistics, deep-run progress and summary.

Registered by the root conftest.py (``pytest_plugins``). Every
verify/expect_failure call made during a test is attached to the test's report
(``user_properties``), so the numbers reach the controlling process under
pytest-xdist too. At the end of the session:

* always, one line: scenarios checked, schedules run, failures found, time;
* with ``RACECHECK_BUDGET`` > 1 (a deep run) or ``--racecheck-summary``, a
  table with one row per scenario;
* during a deep run, one progress line per test that ran scenarios.
"""

from __future__ import annotations

import os

import pytest

from . import _api

_KEY = "racecheck"


def pytest_addoption(parser):
    group = parser.getgroup("racecheck")
    group.addoption("--racecheck-summary", action="store_true", default=False,
                    help="print a table of every racecheck scenario at the end")


def _deep() -> bool:
    return _api.budget_multiplier() > 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    start = len(_api._RECORDS)
    yield
    records = _api._RECORDS[start:]
    if records:
        item.user_properties.append((_KEY, [dict(r) for r in records]))


class _Collector:
    def __init__(self, config):
        self.config = config
        self.rows: list[dict] = []

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if report.when != "call":
            return
        for key, value in getattr(report, "user_properties", ()):
            if key != _KEY:
                continue
            self.rows.extend(value)
            if _deep():
                tr = self.config.pluginmanager.get_plugin("terminalreporter")
                if tr is not None:
                    runs = sum(r["runs"] for r in value)
                    secs = sum(r["seconds"] for r in value)
                    tr.write_line(f"racecheck: {report.nodeid}: {len(value)} scenario(s), "
                                  f"{runs} runs, {secs:.1f} s")

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter):
        rows = self.rows
        if not rows:
            return
        tr = terminalreporter
        runs = sum(r["runs"] for r in rows)
        secs = sum(r["seconds"] for r in rows)
        caught = sum(1 for r in rows if r["outcome"] == "found")
        failed = sum(1 for r in rows if r["outcome"] in ("failed", "not_found", "unsupported"))
        budget = _api.budget_multiplier()  # RACECHECK_BUDGET; single calls may scale it further
        tr.write_sep("-", "racecheck")
        tr.write_line(
            f"{len(rows)} scenario checks, {runs} schedules run, {caught} known-bad "
            f"variants caught, {failed} other failure reports (each test decides whether "
            f"its report was expected), {secs:.1f} s "
            f"(budget x{budget:g})"
        )
        if not (_deep() or self.config.getoption("--racecheck-summary")):
            return
        header = ("scenario", "kind", "strategy", "runs", "outcome", "failure", "seconds")
        table = [(r["scenario"], r["kind"], r["strategy"], str(r["runs"]), r["outcome"],
                  r["failure_kind"] or "-", f"{r['seconds']:.2f}") for r in rows]
        widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(header)]
        tr.write_line("  ".join(h.ljust(widths[i]) for i, h in enumerate(header)))
        for t in sorted(table):
            tr.write_line("  ".join(c.ljust(widths[i]) for i, c in enumerate(t)).rstrip())


def pytest_configure(config):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # workers only attach records; the controller reports
    config.pluginmanager.register(_Collector(config), "racecheck-collector")
