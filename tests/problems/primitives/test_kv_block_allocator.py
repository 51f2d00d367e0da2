import random
import types

import pytest
import racecheck

from snippets.problems.primitives import kv_block_allocator, kv_block_allocator_bad
from snippets.problems.primitives.kv_block_allocator import BlockAllocator, NoFreeBlocksError
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published


@pytest.mark.parametrize("args, error, message", [
    ((0, 16), ValueError, "num_blocks must be at least 1"),
    ((8, 0), ValueError, "block_size must be at least 1"),
    ((8.0, 16), TypeError, "num_blocks must be an int"),
    ((8, None), TypeError, "block_size must be an int"),
])
def test_sizes_are_validated(args, error, message):
    with pytest.raises(error, match=message):
        BlockAllocator(*args)


def test_bad_calls_raise_and_change_nothing():
    alloc = BlockAllocator(num_blocks=2, block_size=4)
    with pytest.raises(ValueError, match="num_tokens must be non-negative"):
        alloc.allocate("a", -1)
    with pytest.raises(NoFreeBlocksError, match="need 3 blocks, 2 free"):
        alloc.allocate("a", 9)
    alloc.allocate("a", 4)
    with pytest.raises(ValueError, match="already has blocks"):
        alloc.allocate("a", 1)
    with pytest.raises(ValueError, match="already has blocks"):
        alloc.fork("a", "a")
    with pytest.raises(KeyError):
        alloc.fork("nobody", "b")
    alloc.free("a")
    with pytest.raises(KeyError):
        alloc.free("a")  # freeing twice is an error, not a double free
    assert alloc.num_free_blocks == 2
    alloc.check_invariants()


def test_fork_shares_and_append_copies_on_write():
    alloc = BlockAllocator(num_blocks=4, block_size=4)
    assert alloc.allocate("parent", 6) == [0, 1]  # 4 + 2 tokens: block 1 half full
    assert alloc.fork("parent", "child") == [0, 1]
    assert alloc.num_free_blocks == 2
    # The child writes token 7 into the shared, half-full block 1: copy it.
    assert alloc.append_slot("child") == (1, 2)
    assert alloc.block_table("child") == [0, 2]
    # Block 1 now belongs to the parent alone: it writes in place.
    assert alloc.append_slot("parent") is None
    assert alloc.block_table("parent") == [0, 1]
    alloc.check_invariants()
    alloc.free("parent")
    assert alloc.num_free_blocks == 2  # block 0 is still the child's
    alloc.free("child")
    assert alloc.num_free_blocks == 4
    alloc.check_invariants()


def test_full_last_block_gets_a_new_block_without_copy():
    alloc = BlockAllocator(num_blocks=2, block_size=2)
    alloc.allocate("p", 2)
    alloc.fork("p", "c")
    assert alloc.append_slot("c") is None  # nothing shared is written
    assert alloc.block_table("c") == [0, 1] and alloc.block_table("p") == [0]
    alloc.append_slot("c")  # block 1 is full now; the next token needs a third block
    with pytest.raises(NoFreeBlocksError):
        alloc.append_slot("c")
    alloc.check_invariants()


def test_random_operations_keep_the_books_balanced():
    for seed in range(30):
        rng = random.Random(seed)
        alloc, live, next_id = BlockAllocator(8, 2), [], 0
        for _ in range(200):
            op = rng.choice(["allocate", "fork", "append", "free"])
            try:
                if op == "allocate":
                    alloc.allocate(next_id, rng.randint(0, 5))
                    live.append(next_id)
                    next_id += 1
                elif op == "fork" and live:
                    alloc.fork(rng.choice(live), next_id)
                    live.append(next_id)
                    next_id += 1
                elif op == "append" and live:
                    alloc.append_slot(rng.choice(live))
                elif op == "free" and live:
                    alloc.free(live.pop(rng.randrange(len(live))))
            except NoFreeBlocksError:
                pass
            alloc.check_invariants()
        for seq in live:
            alloc.free(seq)
        assert alloc.num_free_blocks == 8, seed


def test_stress_fork_append_free():
    """Real threads: 4 threads allocate, fork, append to and free 100
    sequences each against 64 blocks; at the end every block is free."""
    def worker(t):
        def run(alloc):
            for i in range(100):
                parent, child = (t, i, "p"), (t, i, "c")
                try:
                    alloc.allocate(parent, 5)
                except NoFreeBlocksError:
                    continue
                alloc.fork(parent, child)
                for _ in range(3):
                    try:
                        alloc.append_slot(child)
                    except NoFreeBlocksError:
                        break
                alloc.free(parent)
                alloc.free(child)
        return run

    def check(alloc):
        alloc.check_invariants()
        return alloc.num_free_blocks == 64

    racecheck.stress(lambda: BlockAllocator(num_blocks=64, block_size=4),
                     [worker(t) for t in range(4)], check, rounds=5, timeout=30,
                     name="BlockAllocator(64, 4)")


# --- controlled interleavings and linearizability (racecheck) ----------------

TARGETS = [kv_block_allocator, kv_block_allocator_bad]


def parent_and_child(cls, num_blocks=4, block_size=2, tokens=3):
    """A parent of ``tokens`` tokens and a forked child sharing its blocks."""
    def make():
        alloc = cls(num_blocks, block_size)
        alloc.allocate("parent", tokens)
        alloc.fork("parent", "child")
        return alloc
    return make


def concurrent_frees(cls):
    def check(alloc):
        alloc.check_invariants()
        return alloc.num_free_blocks == alloc.num_blocks

    return racecheck.Scenario(
        name=f"{cls.__name__}: a parent and its fork freed at once",
        setup=parent_and_child(cls),
        threads=[lambda a: a.free("parent"), lambda a: a.free("child")],
        check=check,
        targets=TARGETS,
    )


def test_racecheck_concurrent_frees_balance_the_books():
    racecheck.verify(concurrent_frees(BlockAllocator))


def test_racecheck_copy_on_write_fork_and_free():
    def check(alloc):
        alloc.check_invariants()
        return True

    racecheck.verify(racecheck.Scenario(
        name="BlockAllocator: appends to a shared block, a fork and a free at once",
        setup=parent_and_child(BlockAllocator, num_blocks=5),
        threads=[
            lambda a: a.append_slot("child"),
            lambda a: a.append_slot("parent"),
            lambda a: (a.fork("child", "grandchild"), a.free("grandchild")),
        ],
        check=check,
        targets=TARGETS,
    ))


def test_racecheck_unlocked_decrement_is_caught():
    check_published(
        concurrent_frees(kv_block_allocator_bad.UnlockedDecrementAllocator),
        COUNTEREXAMPLES / "kv_block_allocator_bad.txt", kind="invariant", strategy="exhaustive")


def allocator_model(num_blocks, block_size, setup_ops):
    """A sequential spec: replay the operations on a fresh allocator.

    The state is the tuple of operations applied so far (with their results);
    replaying them on a fresh BlockAllocator, one call at a time on one
    thread, gives the sequential behaviour. Each step checks that the
    recorded result is what that sequential replay returns.
    """
    def replay(ops):
        alloc = BlockAllocator(num_blocks, block_size)
        for op, args in setup_ops + list(ops):
            try:
                getattr(alloc, op)(*args)
            except (KeyError, ValueError, NoFreeBlocksError):
                pass
        return alloc

    def step(state, op, args, result):
        alloc = replay(state)
        try:
            expected = getattr(alloc, op)(*args)
        except (KeyError, ValueError, NoFreeBlocksError) as exc:
            expected = racecheck.Raised(type(exc).__name__)
        alloc.check_invariants()
        return result == expected, state + ((op, args),)

    return racecheck.Model(init=tuple, step=step, name="a sequential block allocator")


def test_racecheck_linearizable_against_sequential_replay():
    setup_ops = [("allocate", ("p", 3)), ("fork", ("p", "c"))]
    racecheck.lincheck(
        lambda: _replayed(3, 2, setup_ops),
        [
            [("append_slot", "c"), ("free", "c")],
            [("append_slot", "p"), ("fork", "p", "d")],
            [("allocate", "q", 2), ("block_table", "p")],
        ],
        allocator_model(3, 2, setup_ops),
        targets=[kv_block_allocator],
        name="BlockAllocator(3, 2): append, fork, allocate, free",
        rounds=30,
    )


def _replayed(num_blocks, block_size, ops):
    alloc = BlockAllocator(num_blocks, block_size)
    for op, args in ops:
        getattr(alloc, op)(*args)
    return alloc


def test_stress_the_racecheck_scenarios_on_real_threads():
    racecheck.stress_scenario(concurrent_frees(BlockAllocator), rounds=100, timeout=10)


# --- scenarios that make each method's critical section matter -----------------
# Each one is small (2-3 threads) and checks a result a caller would rely on.

def _attempt(call):
    """("ok", result) or ("raised", exception name): a caller's view of one call."""
    try:
        return ("ok", call())
    except (KeyError, ValueError, NoFreeBlocksError) as exc:
        return ("raised", type(exc).__name__)


def _scenario(name, setup, threads, check):
    def checked(s):
        check(s)
        s.alloc.check_invariants()

    return racecheck.Scenario(name=f"BlockAllocator: {name}", setup=setup, threads=threads,
                              check=checked, targets=[kv_block_allocator], guards=GUARDS)


def GUARDS(s):
    """The allocator's books are guarded by its lock (also for a single read)."""
    return [racecheck.guarded(s.alloc, "_lock", "_free", "_refcounts", "_tables", "_num_tokens")]


def _state(num_blocks, block_size, **seqs):
    def setup():
        alloc = BlockAllocator(num_blocks, block_size)
        for seq, tokens in seqs.items():
            alloc.allocate(seq, tokens)
        return types.SimpleNamespace(alloc=alloc, out={})
    return setup


def test_racecheck_the_same_new_id_twice():
    """Two allocates of one new id and two forks to one child id: the "exists"
    check and the insert are one step, so exactly one of each pair wins."""
    def check(s):
        for pair in (("a1", "a2"), ("f1", "f2")):
            outcomes = sorted(s.out[k][0] for k in pair)
            assert outcomes == ["ok", "raised"], f"{pair}: {[s.out[k] for k in pair]}"
            assert all(s.out[k] == ("raised", "ValueError") for k in pair if s.out[k][0] == "raised"), s.out

    threads = [
        lambda s: s.out.__setitem__("a1", _attempt(lambda: s.alloc.allocate("x", 2))),
        lambda s: s.out.__setitem__("a2", _attempt(lambda: s.alloc.allocate("x", 2))),
        lambda s: s.out.__setitem__("f1", _attempt(lambda: s.alloc.fork("p", "c"))),
        lambda s: s.out.__setitem__("f2", _attempt(lambda: s.alloc.fork("p", "c"))),
    ]
    racecheck.verify(_scenario("one new id allocated twice, one child forked twice",
                               _state(6, 1, p=1), threads, check))


@pytest.mark.parametrize("call", ["allocate", "fork"])
def test_racecheck_returned_table_is_the_new_one(call):
    """allocate/fork return the new sequence's table as it was made, even
    while another thread already appends to that sequence."""
    def make(s):
        if call == "allocate":
            s.out["ret"] = s.alloc.allocate("x", 4)
        else:
            s.out["ret"] = s.alloc.fork("p", "x")

    def check(s):
        assert len(s.out["ret"]) == 2, f"{call} returned {s.out['ret']}: the table of 4 tokens has 2 blocks"

    racecheck.verify(_scenario(f"{call} returns its table while the sequence grows",
                               _state(6, 2, **({"p": 4} if call == "fork" else {})),
                               [make, lambda s: _attempt(lambda: s.alloc.append_slot("x"))], check))


def test_racecheck_free_and_reuse_an_id_while_appending():
    """One thread frees x and allocates x again, another appends to x: the
    append lands on the old x or the new x, never on a table nobody owns."""
    def reuse(s):
        s.alloc.free("x")
        s.alloc.allocate("x", 2)

    def check(s):
        assert s.out["append"][0] == "ok" or s.out["append"] == ("raised", "KeyError"), s.out

    racecheck.verify(_scenario("free and re-allocate x while appending to x", _state(4, 2, x=2),
                               [reuse, lambda s: s.out.__setitem__("append", _attempt(
                                   lambda: s.alloc.append_slot("x")))], check))


def test_racecheck_allocate_after_a_concurrent_free_of_the_same_id():
    """free(x) races allocate(x) + append_slot(x): if the allocate wins, its
    sequence is complete (the append works); the free never undoes it."""
    def fresh(s):
        s.out["allocate"] = _attempt(lambda: s.alloc.allocate("x", 1))
        if s.out["allocate"][0] == "ok":
            s.out["append"] = _attempt(lambda: s.alloc.append_slot("x"))

    def check(s):
        assert s.out["allocate"] == ("raised", "ValueError") or s.out["append"][0] == "ok", s.out

    racecheck.verify(_scenario("free(x) races a new allocate(x)", _state(4, 2, x=1),
                               [lambda s: s.alloc.free("x"), fresh], check))


def test_racecheck_check_invariants_while_others_work():
    """check_invariants holds the lock: it never sees a half-done operation."""
    threads = [
        lambda s: s.alloc.append_slot("p"),
        lambda s: (s.alloc.fork("p", "c"), s.alloc.free("c")),
        lambda s: s.alloc.check_invariants(),
    ]
    racecheck.verify(_scenario("check_invariants while appending, forking, freeing",
                               _state(6, 2, p=2), threads, lambda s: None))


def test_racecheck_snapshots_read_the_books_under_the_lock():
    """block_table and num_free_blocks are single reads, yet they read books that
    other threads change: the guard checks that they hold the lock to do it."""
    def check(s):
        assert s.out["table"] in ([0], [0, 1]), s.out
        assert s.out["free"] in (3, 2), s.out

    threads = [
        lambda s: s.alloc.append_slot("p"),
        lambda s: s.out.__setitem__("table", s.alloc.block_table("p")),
        lambda s: s.out.__setitem__("free", s.alloc.num_free_blocks),
    ]
    racecheck.verify(_scenario("snapshots while appending", _state(4, 2, p=2), threads, check))
