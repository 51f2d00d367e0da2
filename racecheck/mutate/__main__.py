"""Command line of racecheck.mutate (see the package docstring).

    python -m racecheck.mutate [paths ...]      default: snippets/
        -j N              parallel pytest processes (default: the number of cores)
        --store PATH      reuse stored results whose module, tests and helpers are
                          unchanged (same hash); write the updated result back
        --fresh           with --store: ignore stored results, run everything
        --json PATH       also write the result of this run to PATH
        --timeout S       per-test limit (pytest-timeout) for mutant runs
        --operators a,b   only these operators
        --list            print the sites (and declarations) and stop
        --open PATH       mutants known to be still open (listed in the summary, not
                          failing the run; an entry no longer open fails it)

Exit status 0 when every non-equivalent mutant of the selected modules is
killed and nothing else needs fixing (see summary.failures), else 1.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import select, summary
from .operators import OPERATORS, Site
from .runner import Job, Outcome, Pool, failed_nodeid, module_key
from .sites import ImportGraph, find_sites, module_name


def snippet_modules(root: Path, paths: list[str]) -> list[Path]:
    """The .py files under ``paths``, without known-bad modules and package files."""
    found = []
    for p in paths:
        p = (root / p).resolve()
        files = [p] if p.is_file() else sorted(p.rglob("*.py"))
        found += [f for f in files if not f.name.endswith("_bad.py") and f.name != "__init__.py"
                  and "__pycache__" not in f.parts]
    return sorted(set(found))


def last_time(stored: list[dict], site: Site) -> tuple[float | None, str, float | None]:
    """Seconds of ``site``'s run in the stored result, the test that killed it
    then ("" if none) and that test's own seconds (None if not recorded).

    Only a hint: the expected seconds order the runs (longest first) and the
    killing test runs first, which with ``-x`` ends a killed mutant's run at
    its first failure. Neither decides an outcome: every run starts afresh.
    Matched by line, or, after an edit moved the line, by operator and
    description when that is unique.
    """
    same = [m for m in stored if m["operator"] == site.operator and m["description"] == site.description]
    exact = [m for m in same if m["line"] == site.line]
    found = exact[0] if exact else same[0] if len(same) == 1 else None
    if found is None:
        return None, "", None
    if found["status"] != "killed":
        return found["seconds"], "", None
    return found["seconds"], failed_nodeid(found["detail"]), found.get("killer_seconds")


class LoadWatch:
    """The load average over a run: at its start, its end and the highest 1-minute value seen."""

    def __init__(self, every: float = 5.0):
        self.start = _load()
        self.peak = self.start[0]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every,), name="racecheck-mutate-load", daemon=True)
        self._thread.start()

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            self.peak = max(self.peak, _load()[0])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.end = _load()

    def summary(self) -> dict:
        end = getattr(self, "end", _load())
        peak = max(self.peak, end[0])
        return {"start": list(self.start), "end": list(end), "peak_1min": peak,
                "text": f"{self.start[0]:.1f} at the start, {end[0]:.1f} at the end, {peak:.1f} at most "
                        f"(1-minute average)"}


def _load() -> tuple[float, float, float]:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())
    except OSError:
        return (0.0, 0.0, 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m racecheck.mutate", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=["snippets"])
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--operators", default=",".join(OPERATORS))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--open", type=Path)
    ap.add_argument("--root", type=Path, default=Path.cwd())
    args = ap.parse_args(argv)
    root = args.root.resolve()
    chosen = {name: OPERATORS[name] for name in args.operators.split(",") if name in OPERATORS}
    unknown = set(args.operators.split(",")) - set(OPERATORS)
    if unknown:
        ap.error(f"unknown operators: {sorted(unknown)}; known: {list(OPERATORS)}")
    if args.list:
        for path in snippet_modules(root, args.paths):
            sites = find_sites(root, path, chosen)
            for site in sites.sites:
                mark = " [declared equivalent]" if sites.declared(site) else ""
                print(f"{sites.path}:{site.line}: {site.operator}: {site.description}{mark}")
            for problem in sites.problems:
                print(f"{sites.path}: {problem}")
        return 0
    start = time.monotonic()
    load_watch = LoadWatch()
    previous = summary.load(args.store) if args.store else summary.new_result()
    stored = summary.new_result() if args.fresh else previous
    # Each site's seconds and killing test last time: hints that order the runs, never outcomes.
    hints = summary.load(args.store, any_version=True) if args.store else summary.new_result()
    graph = ImportGraph(root)
    scratch = Path(tempfile.mkdtemp(prefix="racecheck-mutate-durations-"))
    result = summary.new_result()
    todo: dict[str, tuple] = {}  # module path -> (sites, entry, dotted names of the modules running it)
    modules = snippet_modules(root, args.paths)
    for path in modules:
        sites = find_sites(root, path, chosen)
        name = module_name(root, path)
        tests = graph.tests_of(name)
        key = module_key(root, graph, path, tests)
        entry = {"key": key, "tests": [t.relative_to(root).as_posix() for t in tests], "baseline": "",
                 "problems": list(sites.problems), "seconds": 0.0, "mutants": []}
        result["modules"][sites.path] = entry
        old = stored["modules"].get(sites.path)
        if old and old["key"] == key and len(chosen) == len(OPERATORS):
            result["modules"][sites.path] = old
            print(f"cached    {sites.path}: {len(old['mutants'])} sites, unchanged since the stored run", flush=True)
            continue
        if not sites.sites:
            entry["baseline"] = "no sites"
            continue
        if not tests:
            entry["baseline"] = "no tests"
            entry["problems"].append(f"{len(sites.sites)} sites, but no test imports {name}")
            print(f"no tests  {sites.path}: {len(sites.sites)} sites not run", flush=True)
            continue
        todo[sites.path] = (sites, entry, graph.users(name))

    pool = Pool(root, args.jobs)
    lock = threading.Lock()
    progress = {"done": 0, "total": sum(len(t[0].sites) for t in todo.values())}
    runs = {"baseline": [0, 0.0]}  # kind -> [pytest runs, seconds], for the run record
    files = itertools.count()

    def durations_file() -> str:
        return str(scratch / f"baseline-{next(files)}.json")

    def count(kind: str, seconds: float) -> None:
        with lock:
            runs.setdefault(kind, [0, 0.0])
            runs[kind][0] += 1
            runs[kind][1] += seconds

    def baseline(group: list[str]) -> Job:
        """One unmutated run of the test files shared by ``group`` (modules whose tests are the same)."""
        sites, entry, _ = todo[group[0]]
        users = sorted({u for path in group for u in todo[path][2]})
        old = [hints["modules"].get(path, {}).get("baseline_seconds") for path in group]
        guess = sum(x for x in old if x) or 10.0 * len(group)
        return Job(sites, users, None, entry["tests"], args.timeout, 600.0, durations=durations_file(),
                   priority=1e6 + guess, group=[todo[path][0] for path in group])

    def mutants(path: str) -> list[Job]:
        sites, entry, users = todo[path]
        limit = max(120.0, 4 * entry["baseline_seconds"] + 60)
        before = hints["modules"].get(path, {}).get("mutants", [])
        jobs = []
        for site in sites.sites:
            seconds, hint, hint_seconds = last_time(before, site)
            jobs.append(Job(sites, users, site, entry["tests"], args.timeout, limit, durations=entry["_durations"],
                            priority=seconds if seconds is not None else entry["baseline_seconds"], hint=hint,
                            hint_seconds=hint_seconds))
        return jobs

    def baseline_done(job: Job, outcome: Outcome) -> list[Job]:
        count("baseline", outcome.seconds)
        paths = [m.path for m in job.group]
        status = "passed" if outcome.status == "survived" else {"killed": "failed"}.get(outcome.status, outcome.status)
        if len(paths) > 1:
            with lock:
                print(f"baseline  (shared by {len(paths)} modules with the same {len(job.tests)} test files): "
                      f"{status} in {outcome.seconds:.1f} s", flush=True)
            if status != "passed":  # find out which module's tests fail: one run each
                return [baseline([path]) for path in paths]
        record = select.read_record(job.durations)
        spent = sum(r["seconds"] for r in record.values())
        more = []
        for path in paths:
            sites, entry, users = todo[path]
            own = sum(r["seconds"] for r in record.values() if not r.get("modules") or set(r["modules"]) & set(users))
            entry["baseline"] = status
            entry["seconds"] += outcome.seconds / len(paths)
            entry["baseline_seconds"] = round(outcome.seconds - spent + own if len(paths) > 1 else outcome.seconds, 2)
            entry["_durations"] = job.durations
            if status != "passed":
                entry["problems"].append(f"tests {status} without any mutation: {outcome.detail.strip()[-300:]}")
            with lock:
                print(f"baseline  {path}: {status} in {entry['baseline_seconds']:.1f} s "
                      f"({len(sites.sites)} sites, {len(job.tests)} test files"
                      f"{', from the shared run' if len(paths) > 1 else ''})", flush=True)
            if status == "passed":
                more += mutants(path)
        return more

    def mutant_done(job: Job, outcome: Outcome) -> None:
        entry = result["modules"][job.module.path]
        declared = job.module.declared(job.site)
        status, detail = outcome.status, outcome.detail
        if declared and status == "survived":
            status = "equivalent"
        elif declared and status in ("killed", "timeout"):
            status, detail = "stale", f"{outcome.status}: {detail}"
        count(status, outcome.seconds)
        with lock:
            entry["mutants"].append({
                "operator": job.site.operator, "line": job.site.line, "description": job.site.description,
                "status": status, "seconds": round(outcome.seconds, 2), "detail": detail.strip()[-600:],
                "declared": declared.reason if declared else None,
            })
            if outcome.killer_seconds is not None:
                entry["mutants"][-1]["killer_seconds"] = round(outcome.killer_seconds, 2)
            entry["seconds"] += outcome.seconds
            progress["done"] += 1
            print(f"[{progress['done']}/{progress['total']}] {status:<10} {job.module.path}:{job.site.line} "
                  f"{job.site.operator}: {job.site.description} ({outcome.seconds:.1f} s)", flush=True)

    def done(job: Job, outcome: Outcome) -> list[Job] | None:
        return baseline_done(job, outcome) if job.site is None else mutant_done(job, outcome)

    groups: dict[tuple, list[str]] = {}
    for path, (sites, entry, users) in todo.items():
        groups.setdefault(tuple(entry["tests"]), []).append(path)
    try:
        if todo:
            print(f"racecheck.mutate: {len(todo)} modules to run ({len(groups)} baseline runs), "
                  f"{progress['total']} mutants, {args.jobs} parallel jobs", flush=True)
        pool.run([baseline(group) for group in groups.values()], done)
    finally:
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)
        load_watch.stop()
    for entry in result["modules"].values():
        entry.pop("_durations", None)
        entry["mutants"].sort(key=lambda m: (m["line"], m["operator"], m["description"]))
        entry["seconds"] = round(entry["seconds"], 1)
    wall = time.monotonic() - start
    run = {"wall_seconds": round(wall, 1), "jobs": args.jobs, "fresh": args.fresh,
           "modules": len(modules), "modules_run": len(todo), "mutants_run": progress["done"],
           "pytest_runs": {kind: [n, round(sec, 1)] for kind, (n, sec) in sorted(runs.items())},
           "load": load_watch.summary(), "python": platform.python_version(),
           "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result["run"] = run
    full = (args.fresh and len(chosen) == len(OPERATORS)
            and modules == snippet_modules(root, ["snippets"]))
    if args.store:
        merged = {**previous, "modules": {**previous["modules"], **result["modules"]},
                  "operators_version": result["operators_version"], "operators": result["operators"]}
        merged.pop("run", None)
        if full:  # the measured full run, shown by bench/verification_mutation_speed.py
            merged["full_run"] = run
        known = {p.relative_to(root).as_posix() for p in snippet_modules(root, ["snippets"])}
        merged["modules"] = {k: v for k, v in merged["modules"].items() if k in known}
        summary.dump(merged, args.store)
    if args.json:
        summary.dump(result, args.json)
    known_open = summary.load_open(args.open)
    print(summary.text(result, known_open), end="")
    print(f"{len(modules)} modules, {sum(len(m['mutants']) for m in result['modules'].values())} sites, "
          f"{progress['done']} mutants run, {wall:.0f} s wall, {args.jobs} jobs, load {run['load']['text']}",
          flush=True)
    return 1 if summary.failures(result, known_open) else 0


if __name__ == "__main__":
    sys.exit(main())
