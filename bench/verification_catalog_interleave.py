"""The catalog scenarios under interleave-test 0.1.0 (Python >= 3.12 only).

Run by bench/verification_catalog.py, under the comparison environment
(.venv-compare: Python 3.12 with the pins of bench/requirements-compare.txt,
built on first use by ``compare_python()``); prints one JSON line per bug and
writes no file. Each racecheck Scenario becomes an interleave-test model:
build the state with ``setup()``, ``it.spawn`` one task per thread body, join
them, then run ``check``. Only the snippet module's file is traced
(``include=``), as racecheck traces only its ``targets``.

    .venv/bin/python -m bench.verification_catalog_interleave [--seeds 20] [--iterations 3000]

Run from any Python: without interleave_test it runs itself under
.venv-compare (building it the first time, about 20 s with PyPI access).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.output import ROOT, Script, python_for
from snippets.verification.catalog_cases import CASES

it = None  # interleave_test, imported by main() (it exists on Python >= 3.12 only)

SCRIPT = Script(
    __name__,
    outputs=[],
    inputs=["snippets/verification/catalog_cases.py", "snippets/verification/catalog"],
    smoke=["--seeds", "1", "--iterations", "50", "--good-iterations", "5", "--limit", "2"],
    pythons=["3.12"],
)
COMPARE_VENV = ROOT / ".venv-compare"
COMPARE_PYTHON_VERSION = SCRIPT.pythons[0]
REQUIREMENTS = ROOT / "bench" / "requirements-compare.txt"


def compare_python() -> Path:
    """The comparison environment's interpreter, built on first use."""
    python = COMPARE_VENV / "bin" / "python"
    stamp = COMPARE_VENV / ".installed-requirements"
    if not stamp.is_file() or stamp.read_text() != REQUIREMENTS.read_text():
        print(f"building {COMPARE_VENV.name} (Python {COMPARE_PYTHON_VERSION} + {REQUIREMENTS.name}) ...",
              file=sys.stderr, flush=True)
        cmd, env = python_for(COMPARE_PYTHON_VERSION)
        subprocess.run([*cmd, "-m", "venv", str(COMPARE_VENV)], check=True, env=dict(os.environ, **env))
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(REQUIREMENTS.read_text())
    return python


def model_of(scenario):
    def model():
        state = scenario.setup()
        tasks = [it.spawn(body, state) for body in scenario.threads]
        for task in tasks:
            task.join()
        if scenario.check is not None:
            assert scenario.check(state) is not False, "check returned False"

    return model


def explore(scenario, module, seed, iterations):
    return it.explore(
        model_of(scenario), iterations=iterations, seed=seed, strategy="pct",
        include=[module.__file__], raise_on_failure=False, timeout=10.0,
    )


def main(argv=None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--iterations", type=int, default=3000)
    ap.add_argument("--good-iterations", type=int, default=120,
                    help="schedules per correct version (racecheck.verify's default budget is 120)")
    ap.add_argument("--limit", type=int, default=None, help="only the first LIMIT bugs")
    args = SCRIPT.parse_args(ap, argv)
    global it
    try:
        import interleave_test as it
    except ImportError:  # run under the comparison environment instead
        argv = sys.argv[1:] if argv is None else argv
        proc = subprocess.run([str(compare_python()), "-m", SCRIPT.module, *argv], cwd=ROOT)
        raise SystemExit(proc.returncode)
    print(f"compare: interleave-test {it.__version__} on Python {sys.version.split()[0]}, "
          f"strategy pct, {args.iterations} iterations per bad version, "
          f"{args.good_iterations} per correct version")
    for case in CASES[: args.limit]:
        row = {"case": case.name, "seeds": args.seeds, "found": 0, "times": [], "alarms": 0}
        try:
            for seed in range(args.seeds):
                start = time.perf_counter()
                result = explore(case.scenario(case.bad), case.bad, seed, args.iterations)
                elapsed = time.perf_counter() - start
                if result.failure is not None:
                    row["found"] += 1
                    row["times"].append(elapsed)
                else:
                    row["times"].append(None)
                good = explore(case.scenario(case.good), case.good, seed, args.good_iterations)
                if good.failure is not None:
                    row["alarms"] += 1
        except Exception as exc:  # the tool cannot run this scenario at all
            row["unsupported"] = f"{type(exc).__name__}: {exc}"[:120]
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
