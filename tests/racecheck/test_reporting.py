"""Budgets, the RACECHECK_RECORD JSON lines, and the pytest plugin's summary under xdist."""

import json
import os
import subprocess
import sys
import textwrap

import racecheck
from tests.racecheck import examples as ex
from tests.racecheck.test_classic_bugs import counter_scenario

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_budget_env_var_and_per_call_budget_scale_the_runs(monkeypatch):
    monkeypatch.setenv("RACECHECK_BUDGET", "0.1")
    assert racecheck.verify(counter_scenario(ex.LockedCounter)).runs == \
        int(racecheck.VERIFY_RUNS * 0.1)
    assert racecheck.verify(counter_scenario(ex.LockedCounter), budget=0.5).runs == \
        int(racecheck.VERIFY_RUNS * 0.05)
    monkeypatch.delenv("RACECHECK_BUDGET")
    assert racecheck.verify(counter_scenario(ex.LockedCounter), runs=7).runs == 7


def test_budget_counts_work_not_wall_time(monkeypatch):
    """A machine loaded by other processes (here: a wall clock that jumps
    past VERIFY_SECONDS at every reading) runs the same schedules: the
    budget's seconds are the process's CPU seconds, so the run budget is what
    ends the search."""
    jumps = iter(range(10**9))
    real = racecheck._real.perf_counter
    jump = 2 * racecheck.VERIFY_SECONDS
    monkeypatch.setattr(racecheck._real, "perf_counter", lambda: real() + jump * next(jumps))
    assert racecheck.verify(counter_scenario(ex.LockedCounter)).runs == racecheck.VERIFY_RUNS


def test_what_is_done_once_in_the_first_run_does_not_use_up_the_budget(monkeypatch):
    """Loading the targets and the one-time work of the first run (a module
    first imported there: torch takes seconds of CPU) are not the search's:
    here the process's CPU clock jumps past VERIFY_SECONDS while the first
    run sets up, and the run budget still ends the search. (Before, a test
    that first imported torch inside verify ran 2 schedules and passed a
    lost update that it caught when torch was already imported.)"""
    real = racecheck._real.process_time
    spent = [0.0]
    monkeypatch.setattr(racecheck._real, "process_time", lambda: real() + spent[0])

    def setup():
        spent[0] = spent[0] or 2 * racecheck.VERIFY_SECONDS  # the first import, once
        return ex.LockedCounter()

    scenario = counter_scenario(ex.LockedCounter)
    scenario.setup = setup
    assert racecheck.verify(scenario).runs == racecheck.VERIFY_RUNS


def test_record_file_gets_one_json_line_per_call(tmp_path, monkeypatch):
    path = tmp_path / "record.jsonl"
    monkeypatch.setenv("RACECHECK_RECORD", str(path))
    racecheck.verify(counter_scenario(ex.LockedCounter), runs=4)
    racecheck.expect_failure(counter_scenario(ex.Counter))
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["kind"] for r in lines] == ["verify", "expect_failure"]
    assert [r["outcome"] for r in lines] == ["passed", "found"]
    assert lines[0]["runs"] == 4 and lines[0]["failure_kind"] is None
    assert lines[1]["failure_kind"] == "invariant"
    for r in lines:
        assert r["scenario"].endswith("two increments")
        assert r["test_module"] == __name__
        assert r["test_nodeid"].endswith("test_record_file_gets_one_json_line_per_call")
        assert set(r) == {"scenario", "test_module", "test_nodeid", "kind", "strategy", "runs",
                          "outcome", "failure_kind", "seconds", "budget", "seed", "python"}


PLUGIN_TEST = textwrap.dedent('''
    import sys
    import racecheck

    class Counter:
        def __init__(self):
            self.n = 0

        def incr(self):
            self.n += 1

    def scenario():
        return racecheck.Scenario(
            name="inline counter", setup=Counter,
            threads=[lambda c: c.incr(), lambda c: c.incr()],
            check=lambda c: c.n == 2, targets=[sys.modules[__name__]])

    def test_bad_counter_is_caught():
        racecheck.expect_failure(scenario())

    def test_single_thread_passes():
        s = scenario()
        s.threads = s.threads[:1]
        s.check = lambda c: c.n == 1
        racecheck.verify(s)
''')


def test_plugin_summary_under_xdist(tmp_path):
    (tmp_path / "test_inline.py").write_text(PLUGIN_TEST)
    env = dict(os.environ, PYTHONPATH=ROOT, RACECHECK_BUDGET="2")
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_CURRENT_TEST", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "racecheck.pytest_plugin",
         "-p", "no:cacheprovider", "-q", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "2 scenario checks" in out
    assert "1 known-bad variants caught" in out
    # Deep run (budget > 1): a progress line per test and the per-scenario table.
    assert "racecheck: test_inline.py::test_single_thread_passes: 1 scenario(s)" in out
    assert "scenario        kind" in out
    assert "inline counter  expect_failure" in out


def test_check_message_keeps_the_authors_words_without_pytest_explanation():
    # This module's asserts are rewritten by pytest: the explanation (with
    # object reprs and addresses) must not leak into the report.
    from racecheck._runtime import _assertion_text

    class Box:
        pass

    box = Box()
    try:
        assert box is None, "box must be empty"
    except AssertionError as exc:
        assert _assertion_text(exc) == "box must be empty"
    try:
        assert box is None
    except AssertionError as exc:
        text = _assertion_text(exc)
        assert text.startswith("assert ") and "\n" not in text
        assert hex(id(box)) not in text


def test_multi_line_check_message_is_kept_whole():
    from racecheck._runtime import _assertion_text

    assert _assertion_text(AssertionError("first\nsecond")) == "first\nsecond"
