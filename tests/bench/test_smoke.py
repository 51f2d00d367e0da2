"""Every bench script still runs: its --smoke mode (tiny sizes, seconds), or,
for a script that another test runs in a fuller mode with the same checks
(RUN_BY_ANOTHER_TEST), that run.

Each script runs as the reader runs it (``python -m bench.<name>`` from the
repository root, in its own process, so a hung thread cannot outlive it),
writing into a temporary folder, never over the published figures. The run
must succeed and write exactly the files the script declares, each with a
valid header naming the script and its current hash. Nothing is compared
with the published figures: sizes differ and timings are never compared.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import generated

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = generated.script_paths(ROOT)
# Scripts another test already runs in a mode that covers the smoke mode, with
# the same checks (tests/support/generated.py's run_problems): a smoke run
# would repeat it (six processes importing torch, for this one).
RUN_BY_ANOTHER_TEST = {"bench/analysis_collective_hang.py": "tests/analysis/test_collectives.py"}


def test_every_script_is_smoke_tested():
    # Guards the discovery: an empty or short list would make the smoke tests vacuous.
    assert len(SCRIPTS) >= 13, SCRIPTS


def test_scripts_run_by_another_test_are_checked_there():
    for script, test in RUN_BY_ANOTHER_TEST.items():
        assert script in SCRIPTS, script
        source = (ROOT / test).read_text(encoding="utf-8")
        assert "generated.run_problems(" in source and f'"{script}"' in source, (script, test)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s not in RUN_BY_ANOTHER_TEST])
def test_smoke_run(script, tmp_path):
    missing = generated.missing_pythons(ROOT, script)
    if missing and not os.environ.get("CI"):  # as make test-versions: under CI it must run
        pytest.skip(f"{script} needs Python {', '.join(missing)} (pyenv install); CI runs it")
    problems = generated.smoke_problems(ROOT, script, tmp_path)
    assert not problems, "\n".join(problems)


def test_bench_runs_smoke_modes_side_by_side(capsys):
    """`python -m bench --smoke --jobs 2`: every chosen script once, a line each, the wall time last."""
    from bench.__main__ import main

    assert main(["--smoke", "--jobs", "2", "--only", "seed_review_pop0", "problems_primitives_queue"]) == 0
    out = capsys.readouterr().out
    assert "bench.seed_review_pop0: ok in" in out and "bench.problems_primitives_queue: ok in" in out
    assert "\n2 scripts in " in out and ", 2 at a time (" in out
