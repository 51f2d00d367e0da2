"""PyTorch 2.13.0 (CPU): grad mode is thread-local; .grad accumulation from threads."""

from __future__ import annotations

import racecheck

from tests.support.optional import lazy, pinned_version, require

torch = require("torch")

accumulation = lazy("snippets.analysis.real_stack.torch_grad_accumulation")
good = lazy("snippets.analysis.real_stack.torch_grad_mode")
bad = lazy("snippets.analysis.real_stack.torch_grad_mode_bad")


def linear():
    torch.manual_seed(0)
    return torch.nn.Linear(4, 2)


def test_the_pinned_torch_is_the_one_installed():
    assert torch.__version__.split("+")[0] == pinned_version("torch")


def test_a_thread_started_inside_no_grad_records_gradients():
    assert good.grad_mode_in_new_thread() == {
        "caller, inside no_grad": False,
        "worker thread": True,
    }


def test_the_pool_that_enters_inference_mode_in_the_worker_records_no_graph():
    model, x = linear(), torch.ones(3, 4)
    pool = good.InferencePool(model)
    try:
        outs = [f.result(timeout=30) for f in [pool.submit(x) for _ in range(8)]]
    finally:
        pool.close()
    assert all(not y.requires_grad and y.grad_fn is None for y in outs)
    with torch.no_grad():
        expected = model(x)
    assert all(torch.equal(y, expected) for y in outs)


def test_the_pool_whose_caller_enters_no_grad_records_a_graph_per_request():
    model, x = linear(), torch.ones(3, 4)
    pool = bad.InferencePool(model)
    try:
        outs = [f.result(timeout=30) for f in [pool.submit(x) for _ in range(8)]]
    finally:
        pool.close()
    assert all(y.requires_grad and y.grad_fn is not None for y in outs)


def test_backward_from_threads_loses_no_contribution_but_grad_is_not_per_thread():
    result = accumulation.backward_from_threads(threads=4, steps=30, size=64)
    assert torch.equal(result.grad, result.expected)  # exact: float64, integer values
    assert result.reads == 4 * 30
    # Not asserted: how many reads saw other threads' contributions (timing-dependent;
    # bench/analysis_torch_autograd.py measures it).
    assert 0 <= result.foreign_reads <= result.reads


def test_autograd_grad_gives_each_thread_its_own_gradient():
    sums = accumulation.per_thread_gradients(threads=4, steps=30, size=64)
    for t, s in enumerate(sums):
        assert torch.equal(s, torch.full((64,), 30.0 * (t + 1), dtype=torch.float64))
    assert torch.equal(sum(sums), accumulation.backward_from_threads(4, 30, 64).expected)


def test_the_read_counters_shared_by_the_backward_threads_lose_no_count():
    """reads/foreign are shared by the threads: under every interleaving each read counts once."""

    def check(s):
        result = s["result"]
        assert torch.equal(result.grad, result.expected)
        assert result.reads == 2 * 2
        assert 0 <= result.foreign_reads <= result.reads
        return True

    racecheck.verify(
        racecheck.Scenario(
            name="torch autograd: two threads backward into one leaf and count their reads",
            setup=dict,
            threads=[lambda s: s.__setitem__("result", accumulation.backward_from_threads(threads=2, steps=2,
                                                                                          size=4))],
            check=check,
            targets=[accumulation],
            timeouts="lazy",  # the join deadline is a safety net, not part of what is checked
        )
    )
