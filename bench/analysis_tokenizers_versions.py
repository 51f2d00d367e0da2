"""A shared fast tokenizer under real threads, on several `tokenizers` releases.

Each release gets its own virtual environment under .cache/bench-venvs/
(created once, `pip install tokenizers==X` into it), and runs
snippets/analysis/real_stack/tokenizers_experiment.py there, --repeat times
in fresh processes. The table shows, per release and pattern, the calls that
returned the requested length, those that returned another thread's length,
and those that raised (min-max over the runs).

It also runs the fork probe of snippets/analysis/real_stack/tokenizers_fork.py
(encode_batch on the Rust pool, fork, the child exits) in the environment of
each --fork-versions release, --repeat times, and writes a second figure:
per release, in how many runs the old "The current process just got forked"
warning was printed.

    .venv/bin/python -m bench.analysis_tokenizers_versions [--versions 0.22.2,0.23.3] [--repeat 5]
        [--fork-versions 0.21.0,0.22.0,0.22.1,0.22.2,0.23.3]

"installed" in --versions means the release installed here; --reuse-current
runs that one with this interpreter instead of a new environment (the
--smoke run does both, so the test suite creates no environment).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

from bench.machine import banner
from bench.output import Lines, Script

SCRIPT = Script(
    __name__,
    outputs=[
        "snippets/analysis/real_stack/figures/tokenizers.md",
        "snippets/analysis/real_stack/figures/tokenizers_fork.md",
    ],
    inputs=[
        "snippets/analysis/real_stack/tokenizers_shared.py",
        "snippets/analysis/real_stack/tokenizers_shared_bad.py",
        "snippets/analysis/real_stack/tokenizers_experiment.py",
        "snippets/analysis/real_stack/tokenizers_fork.py",
    ],
    smoke=["--versions", "installed", "--fork-versions", "installed", "--reuse-current",
           "--threads", "4", "--calls", "10", "--words", "20", "--repeat", "1"],
    libraries=("tokenizers",),
)
ROOT = Path(__file__).resolve().parents[1]

DEFAULT_VERSIONS = "0.22.2,0.23.3"
# The fork warning: the last releases that printed it, the first that did not, the pin.
DEFAULT_FORK_VERSIONS = "0.21.0,0.22.0,0.22.1,0.22.2,0.23.3"
CACHE = ROOT / ".cache" / "bench-venvs"
EXPERIMENT = "snippets.analysis.real_stack.tokenizers_experiment"
# Runs the snippet's probe with the environment's Python (the probe starts a
# fresh interpreter, sys.executable, with TOKENIZERS_PARALLELISM unset).
FORK_PROBE = """
import json
from snippets.analysis.real_stack.tokenizers_fork import OLD_WARNING, fork_after_parallel_encode
version, output = fork_after_parallel_encode()
print(json.dumps({"tokenizers": version, "warned": OLD_WARNING in output, "output": output}))
"""
RUN_TIMEOUT = 300


def installed() -> str | None:
    try:
        return metadata.version("tokenizers")
    except metadata.PackageNotFoundError:
        return None


def environment(version: str, reuse_current: bool) -> Path:
    """The Python that has tokenizers==version: this one, or a cached venv."""
    if reuse_current and installed() == version:
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


def probe_fork(python: Path) -> dict:
    proc = subprocess.run(
        [str(python), "-c", FORK_PROBE],
        cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=True,
    )
    return json.loads(proc.stdout)


def resolve(version: str) -> str:
    return installed() if version == "installed" else version


def where(python: Path) -> str:
    return "this interpreter" if python == Path(sys.executable) else "its own environment"


def fork_figure(args) -> str:
    """Per release: in how many runs a fork after encode_batch printed the old warning."""
    out = Lines()
    out(banner())
    out("probe:   snippets/analysis/real_stack/tokenizers_fork.py, TOKENIZERS_PARALLELISM unset:")
    out("         encode_batch on the Rust pool, fork, the child exits at once")
    out(f"runs per release: {args.repeat} (fresh processes)")
    out()
    out(f"{'tokenizers':11} {'Python':8} {'ran in':20} fork warning printed")
    printed: dict[str, list[str]] = {}  # each distinct output (in order) -> the releases that printed it
    for version in map(resolve, args.fork_versions.split(",")):
        python = environment(version, args.reuse_current)
        runs = [probe_fork(python) for _ in range(args.repeat)]
        assert {r["tokenizers"] for r in runs} == {version}, "the environment has another release"
        warned = sum(r["warned"] for r in runs)
        verdict = "no" if warned == 0 else "yes" if warned == len(runs) else "sometimes"
        out(f"{version:11} {platform_python(python):8} {where(python):20} "
            f"{verdict} ({warned} of {len(runs)} runs)")
        for r in runs:
            text = r["output"].expandtabs(4).strip("\n")
            if text and version not in printed.setdefault(text, []):
                printed[text].append(version)
    for text, versions in printed.items():
        out()
        out(f"printed by {', '.join(versions)} (parent and child, besides the probe's own line):")
        for line in text.splitlines():
            out(f"  {line}".rstrip())
    if not printed:
        out()
        out("no release printed anything besides the probe's own line")
    return out.text_block(SCRIPT.command(args))


def platform_python(python: Path) -> str:
    if python == Path(sys.executable):
        return ".".join(map(str, sys.version_info[:3]))
    proc = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT, check=True)
    return proc.stdout.strip()


def span(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--versions", default=DEFAULT_VERSIONS,
                    help='comma-separated tokenizers releases; "installed" = the one installed here')
    ap.add_argument("--fork-versions", default=DEFAULT_FORK_VERSIONS,
                    help='releases for the fork probe (second figure); "installed" as in --versions')
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--calls", type=int, default=125, help="calls per thread")
    ap.add_argument("--words", type=int, default=400, help="words in the encoded text")
    ap.add_argument("--repeat", type=int, default=5, help="runs per release (fresh processes)")
    ap.add_argument("--reuse-current", action="store_true",
                    help="run the installed release with this interpreter, no new venv")
    args = SCRIPT.parse_args(ap, argv)

    out = Lines()
    out(banner())
    out(f"threads: {args.threads}, calls per thread: {args.calls}, words per text: {args.words}, "
        f"runs per release: {args.repeat} (min-max shown)")
    for version in map(resolve, args.versions.split(",")):
        python = environment(version, args.reuse_current)
        runs = [measure(python, args.threads, args.calls, args.words) for _ in range(args.repeat)]
        assert {r["tokenizers"] for r in runs} == {version}, "the environment has another release"
        out()
        out(f"tokenizers {version} (Python {runs[0]['python']}, {where(python)})")
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
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output=SCRIPT.outputs[0])
    SCRIPT.write(args, fork_figure(args), output=SCRIPT.outputs[1])


if __name__ == "__main__":
    main()
