"""How long racecheck.mutate takes: the full run, and a run after one snippet changed.

    .venv/bin/python -m bench.verification_mutation_speed [--jobs 2] [--changed PATH ...]

Incremental run (measured): the project is copied into a temporary folder
(as the tool's own workers copy it), one comment line is appended to the
snippet module PATH there, and ``python -m racecheck.mutate -j N --store
<copy of the stored result> snippets`` runs over every snippet, as ``make
mutate`` does: the changed module is rerun, every other result is reused.
The figure is the wall time of that whole command, once per ``--changed``.

Full run (from the stored result, not rerun: it takes about half an hour):
docs/verification/mutation.json holds the wall seconds of every run the
last ``make mutate`` made for each module (its unmutated baseline, then one
pytest process per mutant). They are scheduled over N jobs the way the tool
schedules them (every baseline first, then the mutants, slowest module
first, each on the first free job), which gives the wall time of a full run
on N cores measured in the machine state of those runs. The same numbers
show where the time goes: baselines, killed mutants (a run that stops at the
first failing test), and mutants that run every test (equivalent, survived).
The start of one pytest process with its collection, the fixed cost of each
run, is measured here.
"""

from __future__ import annotations

import heapq
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import summary as machine_summary
from bench.output import ROOT, Script
from racecheck.mutate import summary
from racecheck.mutate.runner import IGNORED

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/mutation_speed.md"],
    inputs=["docs/verification/mutation.json", "racecheck/mutate"],
    smoke=["--changed", "snippets/interview/serving/model_swap.py", "--jobs", "1"],
)
STORE = "docs/verification/mutation.json"
CHANGED = ["snippets/problems/primitives/countdown_latch.py",
           "snippets/problems/leetcode/p1114_print_in_order_event.py"]
STARTUP_TEST = "tests/problems/primitives/test_countdown_latch.py"


def scheduled_wall(durations: list[float], jobs: int) -> float:
    """Wall time of ``durations`` run in this order, each on the first free of ``jobs`` workers."""
    free = [0.0] * max(1, jobs)
    for d in durations:
        start = heapq.heappop(free)
        heapq.heappush(free, start + d)
    return max(free) if durations else 0.0


def full_run(result: dict, jobs: int) -> dict:
    """The stored runs of every module, scheduled as racecheck.mutate schedules them."""
    mods = [m for m in result["modules"].values() if m.get("baseline_seconds") is not None]
    baselines = [m["baseline_seconds"] for m in mods]
    mutants = []
    for m in sorted(mods, key=lambda m: -m["baseline_seconds"]):
        mutants += [x["seconds"] for x in m["mutants"]]
    by_status: dict[str, list[float]] = {}
    for m in mods:
        for x in m["mutants"]:
            by_status.setdefault(x["status"], []).append(x["seconds"])
    return {
        "wall": scheduled_wall(baselines, jobs) + scheduled_wall(mutants, jobs),
        "baselines": (len(baselines), sum(baselines)),
        "by_status": {k: (len(v), sum(v)) for k, v in sorted(by_status.items())},
        "runs": len(baselines) + len(mutants),
    }


def copy_project(dest: Path) -> Path:
    tree = dest / "tree"
    shutil.copytree(ROOT, tree, ignore=IGNORED, symlinks=True)
    return tree


def incremental(changed: str, jobs: int) -> tuple[float, str]:
    """Wall seconds of ``racecheck.mutate --store`` over all snippets after ``changed`` changed."""
    with tempfile.TemporaryDirectory(prefix="bench-mutate-") as tmp:
        tree = copy_project(Path(tmp))
        target = tree / changed
        target.write_text(target.read_text(encoding="utf-8") + "# changed for bench/verification_mutation_speed.py\n",
                          encoding="utf-8")
        store = Path(tmp) / "mutation.json"
        shutil.copy(ROOT / STORE, store)
        cmd = [sys.executable, "-m", "racecheck.mutate", "-j", str(jobs), "--store", str(store), "snippets"]
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
        seconds = time.monotonic() - start
        lines = proc.stdout.splitlines()
        reran = [line for line in lines if line.startswith("baseline ")]
        if proc.returncode not in (0, 1) or not reran:
            raise RuntimeError(f"racecheck.mutate failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        return seconds, f"{len(reran)} module(s) rerun, {lines[-1]}"


def pytest_start() -> float:
    """Wall seconds of one pytest process that starts and collects one test file."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           "--collect-only", STARTUP_TEST]
    times = []
    for _ in range(3):
        start = time.monotonic()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.monotonic() - start)
    return sorted(times)[1]


def load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def render(jobs: int, full: dict, measured: list[tuple[str, float, str]], startup: float, load_before: str) -> str:
    minutes = full["wall"] / 60
    lines = [
        f"Machine: {machine_summary()}; {jobs} parallel job(s); load average (1/5/15 min) when measured: "
        f"{load_before}. Wall times depend on that load: the same runs take longer on a busy machine.",
        "",
        "| run | wall time | how it is obtained |",
        "| --- | ---: | --- |",
        f"| full run, every snippet | {minutes:.1f} min | the {full['runs']} stored runs of the last "
        f"`make mutate`, scheduled over {jobs} job(s) as the tool schedules them |",
        *(f"| after changing `{path}` | {seconds:.0f} s | measured: `racecheck.mutate --store` over every "
          f"snippet in a copy of the project ({note}) |" for path, seconds, note in measured),
        "",
        "Where the time of the full run goes (sums over the runs, before dividing by the jobs):",
        "",
        "| runs | count | seconds | per run |",
        "| --- | ---: | ---: | ---: |",
        f"| baseline (each module's tests, unmutated) | {full['baselines'][0]} | {full['baselines'][1]:.0f} "
        f"| {full['baselines'][1] / max(1, full['baselines'][0]):.1f} |",
        *(f"| mutants: {status} | {n} | {s:.0f} | {s / max(1, n):.1f} |" for status, (n, s) in full["by_status"].items()),
        f"| of which, per run: starting pytest and collecting one test file (measured) | - | - | {startup:.1f} |",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--changed", action="append", help=f"snippet module to change (default: {', '.join(CHANGED)})")
    args = SCRIPT.parse_args(ap, argv)
    load_before = load()
    full = full_run(summary.load(ROOT / STORE), args.jobs)
    measured = []
    for path in args.changed or CHANGED:
        seconds, note = incremental(path, args.jobs)
        print(f"{path}: {seconds:.0f} s ({note})", flush=True)
        measured.append((path, seconds, note))
    startup = pytest_start()
    body = render(args.jobs, full, measured, startup, load_before)
    print(body)
    SCRIPT.write(args, body)


if __name__ == "__main__":
    main()
