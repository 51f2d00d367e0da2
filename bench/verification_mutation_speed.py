"""How long racecheck.mutate takes: the full run, and a run after one snippet changed.

    .venv/bin/python -m bench.verification_mutation_speed [--jobs 2] [--changed PATH ...]

Full run (measured by the tool itself, not rerun here: it takes many
minutes): ``make mutate MUTATE_ARGS=--fresh`` runs every mutant of every
snippet and records in docs/verification/mutation.json (``full_run``) its
wall time, parallel jobs, the load average at its start, its end and the
highest 1-minute value sampled during it, and the count and seconds of its
pytest runs by kind (shared baselines, killed mutants, mutants that run
every test). Later incremental runs keep that record; only another full
fresh run replaces it.

Incremental run (measured here): the project is copied into a temporary
folder (as the tool's own workers copy it), one comment line is appended to
the snippet module PATH there, and ``python -m racecheck.mutate -j N --store
<copy of the stored result> snippets`` runs over every snippet, as ``make
mutate`` does: the changed module is rerun, every other result is reused.
The figure is the wall time of that whole command, once per ``--changed``.
The start of one pytest process with its collection, the fixed cost of each
run, is measured here too.

Both editions (this figure and its .zh.md twin) are rendered by the same
code from the same numbers.
"""

from __future__ import annotations

import os
import shutil
import statistics
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
    outputs=["snippets/verification/figures/mutation_speed.md", "snippets/verification/figures/mutation_speed.zh.md"],
    inputs=["docs/verification/mutation.json", "racecheck/mutate"],
    # The smoke run: the snippet whose rerun is the shortest (3 pytest runs), one pytest start-up.
    smoke=["--changed", "snippets/interview/serving/model_swap.py", "--jobs", "1", "--startup-runs", "1"],
)
STORE = "docs/verification/mutation.json"
CHANGED = ["snippets/problems/primitives/countdown_latch.py",
           "snippets/problems/leetcode/p1114_print_in_order_event.py"]
STARTUP_TEST = "tests/problems/primitives/test_countdown_latch.py"


def full_run(result: dict) -> dict:
    """The record of the last full fresh run (racecheck.mutate writes it into the store)."""
    run = result.get("full_run")
    if not run:
        raise SystemExit(f"{STORE} holds no full run: run `make mutate MUTATE_ARGS=--fresh` first")
    return run


def copy_project(dest: Path) -> Path:
    tree = dest / "tree"
    shutil.copytree(ROOT, tree, ignore=IGNORED, symlinks=True)
    return tree


def incremental(changed: str, jobs: int) -> tuple[float, int]:
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
        return seconds, len([line for line in reran if not line.startswith("baseline  (shared")])


def pytest_start(runs: int = 3) -> float:
    """Wall seconds of one pytest process that starts and collects one test file
    (the median of ``runs`` such processes)."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           "--collect-only", STARTUP_TEST]
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.monotonic() - start)
    return statistics.median(times)


def load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


KINDS = ("baseline", "killed", "equivalent", "survived", "timeout", "error", "stale")

TEXT = {
    "en": {
        "machine": "Machine: {machine}.",
        "full load": "The full run: {jobs} parallel job(s), finished {finished}, Python {python}; load average "
                     "(1 min) {start:.1f} at its start, {end:.1f} at its end, {peak:.1f} at most.",
        "incremental load": "The runs after a change: {jobs} parallel job(s); load average (1/5/15 min) when "
                            "measured: {load}. Wall times depend on the load: the same runs take longer on a "
                            "busy machine.",
        "head": ["| run | wall time | how it is obtained |", "| --- | ---: | --- |"],
        "full": "| full run, every snippet | {minutes:.1f} min | measured: `make mutate MUTATE_ARGS=--fresh`, "
                "{modules} modules, {mutants} mutants, {runs} pytest runs |",
        "changed": "| after changing `{path}` | {seconds:.0f} s | measured: `racecheck.mutate --store` over every "
                   "snippet in a copy of the project ({reran} module(s) rerun, the others reused) |",
        "where": "Where the time of the full run goes (sums over its pytest runs, before dividing by the jobs):",
        "where head": ["| runs | count | seconds | per run |", "| --- | ---: | ---: | ---: |"],
        "baseline": "baseline (the tests, unmutated; one run for the modules that share their test files)",
        "mutants": "mutants: {kind}",
        "kinds": {k: k for k in KINDS},
        "startup": "of which, per run: starting pytest and collecting one test file (measured here)",
    },
    "zh": {
        "machine": "机器：{machine}。",
        "full load": "完整运行：{jobs} 个并行任务，完成于 {finished}，Python {python}；1 分钟平均负载开始时 {start:.1f}，"
                     "结束时 {end:.1f}，最高 {peak:.1f}。",
        "incremental load": "修改之后的运行：{jobs} 个并行任务；测量时的平均负载（1/5/15 分钟）：{load}。"
                            "墙钟时间取决于负载：同样的运行在繁忙的机器上更慢。",
        "head": ["| 运行 | 墙钟时间 | 如何得到 |", "| --- | ---: | --- |"],
        "full": "| 完整运行，全部代码片段 | {minutes:.1f} 分钟 | 实测：`make mutate MUTATE_ARGS=--fresh`，"
                "{modules} 个模块，{mutants} 个变异体，{runs} 次 pytest 运行 |",
        "changed": "| 修改 `{path}` 之后 | {seconds:.0f} 秒 | 实测：在项目的一份副本中对全部代码片段运行 "
                   "`racecheck.mutate --store`（重新运行 {reran} 个模块，其余复用） |",
        "where": "完整运行的时间花在哪里（各次 pytest 运行的总和，未除以并行任务数）：",
        "where head": ["| 运行 | 次数 | 秒 | 每次 |", "| --- | ---: | ---: | ---: |"],
        "baseline": "基线（未变异时运行测试；测试文件相同的模块共用一次运行）",
        "mutants": "变异体：{kind}",
        "kinds": {"baseline": "基线", "killed": "被杀死", "equivalent": "声明等价", "survived": "存活",
                  "timeout": "挂住测试", "error": "出错", "stale": "声明失效"},
        "startup": "其中每次运行：启动 pytest 并收集一个测试文件（此处实测）",
    },
}


def render(lang: str, jobs: int, full: dict, measured: list[tuple[str, float, int]], startup: float,
           load_before: str) -> str:
    t = TEXT[lang]
    load = full["load"]
    runs = full["pytest_runs"]
    lines = [
        t["machine"].format(machine=machine_summary()),
        "",
        t["full load"].format(jobs=full["jobs"], finished=full["finished"], python=full["python"],
                              start=load["start"][0], end=load["end"][0], peak=load["peak_1min"]),
        t["incremental load"].format(jobs=jobs, load=load_before),
        "",
        *t["head"],
        t["full"].format(minutes=full["wall_seconds"] / 60, modules=full["modules"], mutants=full["mutants_run"],
                         runs=sum(n for n, _ in runs.values())),
        *(t["changed"].format(path=path, seconds=seconds, reran=reran) for path, seconds, reran in measured),
        "",
        t["where"],
        "",
        *t["where head"],
    ]
    for kind in KINDS:
        if kind in runs:
            n, sec = runs[kind]
            name = t["baseline"] if kind == "baseline" else t["mutants"].format(kind=t["kinds"][kind])
            lines.append(f"| {name} | {n} | {sec:.0f} | {sec / max(1, n):.1f} |")
    lines.append(f"| {t['startup']} | - | - | {startup:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--changed", action="append", help=f"snippet module to change (default: {', '.join(CHANGED)})")
    ap.add_argument("--startup-runs", type=int, default=3, help="pytest start-ups timed (the median is shown)")
    args = SCRIPT.parse_args(ap, argv)
    load_before = load()
    full = full_run(summary.load(ROOT / STORE))
    measured = []
    for path in args.changed or CHANGED:
        seconds, reran = incremental(path, args.jobs)
        print(f"{path}: {seconds:.0f} s ({reran} module(s) rerun)", flush=True)
        measured.append((path, seconds, reran))
    startup = pytest_start(args.startup_runs)
    for lang, output in zip(("en", "zh"), SCRIPT.outputs):
        body = render(lang, args.jobs, full, measured, startup, load_before)
        print(body)
        SCRIPT.write(args, body, output)


if __name__ == "__main__":
    main()
