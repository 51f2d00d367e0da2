"""The catalog scenarios under interleave-test 0.1.0 (Python >= 3.12 only).

Run by bench/verification_catalog.py --compare-python; prints one JSON line
per bug. Each racecheck Scenario becomes an interleave-test model: build the
state with ``setup()``, ``it.spawn`` one task per thread body, join them,
then run ``check``. Only the snippet module's file is traced (``include=``),
as racecheck traces only its ``targets``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import interleave_test as it  # noqa: E402

from snippets.verification.catalog_cases import CASES  # noqa: E402


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--iterations", type=int, default=3000)
    ap.add_argument("--good-iterations", type=int, default=120,
                    help="schedules per correct version (racecheck.verify's default budget is 120)")
    args = ap.parse_args()
    print(f"compare: interleave-test {it.__version__} on Python {sys.version.split()[0]}, "
          f"strategy pct, {args.iterations} iterations per bad version, "
          f"{args.good_iterations} per correct version")
    for case in CASES:
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
