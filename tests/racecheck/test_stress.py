"""The real-thread stress layer: conservation, failures, the watchdog."""

from __future__ import annotations

import queue
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from racecheck.stress import (
    Ledger,
    StressFailure,
    StressHang,
    assert_conserved,
    dump_all_stacks,
    stress,
    stress_scenario,
)

ROOT = Path(__file__).resolve().parents[2]


def producer_consumer_state():
    return {"q": queue.Queue(maxsize=4), "ledger": Ledger()}


def producer(base):
    def run(s):
        for i in range(50):
            s["q"].put(base + i)
            s["ledger"].produced(base + i)
        s["q"].put(None)

    return run


def consumer(drop_one=False):
    def run(s):
        while (item := s["q"].get(timeout=5)) is not None:
            if drop_one and item == 7:
                continue  # the bug: item 7 is taken and never recorded
            s["ledger"].consumed(item)

    return run


def test_correct_producer_consumer_conserves_items():
    before = sys.getswitchinterval()
    rounds = stress(
        producer_consumer_state,
        [producer(0), producer(1000), consumer(), consumer()],
        lambda s: s["ledger"].assert_conserved(),
        rounds=20,
        timeout=10,
    )
    assert rounds == 20
    assert sys.getswitchinterval() == before  # restored


def test_conservation_catches_a_dropped_item():
    with pytest.raises(StressFailure) as info:
        stress(
            producer_consumer_state,
            [producer(0), producer(1000), consumer(drop_one=True), consumer(drop_one=True)],
            lambda s: s["ledger"].assert_conserved(),
            rounds=3,
        )
    message = str(info.value)
    assert "round 0" in message
    assert "lost (never consumed): 7" in message


def test_assert_conserved_names_lost_duplicated_and_phantom_items():
    assert_conserved([1, 2, 3], [3, 2, 1])
    with pytest.raises(AssertionError) as info:
        assert_conserved([1, 2, 3, 4], [1, 1, 2, 9, 4, 4, 4], what="requests")
    text = str(info.value)
    assert "requests not conserved: 4 produced, 7 consumed" in text
    assert "lost (never consumed): 3" in text
    assert "duplicated (consumed more than produced): 1, 4 x2" in text
    assert "phantom (consumed, never produced): 9" in text


def test_worker_exception_is_reported_with_its_traceback():
    def boom(_):
        raise KeyError("missing")

    with pytest.raises(StressFailure, match=r"(?s)w1 raised KeyError\('missing'\).*in boom"):
        stress(lambda: None, [lambda s: None, boom], rounds=2, timeout=5)


def test_check_returning_false_fails():
    with pytest.raises(StressFailure, match="check returned False"):
        stress(lambda: [0], [lambda s: None], lambda s: False, rounds=1)


def test_stress_scenario_runs_a_racecheck_scenario_on_real_threads():
    import racecheck

    scenario = racecheck.Scenario(
        name="two puts",
        setup=queue.Queue,
        threads=[lambda q: q.put(1), lambda q: q.put(2)],
        check=lambda q: q.qsize() == 2,
        targets=[queue],
    )
    assert stress_scenario(scenario, rounds=10) == 10


def test_dump_all_stacks_lists_every_thread():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, name="parked-thread", daemon=True)
    t.start()
    try:
        text = dump_all_stacks([t])
    finally:
        stop.set()
        t.join(5)
    assert text.startswith('--- "parked-thread"')
    assert "MainThread" in text


DEADLOCK = textwrap.dedent(
    """
    import sys, threading, time
    sys.path.insert(0, {root!r})
    from racecheck.stress import StressHang, stress

    def setup():
        return threading.Lock(), threading.Lock(), threading.Barrier(2)

    def transfer_ab(s):
        a, b, both = s
        with a:
            both.wait()          # both threads hold their first lock now
            with b:
                pass

    def transfer_ba(s):
        a, b, both = s
        with b:
            both.wait()
            with a:
                pass

    start = time.monotonic()
    try:
        stress(setup, [transfer_ab, transfer_ba], rounds=5, timeout=1.0)
    except StressHang as hang:
        print(hang)
        print(f"failed after {{time.monotonic() - start:.2f}} s")
        sys.exit(3)
    sys.exit(0)
    """
)


def test_deadlock_fails_fast_with_every_stack(tmp_path):
    # A subprocess: the two deadlocked threads can never be cleaned up.
    script = tmp_path / "deadlock.py"
    script.write_text(DEADLOCK.format(root=str(ROOT)))
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True, text=True, timeout=60,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 3, proc.stdout + proc.stderr
    out = proc.stdout
    assert "round 0 did not finish within 1.0 s" in out
    assert "stress-r0-w0" in out and "stress-r0-w1" in out
    # Each hung thread's stack shows where it is blocked.
    assert "in transfer_ab" in out and "in transfer_ba" in out
    assert "with b:" in out and "with a:" in out
    assert elapsed < 30
