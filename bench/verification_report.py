"""Generate the verification report: every racecheck check in the suite.

    .venv/bin/python -m bench.verification_report [--jobs 2]

Runs pytest on the snippet tests (REPORT_DIRS) with RACECHECK_RECORD set, so
racecheck appends one JSON line per verify/expect_failure call, and writes
snippets/verification/figures/report.md from those lines (included by
docs/verification/report.md), and its Chinese edition report.zh.md (included
by docs/verification/report.zh.md) from the same records with the words of
``TEXT["zh"]``. The page leads with a summary (snippet modules, checks,
schedules, known-bad variants caught, the mutation score read from
docs/verification/mutation.json) and a small table per section; then one
collapsed block per test file (open when a check did not end as expected),
whose table has two narrow columns so it fits a phone (tests/docs/
test_browser.py checks it at 390 and 1280 px): the scenario with its test's
name under it, and the result with the schedules explored. Long identifiers
get break opportunities after ``_ / [ - .`` only.

The file is compared with the suite by tests/verification/test_report.py
(the set of test, scenario, check and outcome; never timings), so a new or
removed scenario makes that test fail until this script is rerun.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

from bench.machine import summary
from bench.output import ROOT, Script
from racecheck.mutate import summary as mutation

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/report.md", "snippets/verification/figures/report.zh.md"],
    # The rows are checked against the suite itself by tests/verification/test_report.py;
    # the summary's mutation score comes from the stored mutation result.
    inputs=["docs/verification/mutation.json"],
    # The smoke run: one short test file with both kinds of check (verify, expect_failure).
    smoke=["--tests", "tests/verification/test_harness_counter.py"],
)
PAGE = ROOT / SCRIPT.outputs[0]
PAGE_ZH = ROOT / SCRIPT.outputs[1]
MUTATION_STORE = ROOT / "docs/verification/mutation.json"
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


# --- the words, in each edition -------------------------------------------------

# One table of strings per language: the English page and its Chinese edition
# (docs/verification/report.zh.md) are rendered by the same code from the same
# records. Identifiers (test names, scenario names, failure kinds, `verify`,
# `expect_failure`) are never translated.
TEXT = {
    "en": {
        "summary": "## Summary",
        "checks": "- **{checks}** racecheck checks of **{scenarios}** scenarios, in **{files}** test files{modules};",
        "modules": ", over **{n}** snippet modules",
        "verify": "- **{ok}** of **{n}** `verify` checks pass: the correct code passes every explored schedule;",
        "bad": "- **{ok}** of **{n}** known-bad variants caught by `expect_failure`: "
               "the same checks fail on the broken code;",
        "runs": "- **{runs}** schedules explored in **{secs} s** of racecheck time (suite wall time {wall} s);",
        "mutation": "- mutation score **{score}**: of **{sites}** mutants of the snippets (a lock removed, "
                    "a notify dropped, ...), **{killed}** make a test fail, **{equivalent}** are declared "
                    "equivalent ([details](mutation.md));",
        "no mutation": "- mutation score: no stored result (`make mutate`);",
        "machine": "- Python {pythons}; {machine}. Times are from a shared machine and noisy.",
        "unexpected": '!!! failure "{n} checks did not end as expected"',
        "unexpected body": "Their files are open below.",
        "sections": "| Section | Checks | Known-bad caught |",
        "of": "{ok} of {n}",
        "regenerate": '??? note "Regenerate this page"',
        "regenerate body": [
            "After adding or changing a check (a test fails until you do):",
            "",
            "```console",
            "$ {command}",
            "```",
            "",
            "The freshness test (`tests/verification/test_report.py`) compares the",
            "tests, scenarios, checks and outcomes listed here with those recorded",
            "during the same test session, never the timings.",
        ],
        "section intro": "The snippets of [the {name} section](../{name}/index.md).",
        "title pass": "{ok} of {n} pass",
        "title caught": "{ok} of {n} known-bad caught",
        "title": "{file} ({parts})",
        "title sep": ", ",
        "columns": "| Check | Result |",
        "passes": "passes",
        "caught": "caught",
        "schedules": lambda n: f"{n:,} schedule" + ("" if n == 1 else "s"),
    },
    "zh": {
        "summary": "## 概要 { #summary }",
        "checks": "- 共 **{checks}** 次 racecheck 检查，涉及 **{scenarios}** 个场景、**{files}** 个测试文件{modules}；",
        "modules": "，覆盖 **{n}** 个代码片段模块",
        "verify": "- **{n}** 次 `verify` 检查中 **{ok}** 次通过：正确的代码在探索到的每一种调度下都成立；",
        "bad": "- **{n}** 个已知有误（known-bad）变体中 **{ok}** 个被 `expect_failure` 捕获："
               "同样的检查在有误的代码上失败；",
        "runs": "- 共探索 **{runs}** 种调度，racecheck 用时 **{secs} s**（整个测试套件用时 {wall} s）；",
        "mutation": "- 变异得分 **{score}**：代码片段的 **{sites}** 个变异体（删掉一个锁、去掉一次 notify 等）中，"
                    "**{killed}** 个会让测试失败，**{equivalent}** 个被声明为等价（[详情](mutation.md)）；",
        "no mutation": "- 变异得分：没有保存的结果（`make mutate`）；",
        "machine": "- Python {pythons}；{machine}。时间来自一台共享的机器，有噪声。",
        "unexpected": '!!! failure "{n} 次检查的结果与预期不符"',
        "unexpected body": "它们所在的文件在下面已展开。",
        "sections": "| 部分 | 检查次数 | 捕获的已知有误变体 |",
        "of": "{ok}/{n}",
        "regenerate": '??? note "重新生成本页"',
        "regenerate body": [
            "新增或修改检查之后（在重新生成之前会有测试失败）：",
            "",
            "```console",
            "$ {command}",
            "```",
            "",
            "新鲜度测试（`tests/verification/test_report.py`）把这里列出的测试、场景、",
            "检查和结果，与同一次测试会话中记录下来的进行比较，从不比较时间。",
        ],
        "section intro": "[{name} 部分](../{name}/index.md)的代码片段。",
        "title pass": "{ok}/{n} 通过",
        "title caught": "已知有误变体 {ok}/{n} 被捕获",
        "title": "{file}（{parts}）",
        "title sep": "，",
        "columns": "| 检查 | 结果 |",
        "passes": "通过",
        "caught": "已捕获",
        "schedules": lambda n: f"{n:,} 种调度",
    },
}
LANGUAGES = tuple(TEXT)


# --- what a row says ------------------------------------------------------------

EXPECTED = {"verify": "passed", "expect_failure": "found"}


def result_label(kind: str, outcome: str, failure_kind: str | None, lang: str = "en") -> str:
    """The Result cell: short words for the expected outcomes, the raw record otherwise."""
    detail = f" ({failure_kind})" if failure_kind else ""
    if (kind, outcome) == ("verify", "passed"):
        return TEXT[lang]["passes"]
    if (kind, outcome) == ("expect_failure", "found"):
        return TEXT[lang]["caught"] + detail
    return f"**{kind} {outcome}**{detail}"


def parse_result(cell: str, lang: str = "en") -> tuple[str, str] | None:
    """(kind, outcome) of a Result cell written by result_label, or None."""
    cell = cell.strip()
    words = TEXT[lang]
    if cell == words["passes"]:
        return "verify", "passed"
    if re.fullmatch(re.escape(words["caught"]) + r"(?: \([a-z_]+\))?", cell):
        return "expect_failure", "found"
    m = re.fullmatch(r"\*\*(verify|expect_failure) ([a-z_]+)\*\*(?: \([a-z_]+\))?", cell)
    return (m.group(1), m.group(2)) if m else None


_BREAK_AFTER = re.compile(r"([_/\[\-.])")


def breakable(text: str) -> str:
    """``text`` HTML-escaped, with a <wbr> after every ``_ / [ - .``: a long
    identifier wraps at its word boundaries, never every few characters."""
    return _BREAK_AFTER.sub(r"\1<wbr>", html.escape(text, quote=False))


def unbreakable(text: str) -> str:
    return html.unescape(text.replace("<wbr>", ""))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _uncell(text: str) -> str:
    return text.strip().replace("\\|", "|")


# --- parsing the page back (tests/verification/test_report.py) ----------------

_FILE = re.compile(r'^\?\?\?\+? [a-z]+ "(?P<file>[^" （(]+)')
_ROW = re.compile(r"^ {4}\| (?P<scenario>(?:[^|\\]|\\.)*?)<br><small><code>(?P<test>[^<]*(?:<wbr>[^<]*)*)"
                  r"</code></small> \| (?P<result>[^|<]+)<br>")


def parse_page(text: str, lang: str = "en") -> set[Row]:
    """The rows a generated page lists, as (node id, scenario, kind, outcome)."""
    rows, current = set(), None
    for line in text.splitlines():
        heading = _FILE.match(line)
        if heading:
            current = unbreakable(heading.group("file")).strip()
            continue
        m = _ROW.match(line)
        if m and current:
            result = parse_result(m.group("result"), lang)
            if result is None:
                continue
            nodeid = f"{current}::{unbreakable(m.group('test'))}"
            rows.add((nodeid, unbreakable(_uncell(m.group("scenario"))), *result))
    return rows


# --- rendering ------------------------------------------------------------------


def _section(path: str) -> str:
    return path.split("/")[1]


def _docs_dir(section: str) -> str:
    return section.replace("_", "-")


def _mutation_line(result: dict | None, words: dict) -> str:
    if not result or not result.get("modules"):
        return words["no mutation"]
    total = sum(mutation.per_module(result).values(), Counter())
    return words["mutation"].format(score=mutation.score(total), sites=total["sites"],
                                    killed=total["killed"], equivalent=total["equivalent"])


def _counts(records) -> Counter:
    c = Counter()
    for r in records:
        c["checks"] += 1
        c[r["kind"]] += 1
        c["runs"] += r["runs"]
        if r["outcome"] == EXPECTED.get(r["kind"]):
            c[f"{r['kind']} ok"] += 1
    return c


def _title(file: str, c: Counter, words: dict) -> str:
    """A details title: the file (parsed back by parse_page), then its counts."""
    parts = []
    if c["verify"]:
        parts.append(words["title pass"].format(ok=c["verify ok"], n=c["verify"]))
    if c["expect_failure"]:
        parts.append(words["title caught"].format(ok=c["expect_failure ok"], n=c["expect_failure"]))
    return '"' + words["title"].format(file=breakable(file), parts=words["title sep"].join(parts)) + '"'


def render(records, machine: str, command: str, elapsed: float, mutation_result: dict | None = None,
           lang: str = "en") -> str:
    words = TEXT[lang]
    records = [r for r in records if r.get("test_nodeid") and r["test_nodeid"].startswith(REPORT_DIRS)]
    # one row per (test, scenario, check, outcome): a scenario run twice by one test is listed once
    unique: dict[Row, dict] = {}
    for r in records:
        unique.setdefault((r["test_nodeid"], r["scenario"], r["kind"], r["outcome"]), r)
    by_file: dict[str, list] = defaultdict(list)
    for (nodeid, *_), r in unique.items():
        file, _, test = nodeid.partition("::")
        by_file[file].append((test, r))
    by_section: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        by_section[_section(r["test_nodeid"])] += _counts([r])
    total = _counts(records)
    modules = len(mutation_result["modules"]) if mutation_result else 0
    unexpected = total["checks"] - total["verify ok"] - total["expect_failure ok"]
    lines = [
        words["summary"],
        "",
        words["checks"].format(checks=total["checks"], scenarios=len({r["scenario"] for r in records}),
                               files=len(by_file), modules=words["modules"].format(n=modules) if modules else ""),
        words["verify"].format(ok=total["verify ok"], n=total["verify"]),
        words["bad"].format(ok=total["expect_failure ok"], n=total["expect_failure"]),
        words["runs"].format(runs=f"{total['runs']:,}", secs=f"{sum(r['seconds'] for r in records):.0f}",
                             wall=f"{elapsed:.0f}"),
        _mutation_line(mutation_result, words),
        words["machine"].format(pythons=", ".join(sorted({r["python"] for r in records})), machine=machine),
        "",
    ]
    if unexpected:
        lines += [words["unexpected"].format(n=unexpected), "", "    " + words["unexpected body"], ""]
    lines += [words["sections"], "| --- | ---: | ---: |"]
    for section, c in sorted(by_section.items()):
        name = _docs_dir(section)
        lines.append(f"| [{name}](#{name}) | {c['checks']} "
                     f"| {words['of'].format(ok=c['expect_failure ok'], n=c['expect_failure'])} |")
    lines += ["", words["regenerate"], ""]
    lines += [("    " + line.format(command=command)).rstrip() for line in words["regenerate body"]]
    lines.append("")
    current_section = None
    for file in sorted(by_file):
        section = _section(file)
        if section != current_section:
            current_section = section
            name = _docs_dir(section)
            lines += [f"## {name}", ""]
            if (ROOT / "docs" / name / "index.md").is_file():
                lines += [words["section intro"].format(name=name), ""]
        rows = sorted(by_file[file], key=lambda tr: (tr[0], tr[1]["scenario"], tr[1]["kind"]))
        c = _counts(r for _, r in rows)
        bad = c["checks"] - c["verify ok"] - c["expect_failure ok"]
        lines += [
            f"???{'+' if bad else ''} {'failure' if bad else 'success'} {_title(file, c, words)}",
            "",
            "    " + words["columns"],
            "    | --- | --- |",
        ]
        for test, r in rows:
            label = result_label(r["kind"], r["outcome"], r.get("failure_kind"), lang)
            lines.append(
                f"    | {_cell(breakable(r['scenario']))}<br><small><code>{breakable(test)}</code></small> "
                f"| {label}<br><small>{words['schedules'](r['runs'])}</small> |"
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
    stored = mutation.load(MUTATION_STORE)
    for lang, output in zip(LANGUAGES, SCRIPT.outputs):
        path = SCRIPT.write(args, render(records, summary(), SCRIPT.command(args), elapsed, stored, lang), output)
    print(f"wrote {path.parent}/report(.zh).md: {len(records)} records"
          + ("" if proc.returncode == 0 else " (some tests FAILED: their rows show it)"))


if __name__ == "__main__":
    main()
