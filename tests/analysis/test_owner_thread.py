"""The owner-thread accumulator under racecheck (its owner thread is a thread of the run)."""

import racecheck

from snippets.analysis import owner_thread, owner_thread_bad
from tests.analysis.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads


def writers_then_close(make, mod):
    import threading

    def setup():
        return {"acc": make(), "result": [], "both_written": threading.Barrier(2)}

    def writer_then_closer(s):
        s["acc"].add("k", 1)
        s["acc"].add("j", 2)
        s["both_written"].wait()  # close only after the other writer's add
        s["result"].append(s["acc"].close())

    def writer(s):
        s["acc"].add("k", 4)
        s["both_written"].wait()

    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: two writers, then close",
        setup=setup,
        threads=[writer_then_closer, writer],
        check=lambda s: s["result"] == [{"k": 5, "j": 2}],
        targets=[mod],
    )


def test_close_returns_every_add():
    racecheck.verify(writers_then_close(owner_thread.OwnerThreadAccumulator, owner_thread))


def test_bad_close_misses_adds_and_the_page_shows_it():
    scenario = writers_then_close(owner_thread_bad.HastyOwnerThreadAccumulator, owner_thread_bad)
    check_published(scenario, COUNTEREXAMPLES / "owner_thread_bad.txt", kind="invariant")


def test_real_threads_exact_sums():
    acc = owner_thread.OwnerThreadAccumulator()
    run_threads(*[lambda: [acc.add(i % 3, 1) for i in range(3000)]] * 4)
    assert acc.close(timeout=10) == {0: 4000, 1: 4000, 2: 4000}
