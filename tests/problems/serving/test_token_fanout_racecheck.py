"""TokenFanout under racecheck: publish, close and unsubscribe interleaved."""

from collections import deque

import racecheck

from snippets.problems.serving import token_fanout, token_fanout_bad
from snippets.problems.serving.token_fanout import SubscriberDropped
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published

TOKENS = ["Hel", "lo"]


def unsubscribe_mid_stream(policy):
    """Producer, a subscriber that leaves after one token, one that reads to
    the end; maxsize=1 so the producer really blocks (policy "block")."""
    def setup():
        f = token_fanout.TokenFanout(maxsize=1, policy=policy)
        return {"f": f, "leaver": f.subscribe(), "reader": f.subscribe(), "got": None, "error": None}

    def producer(s):
        for tok in TOKENS:
            s["f"].publish(tok)
        s["f"].close()

    def leaver(s):
        try:
            s["leaver"].get()
        except SubscriberDropped:
            pass
        s["leaver"].unsubscribe()

    def reader(s):
        got = []
        try:
            for tok in s["reader"]:
                got.append(tok)
        except SubscriberDropped as e:
            s["error"] = e
        s["got"] = got

    def check(s):
        if policy == "block":
            assert s["got"] == TOKENS and s["error"] is None, s
        else:  # a dropped reader sees a prefix of the stream, then the error
            assert s["got"] == TOKENS[: len(s["got"])]
            assert (s["error"] is None) == (s["got"] == TOKENS)
        return True

    return racecheck.Scenario(
        name=f"token_fanout ({policy}): unsubscribe while streaming",
        setup=setup,
        threads=[producer, leaver, reader],
        check=check,
        targets=[token_fanout],
    )


class Watched(deque):
    """A subscriber buffer that fails the append that would overfill it:
    the producer must never deliver to a buffer without room."""

    def __init__(self, maxsize, items=()):
        super().__init__(items)
        self.maxsize = maxsize

    def append(self, item):
        assert len(self) < self.maxsize, f"append to a full buffer ({list(self)} + {item!r})"
        super().append(item)


def two_readers_behind_a_full_buffer():
    """maxsize=1, both buffers already full: the producer's second token must
    wait for *both* readers (a wake-up by one is not room for all), both
    readers must be woken by each publish and by close (notify_all)."""
    def setup():
        f = token_fanout.TokenFanout(maxsize=1)
        subs = [f.subscribe(), f.subscribe()]
        f.publish("t0")
        for sub in subs:
            sub._buf = Watched(1, sub._buf)
        return {"f": f, "subs": subs, "got": [None, None]}

    def producer(s):
        s["f"].publish("t1")
        s["f"].close()

    def reader(i):
        def read(s):
            s["got"][i] = list(s["subs"][i])
        return read

    return racecheck.Scenario(
        name="token_fanout (block): two readers behind full buffers, then close",
        setup=setup,
        threads=[producer, reader(0), reader(1)],
        check=lambda s: s["got"] == [["t0", "t1"], ["t0", "t1"]],
        targets=[token_fanout],
    )


def blocked_producer_and_timeouts():
    """A producer blocked on a full buffer is woken by close() with an error;
    a timed publish and a timed get with nobody to help give up in time."""
    def setup():
        f, timed = token_fanout.TokenFanout(maxsize=1), token_fanout.TokenFanout(maxsize=1)
        f.subscribe()
        f.publish("a")
        timed_sub = timed.subscribe()
        timed.publish("a")
        idle = token_fanout.TokenFanout().subscribe()
        return {"f": f, "timed": timed, "timed_sub": timed_sub, "idle": idle, "seen": []}

    def outcome(s, label, call):
        try:
            call()
            s["seen"].append(f"{label}: returned")
        except (RuntimeError, TimeoutError) as e:
            s["seen"].append(f"{label}: {type(e).__name__}")

    return racecheck.Scenario(
        name="token_fanout (block): close wakes a blocked producer; timeouts expire",
        setup=setup,
        threads=[
            lambda s: outcome(s, "blocked publish", lambda: s["f"].publish("b")),
            lambda s: s["f"].close(),
            lambda s: outcome(s, "timed publish", lambda: s["timed"].publish("b", timeout=1.0)),
            lambda s: outcome(s, "timed get", lambda: s["idle"].get(timeout=1.0)),
        ],
        check=lambda s: sorted(s["seen"]) == [
            "blocked publish: RuntimeError", "timed get: TimeoutError", "timed publish: TimeoutError"],
        targets=[token_fanout],
    )


def unsubscribe_wakes_producer_and_reader():
    """unsubscribe() of a full subscriber lets a blocked producer deliver;
    unsubscribe() of an empty one ends its blocked reader (EndOfStream)."""
    def setup():
        f, g = token_fanout.TokenFanout(maxsize=1), token_fanout.TokenFanout(maxsize=1)
        full = f.subscribe()
        f.publish("a")
        return {"f": f, "full": full, "empty": g.subscribe(), "seen": []}

    def producer(s):
        s["f"].publish("b")
        s["seen"].append("published")

    def reader(s):
        try:
            s["empty"].get()
            s["seen"].append("got a token")
        except token_fanout.EndOfStream:
            s["seen"].append("end")

    def leaver(s):
        s["full"].unsubscribe()
        s["empty"].unsubscribe()

    return racecheck.Scenario(
        name="token_fanout (block): unsubscribe wakes a blocked producer and a blocked reader",
        setup=setup,
        threads=[producer, reader, leaver],
        check=lambda s: sorted(s["seen"]) == ["end", "published"],
        targets=[token_fanout],
    )


def unsubscribe_wakes_its_own_reader():
    """Two readers of one stream wait; one subscription is cancelled. Its
    reader must wake (EndOfStream) even though the other reader waits on the
    same condition (notify_all: a single notify may wake the wrong one)."""
    def setup():
        f = token_fanout.TokenFanout(maxsize=1)
        return {"left": f.subscribe(), "stays": f.subscribe(), "seen": []}

    def left_reader(s):
        try:
            s["left"].get()
        except token_fanout.EndOfStream:
            s["seen"].append("left: end")

    def staying_reader(s):
        try:
            s["stays"].get(timeout=1.0)
        except TimeoutError:
            s["seen"].append("stays: timeout")

    return racecheck.Scenario(
        name="token_fanout (block): unsubscribe wakes its own reader among two",
        setup=setup,
        threads=[left_reader, staying_reader, lambda s: s["left"].unsubscribe()],
        check=lambda s: sorted(s["seen"]) == ["left: end", "stays: timeout"],
        targets=[token_fanout],
    )


def test_unsubscribe_wakes_its_own_reader_among_two():
    racecheck.verify(unsubscribe_wakes_its_own_reader())


def test_unsubscribe_wakes_a_blocked_producer_and_reader():
    racecheck.verify(unsubscribe_wakes_producer_and_reader())


def test_two_readers_behind_a_full_buffer():
    racecheck.verify(two_readers_behind_a_full_buffer())


def test_close_wakes_a_blocked_producer_and_timeouts_expire():
    racecheck.verify(blocked_producer_and_timeouts())


def test_block_policy_unsubscribe_while_streaming():
    racecheck.verify(unsubscribe_mid_stream("block"))


def test_drop_policy_unsubscribe_while_streaming():
    racecheck.verify(unsubscribe_mid_stream("drop"))


def bad_scenario(name, producer, leaver, expected):
    """Two subscribers of the known-bad fan-out; one leaves, one reads to the end."""
    def setup():
        f = token_fanout_bad.TokenFanout(maxsize=4)
        return {"f": f, "leaver": f.subscribe(), "reader": f.subscribe(), "got": None}

    def reader(s):
        s["got"] = list(s["f"].tokens(s["reader"]))

    return racecheck.Scenario(
        name=f"token_fanout_bad: {name}",
        setup=setup,
        threads=[producer, leaver, reader],
        check=lambda s: s["got"] == expected,
        targets=[token_fanout_bad],
    )


def test_bad_unlocked_list_loses_end_of_stream():
    scenario = bad_scenario(
        "unsubscribe while closing",
        producer=lambda s: s["f"].close(),
        leaver=lambda s: s["f"].unsubscribe(s["leaver"]),
        expected=[],
    )
    # The reader never gets the end marker and waits forever: no thread can run.
    assert racecheck.expect_failure(scenario, minimize=False).kind == "deadlock"
    check_published(scenario, COUNTEREXAMPLES / "token_fanout_bad.txt", kind="deadlock")


def test_bad_unlocked_list_loses_a_token():
    def producer(s):
        s["f"].publish("Hel")
        s["f"].close()

    def leaver(s):
        s["leaver"].get()
        s["f"].unsubscribe(s["leaver"])

    scenario = bad_scenario("unsubscribe while publishing", producer, leaver, expected=["Hel"])
    assert racecheck.expect_failure(scenario, minimize=False).kind in ("invariant", "deadlock")


def test_same_scenarios_on_real_threads():
    for policy in ("block", "drop"):
        racecheck.stress_scenario(unsubscribe_mid_stream(policy), rounds=50, timeout=5)
