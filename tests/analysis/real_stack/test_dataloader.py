"""DataLoader workers and per-worker seeding; fork while another thread holds a lock."""

from __future__ import annotations

from tests.support.optional import require

torch = require("torch")

from snippets.analysis.real_stack import dataloader_seeding as good  # noqa: E402
from snippets.analysis.real_stack import dataloader_seeding_bad as bad  # noqa: E402
from snippets.analysis.real_stack import fork_after_threads  # noqa: E402


def params(items):
    return [p for _, _, p in items]


def test_without_worker_init_fn_both_workers_draw_the_same_stream():
    items = good.draws(bad.make_loader(good.AugmentedDataset(8), workers=2))
    assert [i for i, _, _ in items] == list(range(8))
    assert {w for _, w, _ in items} == {0, 1}
    worker0 = [p for _, w, p in items if w == 0]
    worker1 = [p for _, w, p in items if w == 1]
    assert worker0 == worker1  # the dataset's RNG was copied, state and all


def test_seed_worker_gives_each_worker_its_own_stream():
    items = good.draws(good.make_loader(good.AugmentedDataset(8), workers=2))
    assert {w for _, w, _ in items} == {0, 1}
    assert len(set(params(items))) == 8


def test_a_fixed_generator_seed_makes_runs_identical_and_another_seed_differs():
    run = lambda seed: good.draws(good.make_loader(good.AugmentedDataset(8), seed=seed))  # noqa: E731
    assert run(1234) == run(1234)
    assert params(run(1234)) != params(run(4321))


def test_in_the_main_process_the_dataset_reports_no_worker():
    assert good.AugmentedDataset(2)[0][1] == -1


def test_a_lock_held_by_another_thread_at_fork_is_locked_forever_in_the_child():
    result = fork_after_threads.fork_while_another_thread_holds_a_lock(try_for=0.2)
    assert result == {
        "parent: lock free again after the holder released it": True,
        "child": "1 thread(s); lock acquired: False",
        "child exit": "exit status 0",
    }
