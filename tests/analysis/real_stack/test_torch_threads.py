"""torch.set_num_threads vs Python threads: the facts, not the timings."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from tests.support.optional import lazy, require

torch = require("torch")

torch_threads = lazy("snippets.analysis.real_stack.torch_threads")
from tests.support.threads import within  # noqa: E402


def test_the_build_uses_the_openmp_backend_the_page_describes():
    assert "ATen parallel backend: OpenMP" in torch.__config__.parallel_info()


def test_set_num_threads_in_a_worker_reaches_new_threads_but_not_initialized_ones():
    original = torch.get_num_threads()
    other = 1 if original != 1 else 2
    assert torch_threads.num_threads_as_seen(other) == {
        "main thread, before": original,
        "worker thread that set it": other,
        "main thread, after": original,
        "thread started after": other,
    }
    assert torch.get_num_threads() == original  # restored


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
@pytest.mark.skipif("OMP_NUM_THREADS" in os.environ, reason="OMP_NUM_THREADS sets every thread's default")
def test_a_new_thread_that_only_multiplies_does_not_copy_the_setting():
    """torch.set_num_threads(1) reaches a new thread's torch.mm only once the
    thread went through ATen's parallel layer; torch.mm alone (MKL) uses the
    OpenMP default, one thread per core."""
    original = torch.get_num_threads()
    copied = within(lambda: torch_threads.os_threads_multiplying(1, copy_first=True), timeout=30)
    mm_only = within(lambda: torch_threads.os_threads_multiplying(1, copy_first=False), timeout=30)
    assert copied == 1
    if len(os.sched_getaffinity(0)) > 1:
        assert mm_only > 1
    assert torch.get_num_threads() == original


def test_thread_count_probe_gives_up_at_its_deadline(monkeypatch):
    """A probe thread stuck before its first product must not hang the caller."""
    stuck = threading.Event()
    monkeypatch.setattr(torch_threads.torch, "randn", lambda *a, **k: stuck.wait(30))
    original = torch.get_num_threads()
    try:
        with pytest.raises(RuntimeError, match="did not multiply within 0.2 s"):
            within(lambda: torch_threads.os_threads_multiplying(1, copy_first=True, deadline=0.2), timeout=20)
    finally:
        stuck.set()
    assert torch.get_num_threads() == original


def test_matmul_rate_counts_work_and_restores_the_setting():
    original = torch.get_num_threads()
    # within: the workers stop when told to, long before their join deadline
    rate = within(lambda: torch_threads.matmul_rate(2, 1, size=32, seconds=0.05), timeout=30)
    assert rate.per_second > 0 and rate.per_cpu_second > 0
    assert torch.get_num_threads() == original


def test_matmul_rate_stops_its_workers_when_it_fails_midway():
    """An error after the workers started (here: a negative duration) must still stop them."""
    original = torch.get_num_threads()
    before = set(threading.enumerate())
    with pytest.raises(ValueError):
        torch_threads.matmul_rate(2, 1, size=8, seconds=-1)
    deadline = time.monotonic() + 10
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not set(threading.enumerate()) - before, "matmul_rate left its worker threads running"
    assert torch.get_num_threads() == original
