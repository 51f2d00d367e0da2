"""The collective-hang experiment: two gloo ranks per loop, bounded by timeouts.

One run of the bench script starts the correct loop, the known-bad loop and
the known-bad loop with TORCH_DISTRIBUTED_DEBUG=DETAIL at once (six
processes), each with a 2-second process-group timeout and a hard deadline
after which every rank is killed, so a hang can never hold up the suite.
"""

import pytest

from tests.analysis.helpers import ROOT
from tests.support import generated
from tests.support.optional import require

require("torch")  # the ranks import it; this process does not need to

SCRIPT = "bench/analysis_collective_hang.py"
FIGURE = "snippets/analysis/figures/collective_hang.md"
# The first test using run_text pays for six processes importing torch: seconds on
# an idle machine, minutes on a loaded one. The ranks' own 2-second timeouts and
# the script's hard deadline bound every hang; this only lifts the per-test limit.
SLOW_START = pytest.mark.timeout(900)


def test_only_rank_1_misses_data_and_only_at_step_1():
    from snippets.analysis import collectives, collectives_bad

    missing = [(r, s) for r in (0, 1) for s in range(collectives.STEPS) if not collectives.has_data(r, s)]
    assert missing == [(1, 1)]
    assert collectives_bad.has_data is collectives.has_data  # the bad loop differs only in its loop


@pytest.fixture(scope="module")
def run_text(tmp_path_factory):
    # With the checks of tests/bench/test_smoke.py (it writes exactly its
    # declared files, with valid headers), which therefore skips this script.
    out_dir = tmp_path_factory.mktemp("collectives")
    problems = generated.run_problems(ROOT, SCRIPT, out_dir, ["--timeout", "2"], timeout=900)
    assert not problems, "\n".join(problems)
    return (out_dir / FIGURE).read_text()


def section(text, title):
    part = text.split(f"== {title}", 1)[1]
    return part.split("\n== ", 1)[0]


@SLOW_START
def test_correct_loop_sums_every_step(run_text):
    good = section(run_text, "correct loop")
    for rank in (0, 1):
        for step, total in [(0, 11), (1, 2), (2, 33)]:
            assert f"rank {rank} step {step}: all_reduce -> {total}\n" in good
    assert good.count("(exit code 0)") == 2


@SLOW_START
def test_skipped_all_reduce_mixes_steps_then_times_out(run_text):
    bad = section(run_text, "rank 1 skips step 1")
    assert "rank 0 step 1: all_reduce -> 32" in bad  # rank 0's step 1 + rank 1's step 2
    assert "rank 1 step 2: all_reduce -> 32" in bad
    assert "rank 0 raised after" in bad and "Timed out waiting 2000ms" in bad
    assert "killed at the deadline" not in bad


@SLOW_START
def test_detail_debug_names_the_missing_rank(run_text):
    detail = section(run_text, "the same, TORCH_DISTRIBUTED_DEBUG=DETAIL")
    assert "rank 0 step 1: all_reduce -> 32" in detail  # the check did not catch the skip
    assert "Ranks 1 failed to pass monitoredBarrier in 2000 ms" in detail


def test_page_shows_a_run_of_the_script():
    from bench.output import body_of, parse_header

    text = (ROOT / FIGURE).read_text()
    assert parse_header(text).script == SCRIPT
    text = body_of(text)
    assert text.startswith("```text\n$ .venv/bin/python -m bench.analysis_collective_hang")
    assert "machine:" in text and "libraries: torch 2.13.0" in text
    for line in ["all_reduce -> 32", "Timed out waiting 2000ms", "Ranks 1 failed to pass monitoredBarrier"]:
        assert line in text
    # The deadlocks page discusses the flight-recorder run: the recorded run must include it.
    fr = section(text, "the same, TORCH_FR_BUFFER_SIZE=2000")
    assert "Timed out waiting 2000ms" in fr and "killed at the deadline" not in text
