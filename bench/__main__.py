"""Regenerate every figure: ``make figures`` (``python -m bench``).

Runs every bench script (tests/support/generated.py finds them: the modules of
bench/ with a ``__main__`` block) as ``python -m bench.<name>`` in its real
mode, one progress line per script, then a summary of which generated files
changed. Review the diff and commit it with the pages whose text depends on it.

    python -m bench                       # everything (some scripts take minutes)
    python -m bench --only problems_serving_ratelimit seed_review_pop0
    python -m bench --smoke               # every smoke run, into a temporary folder, timed
                                          # (one per core at once; --jobs 1 for one at a time)
    python -m bench --list
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from bench.output import ROOT, body_of, declaration, is_generated, script_paths


def _scripts() -> list[tuple[str, list[str]]]:
    found, broken = [], []
    for script in script_paths(ROOT):
        d = declaration(ROOT, script)
        if isinstance(d, str):
            broken.append(f"{script}: {d}")
        else:
            found.append((d.module, list(d.outputs)))
    if broken:
        raise SystemExit("\n".join(broken))
    return found


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these scripts (bench.<NAME>)")
    ap.add_argument("--smoke", action="store_true", help="run every smoke mode into a temporary folder")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="smoke runs at once (default: one per core); real runs measure, so they run one at a time")
    ap.add_argument("--list", action="store_true", help="list the scripts and the files they write")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")
    scripts = _scripts()
    if args.only:
        wanted = {n if n.startswith("bench.") else f"bench.{n}" for n in args.only}
        unknown = wanted - {m for m, _ in scripts}
        if unknown:
            raise SystemExit(f"no such bench script: {', '.join(sorted(unknown))}")
        scripts = [(m, o) for m, o in scripts if m in wanted]
    if args.list:
        for module, outputs in scripts:
            print(f"{module}: {', '.join(outputs)}")
        return 0
    out_dir = Path(tempfile.mkdtemp(prefix="bench-smoke-")) if args.smoke else ROOT
    before = {rel: _read(out_dir / rel) for _, outputs in scripts for rel in outputs}
    jobs = args.jobs if args.smoke else 1
    started = time.perf_counter()

    def run(module: str) -> tuple[subprocess.CompletedProcess, float]:
        cmd = [sys.executable, "-m", module] + (["--smoke", "--out-dir", str(out_dir)] if args.smoke else [])
        start = time.perf_counter()
        # A smoke run's stderr is kept and shown if it fails (runs side by side would interleave it).
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL if args.smoke else None,
                              stderr=subprocess.PIPE if args.smoke else None, text=True)
        return proc, time.perf_counter() - start

    failed, total = [], 0.0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = {}
        for i, (module, _) in enumerate(scripts, 1):
            if jobs == 1:
                print(f"[{i}/{len(scripts)}] {module} ...", flush=True)
            runs[pool.submit(run, module)] = (i, module)
        for future in as_completed(runs):
            i, module = runs[future]
            proc, seconds = future.result()
            total += seconds
            status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
            if proc.returncode:
                failed.append(module)
            print(f"[{i}/{len(scripts)}] {module}: {status} in {seconds:.1f} s", flush=True)
            if proc.returncode and proc.stderr:
                print(proc.stderr[-3000:], end="", flush=True)
    wall = time.perf_counter() - started
    timing = f"{wall:.1f} s" if jobs == 1 else f"{wall:.1f} s, {jobs} at a time ({total:.1f} s of script time)"
    print(f"\n{len(scripts)} scripts in {timing}" + (f", {len(failed)} failed: {', '.join(sorted(failed))}" if failed else ""))
    if args.smoke:
        print(f"smoke outputs in {out_dir}")
    else:
        print("generated files:")
        for rel, old in before.items():
            new = _read(ROOT / rel)
            if new is None:
                state = "MISSING"
            elif old is None:
                state = "new"
            elif old == new:
                state = "unchanged"
            elif is_generated(old) and body_of(old) == body_of(new):
                state = "header only (same figures)"
            else:
                state = "changed"
            print(f"  {state:28} {rel}")
        print("review with `git diff snippets/`, then commit the figures with the pages that quote them")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
