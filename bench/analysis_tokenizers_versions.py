"""A shared fast tokenizer under real threads, on several `tokenizers` releases.

Each release gets its own virtual environment under .cache/bench-venvs/
(created once, `pip install tokenizers==X` into it), and runs
snippets/analysis/real_stack/tokenizers_experiment.py there, --repeat times
in fresh processes. The table shows, per release and pattern, the calls that
returned the requested length, those that returned another thread's length,
and those that raised (min-max over the runs).

    .venv/bin/python bench/analysis_tokenizers_versions.py [--versions 0.22.2,0.23.3] [--repeat 5]

--reuse-current runs a version equal to the one installed here with this
interpreter instead of a new environment (the test suite's smoke run).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import banner  # noqa: E402
from bench.output import Output, add_markdown_option  # noqa: E402

DEFAULT_VERSIONS = "0.22.2,0.23.3"
CACHE = ROOT / ".cache" / "bench-venvs"
EXPERIMENT = "snippets.analysis.real_stack.tokenizers_experiment"
RUN_TIMEOUT = 300


def environment(version: str, reuse_current: bool) -> Path:
    """The Python that has tokenizers==version: this one, or a cached venv."""
    try:
        installed = metadata.version("tokenizers")
    except metadata.PackageNotFoundError:
        installed = None
    if reuse_current and installed == version:
        return Path(sys.executable)
    tag = f"py{sys.version_info.major}.{sys.version_info.minor}"
    env = CACHE / f"tokenizers-{version}-{tag}"
    python = env / "bin" / "python"
    stamp = env / ".installed"
    if not stamp.exists():
        print(f"creating {env.relative_to(ROOT)} (pip install tokenizers=={version})", flush=True)
        venv.create(env, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             f"tokenizers=={version}"],
            check=True, timeout=RUN_TIMEOUT,
        )
        stamp.touch()
    return python


def measure(python: Path, threads: int, calls: int, words: int) -> dict:
    proc = subprocess.run(
        [str(python), "-m", EXPERIMENT, "--threads", str(threads), "--calls", str(calls),
         "--words", str(words)],
        cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=True,
    )
    return json.loads(proc.stdout)


def span(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", default=DEFAULT_VERSIONS, help="comma-separated tokenizers releases")
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--calls", type=int, default=125, help="calls per thread")
    ap.add_argument("--words", type=int, default=400, help="words in the encoded text")
    ap.add_argument("--repeat", type=int, default=5, help="runs per release (fresh processes)")
    ap.add_argument("--reuse-current", action="store_true",
                    help="run the installed release with this interpreter, no new venv")
    add_markdown_option(ap)
    args = ap.parse_args(argv)

    out = Output()
    out(banner())
    out(f"threads: {args.threads}, calls per thread: {args.calls}, words per text: {args.words}, "
        f"runs per release: {args.repeat} (min-max shown)")
    for version in args.versions.split(","):
        python = environment(version, args.reuse_current)
        runs = [measure(python, args.threads, args.calls, args.words) for _ in range(args.repeat)]
        assert {r["tokenizers"] for r in runs} == {version}, "the environment has another release"
        out()
        out(f"tokenizers {version} (Python {runs[0]['python']}, its own environment)")
        out(f"  {'pattern':32} {'calls':>7} {'correct':>11} {'wrong length':>13} {'raised':>11}")
        for name in runs[0]["patterns"]:
            rows = [r["patterns"][name] for r in runs]
            raised = [sum(row["errors"].values()) for row in rows]
            out(f"  {name:32} {rows[0]['calls']:>7} {span([r['correct'] for r in rows]):>11} "
                f"{span([r['wrong_length'] for r in rows]):>13} {span(raised):>11}")
            messages = sorted({m for row in rows for m in row["errors"]})
            for message in messages:
                out(f"      raised: {message}")
    out()
    out("correct: exactly this thread's max_length ids; wrong length: another thread's max_length")
    command = (f".venv/bin/python bench/analysis_tokenizers_versions.py --versions {args.versions} "
               f"--threads {args.threads} --calls {args.calls} --words {args.words} "
               f"--repeat {args.repeat}")
    out.write_markdown(args.markdown, command)


if __name__ == "__main__":
    main()
