"""Regenerate the racecheck failure reports shown on docs/seed-review/coding-answers.md.

Run from the repository root:

    .venv/bin/python bench/seed_review_counterexamples.py

For each known-bad variant in tests/seed_review/scenarios.py (COUNTEREXAMPLES)
this searches for a failing schedule from seed 0 and writes the report to
snippets/seed_review/counterexamples/<name>.txt. The first line records the
Python version: schedules are bytecode-level, so another version gives other
step numbers. tests/seed_review/test_racecheck.py replays every stored
schedule on the same Python version and checks it still fails the same way.
"""

import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import racecheck  # noqa: E402
from tests.seed_review.scenarios import COUNTEREXAMPLES  # noqa: E402

OUT = ROOT / "snippets" / "seed_review" / "counterexamples"


def main():
    OUT.mkdir(exist_ok=True)
    for name, (make, kind) in COUNTEREXAMPLES.items():
        failure = racecheck.expect_failure(make(), kind=kind, seed=0)
        text = f"Python {platform.python_version()}, racecheck, seed 0\n{failure}\n"
        (OUT / f"{name}.txt").write_text(text, encoding="utf-8")
        print(f"{name}: {failure.kind}, {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
