"""How long the strict build takes: both editions (English and Chinese), and English alone.

Run from the repository root:

    .venv/bin/python -m bench.docs_build_time [--repeat 3] [--builds parallel,warm,serial,english]

Runs ``mkdocs build --strict`` of the real site ``--repeat`` times into a
temporary folder (both editions, the Chinese one in a second process:
hooks/parallel_editions.py), each with an empty build cache (a cold build:
hooks/shared_work.py), then as many times with a warm cache (filled by one
build that is not measured: what a second build on a machine costs), then
with ``HANDBOOK_PARALLEL=false`` (both editions one after the other in one
process, as mkdocs-static-i18n builds them), then with
``HANDBOOK_CHINESE=false`` (the English edition alone), and prints, for each
run, the wall-clock time (what a reader waits for) and the CPU time of the
build's processes (user + system, from the operating system's accounting of
the child and the processes it waited for). CPU time barely moves with other
load on the machine; wall time does, so the load average at the start and at
the end are printed too. Also prints how many pages each edition has.

Writes snippets/contributing/figures/build_time.md (included by
docs/contributing.md).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import banner
from bench.output import ROOT, Lines, Script
from tests.support.site import ENGLISH_ONLY, mkdocs_build, project_with

SCRIPT = Script(
    __name__,
    outputs=["snippets/contributing/figures/build_time.md"],
    # A folder stands for its .py files: the theme overrides are named one by one.
    inputs=["mkdocs.yml", "hooks", "overrides/main.html", "overrides/partials/languages/zh-CN.html",
            "requirements.txt", "tests/support/site.py"],
    # The smoke run: one build (both editions, in parallel: every process the real build starts)
    # of a two-page project; the other builds differ only in their environment (BUILDS).
    smoke=["--repeat", "1", "--tiny", "--builds", "parallel"],
    libraries=("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jieba", "pymdown-extensions", "Pygments"),
)

# The smoke run's project: two pages in each language.
TINY_PAGES = {
    "index.md": "# Home\n\nA page about deadlocks.\n\n```python\nprint(1)\n```\n",
    "index.zh.md": "# 首页\n\n一个关于死锁的页面。\n\n```python\nprint(1)\n```\n",
    "glossary.md": "# Glossary\n\n| English | 中文 | Meaning |\n| --- | --- | --- |\n| [deadlock](index.md) | 死锁 | waits |\n",
    "glossary.zh.md": "# 术语表\n\n| 英文 | 中文 | 含义 |\n| --- | --- | --- |\n| deadlock | [死锁](index.md) | 等待 |\n",
}


def build_once(project: Path, site: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one strict build of ``project``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = mkdocs_build(project, site, env=env, quiet=True, timeout=1200)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def pages_per_edition(site: Path) -> tuple[int, int]:
    chinese = len(list((site / "zh").rglob("index.html")))
    total = len(list(site.rglob("index.html")))
    return total - chinese, chinese


# name -> (label, extra environment, warm cache?) of each measured build. A
# cold build gets an empty build cache (hooks/shared_work.py) of its own; the
# warm builds share one that an unmeasured build filled first.
BUILDS = {
    "parallel": ("both editions", None, False),
    "warm": ("both, warm cache", None, True),
    "serial": ("both, serial", {"HANDBOOK_PARALLEL": "false"}, False),
    "english": ("English only", ENGLISH_ONLY, False),
}


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tiny", action="store_true", help="build a two-page project instead of the site")
    ap.add_argument("--builds", default=",".join(BUILDS), help=f"which builds to time, of {', '.join(BUILDS)}")
    args = SCRIPT.parse_args(ap, argv)
    names = args.builds.split(",")
    if unknown := [n for n in names if n not in BUILDS]:
        ap.error(f"unknown build {', '.join(unknown)}: choose among {', '.join(BUILDS)}")

    out = Lines()
    out(banner())  # with the load average at the start
    results: dict[str, list[tuple[float, float]]] = {}
    pages: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="build-time-") as tmp:
        project = project_with(Path(tmp) / "project", TINY_PAGES) if args.tiny else ROOT
        for label, env, warm in (BUILDS[name] for name in names):
            results[label] = []
            if warm:
                cache = Path(tmp) / f"cache-{len(results)}"
                build_once(project, Path(tmp) / f"site-{len(results)}-fill", {**(env or {}), "HANDBOOK_BUILD_CACHE": str(cache)})
            for run in range(1, args.repeat + 1):
                site = Path(tmp) / f"site-{len(results)}-{run}"
                if not warm:
                    cache = Path(tmp) / f"cache-{len(results)}-{run}"
                wall, cpu = build_once(project, site, {**(env or {}), "HANDBOOK_BUILD_CACHE": str(cache)})
                results[label].append((wall, cpu))
                print(f"{label}, run {run}/{args.repeat}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
            pages[label] = pages_per_edition(site)
    out(f"load:    {os.getloadavg()[0]:.2f} (1 min average) at the end")
    for label, (english, chinese) in pages.items():
        out(f"{label}: {english} English pages, {chinese} Chinese pages (mkdocs build --strict)")
    out()
    out(f"{'build':<18}{'run':<8}{'wall':>8}{'CPU':>8}")
    for label, runs in results.items():
        for run, (wall, cpu) in enumerate(runs, start=1):
            out(f"{label:<18}{run:<8}{wall:>7.1f}s{cpu:>7.1f}s")
        walls, cpus = zip(*runs)
        out(f"{label:<18}{'median':<8}{statistics.median(walls):>7.1f}s{statistics.median(cpus):>7.1f}s")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
