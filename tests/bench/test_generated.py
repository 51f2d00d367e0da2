"""Every figure on the site comes from a bench script and is up to date.

Nothing is re-measured here: the check reads the headers bench/output.py
writes (script hash, inputs hash, content hash) and the pages' includes.
The rules are in tests/support/generated.py; the proof that each rule can
fail is in tests/bench/test_generated_catches.py.
"""

from pathlib import Path

from tests.support import generated

ROOT = Path(__file__).resolve().parents[2]


from tests.bench.test_smoke import NOT_YET_MIGRATED

# Pages whose figures are still typed in or spliced (issue 14); only shrinks.
PAGES_NOT_YET_MIGRATED = {
    "docs/analysis/data-races.md",
    "docs/analysis/deadlocks.md",
    "docs/analysis/python-runtime.md",
    "docs/problems/leetcode/index.md",
    "docs/problems/primitives/bounded-queue.md",
    "docs/seed-review/coding-answers.md",
    "docs/verification/catalog.md",
    "docs/verification/index.md",
}


def test_every_generated_file_is_declared_fresh_and_included():
    problems = [
        p for p in generated.problems(ROOT)
        if p.path not in NOT_YET_MIGRATED and p.path not in PAGES_NOT_YET_MIGRATED
    ]
    assert not problems, "\n" + "\n".join(map(str, problems))


def test_there_are_bench_scripts():
    # Guards the discovery itself: an empty list would make every check pass.
    assert len(generated.script_paths(ROOT)) >= 10
