import threading
import time
import types

import pytest
import racecheck

from snippets.problems.primitives import model_registry, rw_lock
from snippets.problems.primitives import rw_lock_reader_preference_bad as reader_pref_bad
from snippets.problems.primitives import rw_lock_timeout_bad as timeout_bad
from snippets.problems.primitives import rw_lock_writer_overlap_bad as writer_overlap_bad
from snippets.problems.primitives.model_registry import ModelRegistry
from snippets.problems.primitives.rw_lock import RWLock
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads, within


# --- contract ---------------------------------------------------------------

def test_readers_share_writers_exclude():
    lock = RWLock()
    assert lock.acquire_read() and lock.acquire_read(blocking=False)
    assert not lock.acquire_write(blocking=False)
    assert not within(lambda: lock.acquire_write(timeout=0.01))
    lock.release_read()
    lock.release_read()
    assert lock.acquire_write(blocking=False)
    assert not lock.acquire_read(blocking=False)
    assert not within(lambda: lock.acquire_read(timeout=0.01))
    lock.release_write()


def test_a_waiting_writer_keeps_new_readers_out():
    lock = RWLock()
    lock.acquire_read()
    writer = threading.Thread(target=lambda: (lock.acquire_write(), lock.release_write()))
    writer.start()
    deadline = time.monotonic() + 5
    while lock.writers_waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert lock.writers_waiting == 1
    assert not lock.acquire_read(blocking=False)  # writer preference
    lock.release_read()
    writer.join(5)
    assert not writer.is_alive()
    assert lock.acquire_read(blocking=False)


def test_a_writer_that_times_out_lets_readers_in():
    lock = RWLock()
    lock.acquire_read()
    got_read = []

    def reader():
        start = time.monotonic()
        got_read.append(lock.acquire_read(timeout=5))
        got_read.append(time.monotonic() - start)

    def writer():
        assert not within(lambda: lock.acquire_write(timeout=0.05))  # a reader holds it

    # The reader may arrive while the writer waits; it must get in as soon
    # as the writer gives up, not when its own 5 s timeout runs out.
    run_threads(writer, reader)
    assert got_read[0] is True and got_read[1] < 2.5


@pytest.mark.parametrize("call, message", [
    (lambda lock: lock.acquire_read(blocking=False, timeout=1),
     "can't specify a timeout for a non-blocking call"),
    (lambda lock: lock.acquire_write(blocking=False, timeout=1),
     "can't specify a timeout for a non-blocking call"),
    (lambda lock: lock.acquire_read(timeout=-2), "timeout value must be a non-negative number"),
    (lambda lock: lock.acquire_write(timeout=-0.5), "timeout value must be a non-negative number"),
])
def test_arguments_are_checked_like_threading_Lock(call, message):
    with pytest.raises(ValueError) as ours:
        call(RWLock())
    assert str(ours.value) == message
    # The same checks as threading.Lock.acquire (its messages as of Python 3.13;
    # 3.11 and 3.12 say "timeout value must be positive").
    stdlib_call = {"can't": lambda: threading.Lock().acquire(False, 1),
                   "timeout": lambda: threading.Lock().acquire(True, -2)}[message.split()[0]]
    with pytest.raises(ValueError, match=message.split(" must")[0]):
        stdlib_call()


def test_release_without_acquire_raises():
    lock = RWLock()
    with pytest.raises(RuntimeError, match="not held for reading"):
        lock.release_read()
    with pytest.raises(RuntimeError, match="not held for writing"):
        lock.release_write()


def test_registry_swap_and_infer():
    registry = ModelRegistry({"a": [1.0, 1.0], "b": [1.0]})
    assert registry.infer(3.0) == (0, 3.0 * 2.0 * 1.0)
    registry.swap({"a": [2.0, 2.0], "b": [2.0]}, version=1)
    assert registry.infer(1.0) == (1, 4.0 * 2.0)
    assert registry.snapshot() == (1, {"a": [2.0, 2.0], "b": [2.0]})


# --- real threads -----------------------------------------------------------

def uniform_weights(v):
    return {"a": [float(v)] * 4, "b": [float(v)] * 4}


def consistent(snapshot):
    version, weights = snapshot
    return all(x == float(version) for values in weights.values() for x in values)


def test_stress_readers_never_see_a_half_swap():
    """Real threads: three readers snapshot while a writer swaps 50 versions."""
    def setup():
        return ModelRegistry(uniform_weights(0))

    def reader(registry):
        for _ in range(100):
            assert consistent(registry.snapshot())

    def writer(registry):
        for v in range(1, 51):
            registry.swap(uniform_weights(v), version=v)

    racecheck.stress(setup, [reader, reader, reader, writer],
                     lambda registry: registry.snapshot() == (50, uniform_weights(50)),
                     rounds=5, timeout=30, name="ModelRegistry swaps")


# --- controlled interleavings (racecheck) ------------------------------------

TARGETS = [rw_lock, model_registry, reader_pref_bad, writer_overlap_bad]


def swap_while_reading(lock_class):
    """A reader snapshots the registry while two writers swap versions in."""
    def setup():
        return types.SimpleNamespace(
            registry=ModelRegistry(uniform_weights(0), lock=lock_class()), seen=[])

    return racecheck.Scenario(
        name=f"ModelRegistry with {lock_class.__name__}: snapshot during swaps",
        setup=setup,
        threads=[
            lambda s: s.seen.append(s.registry.snapshot()),
            lambda s: s.registry.swap(uniform_weights(1), version=1),
            lambda s: s.registry.swap(uniform_weights(2), version=2),
        ],
        check=lambda s: all(map(consistent, s.seen)) and consistent(s.registry.snapshot()),
        targets=TARGETS,
    )


def no_overtaking(lock_class, rounds=2):
    """Bounded starvation check: a reader that starts acquiring while a writer
    waits must not get in before that writer has written."""
    def setup():
        return types.SimpleNamespace(lock=lock_class(), written=False, overtook=[])

    def reader(s):
        for _ in range(rounds):
            writer_was_waiting = s.lock.writers_waiting > 0
            s.lock.acquire_read()
            if writer_was_waiting and not s.written:
                s.overtook.append(True)
            s.lock.release_read()

    def writer(s):
        s.lock.acquire_write()
        s.written = True
        s.lock.release_write()

    return racecheck.Scenario(
        name=f"{lock_class.__name__}: readers do not overtake a waiting writer",
        setup=setup,
        threads=[reader, reader, writer],
        check=lambda s: s.written and not s.overtook,
        targets=TARGETS,
    )


def test_racecheck_snapshots_are_never_half_swapped():
    racecheck.verify(swap_while_reading(RWLock))


def test_racecheck_readers_never_overtake_a_waiting_writer():
    racecheck.verify(no_overtaking(RWLock))


def test_racecheck_reader_preference_is_caught():
    check_published(
        no_overtaking(reader_pref_bad.ReaderPreferringRWLock),
        COUNTEREXAMPLES / "rw_lock_reader_preference_bad.txt", kind="invariant", strategy="mixed")


def test_racecheck_writer_entering_during_a_read_is_caught():
    check_published(
        swap_while_reading(writer_overlap_bad.WriterIgnoresReadersRWLock),
        COUNTEREXAMPLES / "rw_lock_writer_overlap_bad.txt", kind="invariant", strategy="mixed")


def writer_gives_up(lock_class):
    """T0 reads until T2 has read; T1 (a writer) times out meanwhile; T2 was
    held back by T1 and must get in once T1 gives up."""
    def setup():
        return types.SimpleNamespace(lock=lock_class(), second_reader_in=threading.Event())

    def first_reader(s):
        s.lock.acquire_read()
        s.second_reader_in.wait()
        s.lock.release_read()

    def writer(s):
        if s.lock.acquire_write(timeout=1):
            s.lock.release_write()

    def second_reader(s):
        s.lock.acquire_read()
        s.second_reader_in.set()
        s.lock.release_read()

    return racecheck.Scenario(
        name=f"{lock_class.__name__}: a writer times out while readers wait",
        setup=setup,
        threads=[first_reader, writer, second_reader],
        check=lambda s: s.second_reader_in.is_set(),
        targets=[rw_lock, timeout_bad],
    )


def test_racecheck_a_writer_that_gives_up_wakes_the_readers():
    racecheck.verify(writer_gives_up(RWLock))


def test_racecheck_silent_timeout_is_caught():
    check_published(
        writer_gives_up(timeout_bad.SilentTimeoutRWLock),
        COUNTEREXAMPLES / "rw_lock_timeout_bad.txt", kind="deadlock", strategy="exhaustive")


def test_stress_the_racecheck_scenarios_on_real_threads():
    racecheck.stress_scenario(swap_while_reading(RWLock), rounds=50, timeout=10)
    racecheck.stress_scenario(no_overtaking(RWLock), rounds=50, timeout=10)


def test_racecheck_a_writer_that_gives_up_wakes_every_held_back_reader():
    """Like writer_gives_up, with two held-back readers that must be inside
    at the same time as the first (a barrier of three): the giving-up writer
    must wake them all (notify_all), or one sleeps and nobody ends."""
    def setup():
        return types.SimpleNamespace(lock=RWLock(), together=threading.Barrier(3), met=[])

    def reader(s):
        s.lock.acquire_read()
        s.together.wait()
        s.met.append(1)
        s.lock.release_read()

    def writer(s):
        if s.lock.acquire_write(timeout=1):
            s.lock.release_write()

    racecheck.verify(racecheck.Scenario(
        name="RWLock: a writer times out while two readers wait",
        setup=setup, threads=[reader, writer, reader, reader],
        check=lambda s: s.met == [1, 1, 1], targets=[rw_lock]))


def test_racecheck_timed_acquires_give_up_when_nobody_releases():
    """Held for writing by setup and never released: a timed read and a timed
    write both return False (virtual time: the timeouts cost nothing)."""
    def setup():
        lock = RWLock()
        lock.acquire_write()
        return types.SimpleNamespace(lock=lock, got=[])

    racecheck.verify(racecheck.Scenario(
        name="RWLock: timed acquires while a writer holds it",
        setup=setup,
        threads=[lambda s: s.got.append(("read", s.lock.acquire_read(timeout=1))),
                 lambda s: s.got.append(("write", s.lock.acquire_write(timeout=1)))],
        check=lambda s: sorted(s.got) == [("read", False), ("write", False)], targets=[rw_lock]))
