"""Block moves between two locked pools: hierarchy and back-off verified, both bad twins caught."""

import random

import pytest
import racecheck

from snippets.analysis import block_pools, block_pools_bad, block_pools_timeout_bad
from snippets.analysis.block_pools import BlockPool
from tests.analysis.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads


def pools():
    return BlockPool(0, range(0, 4)), BlockPool(1, range(4, 8))


def conserved(ps):
    a, b = ps
    return a.blocks.isdisjoint(b.blocks) and a.blocks | b.blocks == set(range(8))


def opposite_moves(move, mod, name=None):
    return racecheck.Scenario(
        name=name or f"{mod.__name__.rsplit('.', 1)[-1]}: two threads move blocks in opposite directions",
        setup=pools,
        threads=[lambda ps: move(ps[0], ps[1], 2), lambda ps: move(ps[1], ps[0], 3)],
        check=conserved,
        targets=[mod],
    )


def test_hierarchy_never_deadlocks_and_conserves_blocks():
    racecheck.verify(opposite_moves(block_pools.move, block_pools))


def test_backoff_never_deadlocks_and_conserves_blocks():
    def backoff(seed):
        return lambda s, d, n: block_pools.move_with_backoff(s, d, n, rng=random.Random(seed))

    racecheck.verify(
        racecheck.Scenario(
            name="block_pools: opposite moves with try-lock and back-off",
            setup=pools,
            threads=[lambda ps: backoff(1)(ps[0], ps[1], 2), lambda ps: backoff(2)(ps[1], ps[0], 3)],
            check=conserved,
            targets=[block_pools],
        )
    )


def three_pools():
    return BlockPool(0, range(0, 4)), BlockPool(1, range(4, 8)), BlockPool(2, range(8, 12))


def conserved3(ps):
    a, b, c = ps
    return not (a.blocks & b.blocks or b.blocks & c.blocks or a.blocks & c.blocks) and \
        a.blocks | b.blocks | c.blocks == set(range(12))


@pytest.mark.parametrize("move", [block_pools.move, block_pools.move_with_backoff], ids=["hierarchy", "backoff"])
def test_two_moves_out_of_one_pool_into_two_others_conserve_blocks(move):
    """Both moves take from the middle pool but share only its lock: each lock matters."""
    racecheck.verify(
        racecheck.Scenario(
            name=f"block_pools: {move.__name__} out of one pool into two others, and back",
            setup=three_pools,
            threads=[lambda ps: move(ps[1], ps[2], 3), lambda ps: move(ps[1], ps[0], 3),
                     lambda ps: move(ps[2], ps[1], 2)],
            check=conserved3,
            targets=[block_pools],
        )
    )


def test_a_caller_holding_a_lower_pool_s_lock_may_move_between_higher_pools():
    """The hierarchy's contract: holding pool 0's lock, a thread may take pools 1 and 2."""

    def holding_lowest(ps):
        with ps[0].lock:
            return block_pools.move(ps[1], ps[2], 1)

    racecheck.verify(
        racecheck.Scenario(
            name="block_pools: a move under a lower pool's lock, and a move from that pool",
            setup=three_pools,
            threads=[holding_lowest, lambda ps: block_pools.move(ps[0], ps[1], 1)],
            check=conserved3,
            targets=[block_pools],
        )
    )


def test_bad_lock_order_deadlocks_and_the_page_shows_it():
    scenario = opposite_moves(block_pools_bad.move, block_pools_bad)
    check_published(scenario, COUNTEREXAMPLES / "block_pools_bad.txt", kind="deadlock")


def test_bad_timeout_that_keeps_the_first_lock_livelocks():
    scenario = opposite_moves(block_pools_timeout_bad.move_with_retry, block_pools_timeout_bad)
    scenario.max_steps = 2_000
    failure = racecheck.expect_failure(scenario, kind="livelock", minimize=False)
    assert failure.kind == "livelock"


def test_hierarchy_on_real_threads():
    a, b = pools()
    run_threads(
        *[lambda: [block_pools.move(a, b, 1) for _ in range(500)],
          lambda: [block_pools.move(b, a, 1) for _ in range(500)]] * 2
    )
    assert conserved((a, b))


@pytest.mark.parametrize("move", [block_pools.move, block_pools.move_with_backoff])
def test_same_pool_is_rejected(move):
    a, _ = pools()
    with pytest.raises(ValueError):
        move(a, a, 1)
