"""Generate the verification report: every racecheck check in the suite.

    .venv/bin/python -m bench.verification_report [--jobs 2]

Runs pytest on the snippet tests (REPORT_DIRS) with RACECHECK_RECORD set, so
racecheck appends one JSON line per verify/expect_failure call, and writes
snippets/verification/figures/report.md from those lines (included by
docs/verification/report.md): per test file, every scenario with its check
(verify or expect_failure), outcome, schedules explored and time.

The file is compared with the suite by tests/verification/test_report.py
(the set of test, scenario, check and outcome; never timings), so a new or
removed scenario makes that test fail until this script is rerun.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

from bench.machine import summary
from bench.output import ROOT, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/report.md"],
    inputs=[],  # the rows are checked against the suite itself by tests/verification/test_report.py
    smoke=["--tests", "tests/problems/serving/test_rate_limiter_racecheck.py"],
)
PAGE = ROOT / SCRIPT.outputs[0]
REPORT_DIRS = ("tests/seed_review", "tests/interview", "tests/problems", "tests/verification")
SKIP_ENV = "RACECHECK_REPORT_GENERATING"  # set while generating: the staleness test steps aside
COMMAND = ".venv/bin/python -m bench.verification_report"

Row = tuple[str, str, str, str]  # (test node id, scenario, kind, outcome)


def rows_from_records(records) -> set[Row]:
    """The comparable content of records: no timings, no run counts."""
    return {
        (r["test_nodeid"], r["scenario"], r["kind"], r["outcome"])
        for r in records
        if r.get("test_nodeid") and r["test_nodeid"].startswith(REPORT_DIRS)
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _uncell(text: str) -> str:
    return text.strip().replace("\\|", "|")


_HEADING = re.compile(r"^### `([^`]+)`$")
_ROW = re.compile(r"^\| `(?P<test>(?:[^`]|``)+)` \| (?P<scenario>.*?) \| (?P<kind>verify|expect_failure) "
                  r"\| (?P<outcome>[a-z_]+)(?: \((?P<fkind>[a-z]+)\))? \|")


def parse_page(text: str) -> set[Row]:
    """The rows a generated page lists, as (node id, scenario, kind, outcome)."""
    rows, current = set(), None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = heading.group(1)
            continue
        m = _ROW.match(line)
        if m and current:
            nodeid = f"{current}::{_uncell(m.group('test'))}"
            rows.add((nodeid, _uncell(m.group("scenario")), m.group("kind"), m.group("outcome")))
    return rows


def _section(path: str) -> str:
    return path.split("/")[1]


def render(records, machine: str, command: str, elapsed: float) -> str:
    records = [r for r in records if r.get("test_nodeid") and r["test_nodeid"].startswith(REPORT_DIRS)]
    by_file: dict[str, list] = defaultdict(list)
    for r in records:
        file, _, test = r["test_nodeid"].partition("::")
        by_file[file].append((test, r))
    verifies = [r for r in records if r["kind"] == "verify"]
    expects = [r for r in records if r["kind"] == "expect_failure"]
    caught = sum(1 for r in expects if r["outcome"] == "found")
    passed = sum(1 for r in verifies if r["outcome"] == "passed")
    runs = sum(r["runs"] for r in records)
    secs = sum(r["seconds"] for r in records)
    pythons = sorted({r["python"] for r in records})
    lines = [
        "## Summary",
        "",
        f"- **{len(verifies)}** verify checks, **{passed}** passed;",
        f"- **{len(expects)}** known-bad variants, **{caught}** caught;",
        f"- **{runs}** schedules explored in **{secs:.1f} s** of racecheck time "
        f"(suite wall time {elapsed:.0f} s);",
        f"- Python {', '.join(pythons)}; {machine}. Times are from a shared machine and noisy.",
        "",
        "Regenerate after adding or changing a check (a test fails until you do):",
        "",
        "```console",
        f"$ {command}",
        "```",
        "",
        "The freshness test (`tests/verification/test_report.py`) compares the",
        "tests, scenarios, checks and outcomes listed here with those recorded",
        "during the same test session, never the timings.",
        "",
    ]
    current_section = None
    for file in sorted(by_file):
        section = _section(file)
        if section != current_section:
            current_section = section
            docs_dir = section.replace("_", "-")
            lines += [f"## {docs_dir}", ""]
            if (ROOT / "docs" / docs_dir / "index.md").is_file():
                lines += [f"The snippets of [the {docs_dir} section](../{docs_dir}/index.md).", ""]
        lines += [
            f"### `{file}`",
            "",
            "| Test | Scenario | Check | Outcome | Schedules | Seconds |",
            "| --- | --- | --- | --- | ---: | ---: |",
        ]
        seen = set()
        for test, r in sorted(by_file[file], key=lambda tr: (tr[0], tr[1]["scenario"], tr[1]["kind"])):
            key = (test, r["scenario"], r["kind"], r["outcome"])
            if key in seen:
                continue
            seen.add(key)
            outcome = r["outcome"] + (f" ({r['failure_kind']})" if r.get("failure_kind") else "")
            lines.append(
                f"| `{_cell(test)}` | {_cell(r['scenario'])} | {r['kind']} | {outcome} "
                f"| {r['runs']} | {r['seconds']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--jobs", default="0", help="pytest-xdist workers (0: no xdist)")
    ap.add_argument("--tests", nargs="+", default=list(REPORT_DIRS),
                    help="the test paths to run (the report lists the checks of REPORT_DIRS)")
    args = SCRIPT.parse_args(ap, argv)

    with tempfile.TemporaryDirectory() as tmp:
        record = os.path.join(tmp, "records.jsonl")
        env = dict(os.environ, RACECHECK_RECORD=record, **{SKIP_ENV: "1"})
        cmd = [sys.executable, "-m", "pytest", *args.tests, "-q", "-p", "no:cacheprovider"]
        if args.jobs != "0":
            cmd += ["-n", args.jobs]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env)
        elapsed = time.perf_counter() - start
        records = [json.loads(line) for line in open(record).read().splitlines()] if os.path.exists(record) else []
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pytest could not run (exit {proc.returncode})")
    path = SCRIPT.write(args, render(records, summary(), SCRIPT.command(args), elapsed))
    print(f"wrote {path}: {len(records)} records"
          + ("" if proc.returncode == 0 else " (some tests FAILED: their rows show it)"))


if __name__ == "__main__":
    main()
