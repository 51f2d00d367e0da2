"""Every bench script still runs: its --smoke mode (tiny sizes, seconds).

Each script runs as the reader runs it (``python -m bench.<name>`` from the
repository root, in its own process, so a hung thread cannot outlive it),
writing into a temporary folder, never over the published figures. The run
must succeed and write exactly the files the script declares, each with a
valid header naming the script and its current hash. Nothing is compared
with the published figures: sizes differ and timings are never compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import generated

ROOT = Path(__file__).resolve().parents[2]
# Scripts still to be moved to bench.output (issue 14); this list only shrinks.
NOT_YET_MIGRATED = {
    "bench/analysis_bytecode.py",
    "bench/analysis_collective_hang.py",
    "bench/analysis_numpy_races.py",
    "bench/problems_leetcode_real_threads.py",
    "bench/problems_primitives_queue.py",
    "bench/seed_review_polling.py",
    "bench/seed_review_pop0.py",
    "bench/verification_catalog.py",
    "bench/verification_catalog_interleave.py",
    "bench/verification_linearizability.py",
    "bench/verification_report.py",
}
SCRIPTS = [s for s in generated.script_paths(ROOT) if s not in NOT_YET_MIGRATED]


def test_not_yet_migrated_scripts_exist():
    # The allowance cannot hide a new script: only existing names are listed.
    assert NOT_YET_MIGRATED <= set(generated.script_paths(ROOT))


@pytest.mark.parametrize("script", SCRIPTS)
def test_smoke_run(script, tmp_path):
    problems = generated.smoke_problems(ROOT, script, tmp_path)
    assert not problems, "\n".join(problems)
