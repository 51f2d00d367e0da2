"""Benchmark: does racecheck catch every catalog bug on every seed, how fast,
and does it ever flag a correct version?

    .venv/bin/python -m bench.verification_catalog [--seeds 20] [--real-rounds 200] [--no-compare]

For each bug in snippets/verification/catalog_cases.py and each seed:
``racecheck.expect_failure`` on the ``*_bad`` module at the default budget
(minimization off, so the time is the time to the first failing schedule),
and ``racecheck.verify`` on the correct module (any failure is a false
alarm). Unless ``--no-compare``, the same scenarios run under
interleave-test 0.1.0 in PCT mode (bench/verification_catalog_interleave.py,
in the .venv-compare environment it builds on first use). With
``--real-rounds`` the bad versions that cannot hang also run on real threads
(racecheck.stress_scenario, switch interval 1e-6).

Writes snippets/verification/figures/catalog.md (included by
docs/verification/catalog.md): the command, notes (machine, versions,
budgets, totals) and a Markdown table.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import time

import racecheck
from bench.machine import summary
from bench.output import ROOT, Lines, Script
from bench.verification_catalog_interleave import compare_python
from snippets.verification.catalog_cases import CASES

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/catalog.md"],
    inputs=[
        "snippets/verification/catalog_cases.py",
        "snippets/verification/catalog",
        "bench/verification_catalog_interleave.py",
        "bench/requirements-compare.txt",
    ],
    smoke=["--seeds", "1", "--real-rounds", "2", "--no-compare", "--limit", "3"],
)
SEED_STRIDE = 100_000  # run i of a call uses seed + i: keep the seeds' runs apart


def run_racecheck(case, seeds):
    times, runs, found, kinds, alarms = [], [], 0, set(), 0
    for k in range(seeds):
        seed = k * SEED_STRIDE
        start = time.perf_counter()
        try:
            failure = racecheck.expect_failure(case.scenario(case.bad), seed=seed, minimize=False)
        except AssertionError:
            times.append(float("inf"))
        else:
            found += 1
            kinds.add(failure.kind)
            times.append(time.perf_counter() - start)
            runs.append(failure.runs)
        try:
            racecheck.verify(case.scenario(case.good), seed=seed)
        except AssertionError:
            alarms += 1
    return {"found": found, "times": times, "runs": runs, "kinds": sorted(kinds), "alarms": alarms}


def run_real_threads(case, rounds):
    if not case.real_threads_ok:
        return None
    start = time.perf_counter()
    try:
        racecheck.stress_scenario(case.scenario(case.bad), rounds=rounds, timeout=10)
    except AssertionError:
        return {"found": True, "seconds": time.perf_counter() - start}
    return {"found": False, "seconds": time.perf_counter() - start}


def fmt_ms(seconds: float) -> str:
    if seconds == float("inf"):
        return "not found"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv=None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--no-compare", action="store_true", help="skip the interleave-test comparison")
    ap.add_argument("--compare-iterations", type=int, default=3000)
    ap.add_argument("--real-rounds", type=int, default=200, help="0: no real-thread column")
    ap.add_argument("--limit", type=int, default=None, help="only the first LIMIT bugs")
    args = SCRIPT.parse_args(ap, argv)
    cases = CASES[: args.limit]
    out = Lines()

    out(f"machine: {summary()}")
    out(f"racecheck budgets: expect_failure {racecheck.EXPECT_RUNS} runs / "
          f"{racecheck.EXPECT_SECONDS:g} s, verify {racecheck.VERIFY_RUNS} runs / "
          f"{racecheck.VERIFY_SECONDS:g} s, budget x{racecheck.budget_multiplier():g}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip() or "unknown"
    out(f"racecheck at commit {commit}; seeds 0, {SEED_STRIDE}, 2x{SEED_STRIDE}, ... "
        f"({args.seeds} seeds); the machine was shared with other jobs, so times are noisy")

    compare = {}
    if not args.no_compare:
        worker = ["-m", "bench.verification_catalog_interleave", "--seeds", str(args.seeds),
                  "--iterations", str(args.compare_iterations), "--good-iterations", str(racecheck.VERIFY_RUNS)]
        if args.limit is not None:
            worker += ["--limit", str(args.limit)]
        text = subprocess.run([str(compare_python()), *worker],
                              stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT).stdout
        for line in text.splitlines():
            if line.startswith("{"):
                row = json.loads(line)
                compare[row["case"]] = row
            elif line:
                out(line)

    out()
    head = ["bug", "kind", "racecheck: caught", "median", "worst", "median runs",
            "false alarms (good)"]
    if compare:
        head += ["interleave-test PCT: caught", "median", "worst", "false alarms"]
    if args.real_rounds:
        head += [f"real threads ({args.real_rounds} rounds)"]
    out("| " + " | ".join(head) + " |")
    out("| " + " | ".join("---" if i < 2 else "---:" for i in range(len(head))) + " |")
    totals = {"found": 0, "n": 0, "alarms": 0, "worst": 0.0}
    for case in cases:
        r = run_racecheck(case, args.seeds)
        totals["found"] += r["found"]
        totals["n"] += args.seeds
        totals["alarms"] += r["alarms"]
        totals["worst"] = max(totals["worst"], max(r["times"]))
        cells = [
            case.title, "/".join(r["kinds"]) or case.bad_kind,
            f"{r['found']}/{args.seeds}", fmt_ms(statistics.median(r["times"])),
            fmt_ms(max(r["times"])),
            f"{statistics.median(r['runs']):g}" if r["runs"] else "-",
            f"{r['alarms']}/{args.seeds}",
        ]
        if compare:
            c = compare.get(case.name)
            if c is None or c.get("unsupported"):
                why = c["unsupported"] if c else "not run"
                cells += [f"cannot express: {why}", "-", "-", "-"]
            else:
                ct = [t if t is not None else float("inf") for t in c["times"]]
                cells += [f"{c['found']}/{c['seeds']}", fmt_ms(statistics.median(ct)),
                          fmt_ms(max(ct)), f"{c['alarms']}/{c['seeds']}"]
        if args.real_rounds:
            real = run_real_threads(case, args.real_rounds)
            cells.append("not run (would hang)" if real is None else
                         ("caught" if real["found"] else "missed"))
        out("| " + " | ".join(cells) + " |")
    out()
    out(f"racecheck total: {totals['found']}/{totals['n']} bug-seeds caught, "
          f"{totals['alarms']} false alarms in {totals['n']} verify calls on correct versions, "
          f"worst time to first failure {fmt_ms(totals['worst'])}")

    table = [line for line in out.lines if line.startswith("|")]
    notes = [f"- {line}" for line in out.lines if line and not line.startswith("|")]
    head = ["```console", f"$ {SCRIPT.command(args)}", "```", ""]
    SCRIPT.write(args, "\n".join(head + notes + [""] + table) + "\n")


if __name__ == "__main__":
    main()
