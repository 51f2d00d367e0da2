"""How long the strict build of both editions (English and Chinese) takes.

Run from the repository root:

    .venv/bin/python -m bench.docs_build_time [--repeat 3]

Runs ``mkdocs build --strict`` of the real site ``--repeat`` times into a
temporary folder and prints, for each run, the wall-clock time and the CPU
time of the build process (user + system, from the operating system's
accounting of the child). CPU time barely moves with other load on the
machine; wall time does, so the load average at the start is printed too.
The build is one process, so on an idle machine wall time is close to CPU
time. Also prints how many pages each edition has.

Writes snippets/contributing/figures/build_time.md (included by
docs/contributing.md).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import banner
from bench.output import ROOT, Lines, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/contributing/figures/build_time.md"],
    inputs=["mkdocs.yml", "hooks", "overrides", "requirements.txt"],
    smoke=["--repeat", "1", "--tiny"],
    libraries=("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jieba"),
)


def tiny_project(where: Path) -> Path:
    """The real configuration with two pages in each language (the smoke run)."""
    where.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\n"
    (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("overrides", "hooks"):
        shutil.copytree(ROOT / folder, where / folder)
    docs = where / "docs"
    docs.mkdir()
    pages = {
        "index.md": "# Home\n\nA page about deadlocks.\n",
        "index.zh.md": "# 首页\n\n一个关于死锁的页面。\n",
        "glossary.md": "# Glossary\n\n| English | 中文 | Meaning |\n| --- | --- | --- |\n| [deadlock](index.md) | 死锁 | waits |\n",
        "glossary.zh.md": "# 术语表\n\n| 英文 | 中文 | 含义 |\n| --- | --- | --- |\n| deadlock | [死锁](index.md) | 等待 |\n",
    }
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    return where


def build_once(project: Path, site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one strict build of ``project``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )
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


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tiny", action="store_true", help="build a two-page project instead of the site")
    args = SCRIPT.parse_args(ap, argv)

    out = Lines()
    out(banner())
    out(f"load average at start: {os.getloadavg()[0]:.2f} (1 min)")
    with tempfile.TemporaryDirectory(prefix="build-time-") as tmp:
        project = tiny_project(Path(tmp) / "project") if args.tiny else ROOT
        walls, cpus = [], []
        for run in range(1, args.repeat + 1):
            site = Path(tmp) / f"site-{run}"
            wall, cpu = build_once(project, site)
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {run}/{args.repeat}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
        english, chinese = pages_per_edition(site)
    out(f"pages: {english} English, {chinese} Chinese (mkdocs build --strict, both editions)")
    out()
    out(f"{'run':<6}{'wall':>10}{'CPU':>10}")
    for run, (wall, cpu) in enumerate(zip(walls, cpus), start=1):
        out(f"{run:<6}{wall:>9.1f}s{cpu:>9.1f}s")
    out(f"{'median':<6}{statistics.median(walls):>9.1f}s{statistics.median(cpus):>9.1f}s")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
