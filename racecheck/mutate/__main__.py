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
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import summary
from .operators import OPERATORS
from .runner import Job, Outcome, Pool, module_key
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
    stored = summary.load(args.store) if args.store and not args.fresh else summary.new_result()
    graph = ImportGraph(root)
    scratch = Path(tempfile.mkdtemp(prefix="racecheck-mutate-durations-"))
    result = summary.new_result()
    baselines: list[Job] = []
    todo: dict[str, tuple] = {}
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
        runs = graph.users(name)
        job = Job(sites, runs, None, entry["tests"], args.timeout, 600.0,
                  durations=str(scratch / f"durations-{len(baselines)}.json"))
        baselines.append(job)
        todo[sites.path] = (sites, entry)

    pool = Pool(root, args.jobs)
    lock = threading.Lock()
    progress = {"done": 0, "total": 0}

    def baseline_done(job: Job, outcome: Outcome) -> None:
        entry = result["modules"][job.module.path]
        entry["baseline"] = "passed" if outcome.status == "survived" else \
            {"killed": "failed"}.get(outcome.status, outcome.status)
        entry["seconds"] += outcome.seconds
        entry["baseline_seconds"] = round(outcome.seconds, 2)
        if entry["baseline"] != "passed":
            entry["problems"].append(f"tests {entry['baseline']} without any mutation: {outcome.detail.strip()[-300:]}")
        with lock:
            print(f"baseline  {job.module.path}: {entry['baseline']} in {outcome.seconds:.1f} s "
                  f"({len(job.module.sites)} sites, {len(job.tests)} test files)", flush=True)

    try:
        if baselines:
            print(f"racecheck.mutate: {len(baselines)} modules to run, {args.jobs} parallel jobs", flush=True)
        pool.run(baselines, baseline_done)
        jobs = []
        for path, (sites, entry) in todo.items():
            if entry["baseline"] != "passed":
                continue
            limit = max(120.0, 4 * entry["baseline_seconds"] + 60)
            base = next(b for b in baselines if b.module.path == path)
            jobs += [Job(sites, base.runs_module, site, entry["tests"], args.timeout, limit, durations=base.durations)
                     for site in sites.sites]
        progress["total"] = len(jobs)
        # The slowest modules' mutants first, so the parallel workers end together.
        jobs.sort(key=lambda j: -result["modules"][j.module.path]["baseline_seconds"])

        def mutant_done(job: Job, outcome: Outcome) -> None:
            entry = result["modules"][job.module.path]
            declared = job.module.declared(job.site)
            status, detail = outcome.status, outcome.detail
            if declared and status == "survived":
                status = "equivalent"
            elif declared and status in ("killed", "timeout"):
                status, detail = "stale", f"{outcome.status}: {detail}"
            with lock:
                entry["mutants"].append({
                    "operator": job.site.operator, "line": job.site.line, "description": job.site.description,
                    "status": status, "seconds": round(outcome.seconds, 2), "detail": detail.strip()[-600:],
                    "declared": declared.reason if declared else None,
                })
                entry["seconds"] += outcome.seconds
                progress["done"] += 1
                print(f"[{progress['done']}/{progress['total']}] {status:<10} {job.module.path}:{job.site.line} "
                      f"{job.site.operator}: {job.site.description} ({outcome.seconds:.1f} s)", flush=True)

        pool.run(jobs, mutant_done)
    finally:
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)
    for entry in result["modules"].values():
        entry["mutants"].sort(key=lambda m: (m["line"], m["operator"], m["description"]))
        entry["seconds"] = round(entry["seconds"], 1)
    if args.store:
        merged = {**stored, "modules": {**stored["modules"], **result["modules"]},
                  "operators_version": result["operators_version"], "operators": result["operators"]}
        known = {p.relative_to(root).as_posix() for p in snippet_modules(root, ["snippets"])}
        merged["modules"] = {k: v for k, v in merged["modules"].items() if k in known}
        summary.dump(merged, args.store)
    if args.json:
        summary.dump(result, args.json)
    known_open = summary.load_open(args.open)
    print(summary.text(result, known_open), end="")
    print(f"{len(modules)} modules, {sum(len(m['mutants']) for m in result['modules'].values())} sites, "
          f"{time.monotonic() - start:.0f} s wall, {args.jobs} jobs", flush=True)
    return 1 if summary.failures(result, known_open) else 0


if __name__ == "__main__":
    sys.exit(main())
