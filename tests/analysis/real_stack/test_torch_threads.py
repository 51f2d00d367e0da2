"""torch.set_num_threads vs Python threads: the facts, not the timings."""

from __future__ import annotations

from tests.support.optional import require

torch = require("torch")

from snippets.analysis.real_stack import torch_threads  # noqa: E402


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


def test_matmul_rate_counts_work_and_restores_the_setting():
    original = torch.get_num_threads()
    rate = torch_threads.matmul_rate(2, 1, size=32, seconds=0.05)
    assert rate.per_second > 0 and rate.per_cpu_second > 0
    assert torch.get_num_threads() == original
