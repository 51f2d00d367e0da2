"""The LeetCode problems as rows of the template (tests/problems/leetcode/template.py).

Each row names the problem's correct and known-bad modules and its scenario:
the judge's threads, all runnable at once (so every start order is one of the
explored schedules), and the judge's check. The judges' helpers that are not
a plain output log (forks, a traffic light, a fake HtmlParser) live here too,
next to the scenario that uses them.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from types import SimpleNamespace

import racecheck

from snippets.problems.leetcode import (
    p1114_print_in_order_busywait_bad,
    p1114_print_in_order_condition,
    p1114_print_in_order_event,
    p1114_print_in_order_if_wait_bad,
    p1114_print_in_order_semaphore,
    p1114_print_in_order_semaphore_default_bad,
    p1115_print_foobar_alternately_condition,
    p1115_print_foobar_alternately_event,
    p1115_print_foobar_alternately_late_clear_bad,
    p1115_print_foobar_alternately_lock_only_bad,
    p1115_print_foobar_alternately_semaphore,
    p1116_print_zero_even_odd_condition,
    p1116_print_zero_even_odd_notify_bad,
    p1116_print_zero_even_odd_semaphore,
    p1117_building_h2o_barrier,
    p1117_building_h2o_condition,
    p1117_building_h2o_no_barrier_bad,
    p1188_bounded_blocking_queue_condition,
    p1188_bounded_blocking_queue_if_wait_bad,
    p1188_bounded_blocking_queue_one_condition_bad,
    p1188_bounded_blocking_queue_semaphore,
    p1195_fizz_buzz_multithreaded_condition,
    p1195_fizz_buzz_multithreaded_notify_bad,
    p1195_fizz_buzz_multithreaded_semaphore,
    p1226_dining_philosophers_left_first_bad,
    p1226_dining_philosophers_lock,
    p1226_dining_philosophers_ordered,
    p1226_dining_philosophers_semaphore,
    p1242_web_crawler_multithreaded_check_then_act_bad,
    p1242_web_crawler_multithreaded_condition,
    p1279_traffic_light_check_then_act_bad,
    p1279_traffic_light_condition,
    p1279_traffic_light_lock,
)
from tests.problems.leetcode.template import Extra, Judge, Problem, judge_problem, scenario_for, state

ALL_ORDERS_3 = list(itertools.permutations(range(3)))

# ------------------------------------------------------------ 1114 print in order
P1114 = judge_problem(
    1114,
    good=[p1114_print_in_order_event, p1114_print_in_order_semaphore, p1114_print_in_order_condition],
    bad=[
        (p1114_print_in_order_if_wait_bad, "invariant"),
        (p1114_print_in_order_semaphore_default_bad, "invariant"),
        (p1114_print_in_order_busywait_bad, "livelock"),
    ],
    judge=Judge(
        title="1114 print in order",
        make=lambda mod, n: mod.Foo(),
        calls=[
            lambda s: s.obj.first(lambda: s.out.append("first")),
            lambda s: s.obj.second(lambda: s.out.append("second")),
            lambda s: s.obj.third(lambda: s.out.append("third")),
        ],
        expected=lambda n: ["first", "second", "third"],
        n=1,
        sizes=[1],
        start_orders=ALL_ORDERS_3,
        # correct versions need a small fraction; more means spinning
        scenario_options={"max_steps": 2000},
    ),
)

# ------------------------------------------------------------ 1115 foobar
P1115 = judge_problem(
    1115,
    good=[
        p1115_print_foobar_alternately_semaphore,
        p1115_print_foobar_alternately_condition,
        p1115_print_foobar_alternately_event,
    ],
    bad=[
        (p1115_print_foobar_alternately_lock_only_bad, "invariant"),
        (p1115_print_foobar_alternately_late_clear_bad, "deadlock"),
    ],
    judge=Judge(
        title="1115 foobar, n={n}",
        make=lambda mod, n: mod.FooBar(n),
        calls=[
            lambda s: s.obj.foo(lambda: s.out.append("foo")),
            lambda s: s.obj.bar(lambda: s.out.append("bar")),
        ],
        expected=lambda n: ["foo", "bar"] * n,
        n=2,
        sizes=[1, 2, 50],
        start_orders=[(0, 1), (1, 0)],
    ),
)


# ------------------------------------------------------------ 1116 zero even odd
def zero_even_odd(n):
    return [x for i in range(1, n + 1) for x in (0, i)]


P1116 = judge_problem(
    1116,
    good=[p1116_print_zero_even_odd_semaphore, p1116_print_zero_even_odd_condition],
    bad=[(p1116_print_zero_even_odd_notify_bad, "deadlock")],
    judge=Judge(
        title="1116 zero even odd, n={n}",
        make=lambda mod, n: mod.ZeroEvenOdd(n),
        calls=[
            lambda s: s.obj.zero(s.out.append),
            lambda s: s.obj.even(s.out.append),
            lambda s: s.obj.odd(s.out.append),
        ],
        expected=zero_even_odd,
        n=3,
        sizes=[1, 2, 5, 40],
        start_orders=ALL_ORDERS_3,
    ),
)


# ------------------------------------------------------------ 1195 fizz buzz
def fizz_buzz(n):
    def token(i):
        return "fizzbuzz" if i % 15 == 0 else "fizz" if i % 3 == 0 else "buzz" if i % 5 == 0 else i

    return [token(i) for i in range(1, n + 1)]


P1195 = judge_problem(
    1195,
    good=[p1195_fizz_buzz_multithreaded_condition, p1195_fizz_buzz_multithreaded_semaphore],
    bad=[(p1195_fizz_buzz_multithreaded_notify_bad, "deadlock")],
    judge=Judge(
        title="1195 fizz buzz, n={n}",
        make=lambda mod, n: mod.FizzBuzz(n),
        calls=[
            lambda s: s.obj.fizz(lambda: s.out.append("fizz")),
            lambda s: s.obj.buzz(lambda: s.out.append("buzz")),
            lambda s: s.obj.fizzbuzz(lambda: s.out.append("fizzbuzz")),
            lambda s: s.obj.number(s.out.append),
        ],
        expected=fizz_buzz,
        n=5,
        sizes=[1, 5, 15, 50],
        start_orders=list(itertools.permutations(range(4)))[::5],
    ),
    # n = 15 reaches the fizzbuzz thread's only value.
    extra=[Extra("n15", {"n": 15}, budget=0.5)],
)


# ------------------------------------------------------------ 1117 H2O
def molecules_ok(out):
    """Cut the release log into groups of three: each must be two H and one O."""
    return len(out) % 3 == 0 and all(
        sorted(out[i : i + 3]) == ["H", "H", "O"] for i in range(0, len(out), 3)
    )


def atom(s, kind):
    if kind == "H":
        return lambda: s.obj.hydrogen(lambda: s.out.append("H"))
    return lambda: s.obj.oxygen(lambda: s.out.append("O"))


def h2o_scenario(mod):
    """Two molecules from three threads: the first H of T0 and T1 and the first
    O of T2 can bond; so can their second calls. Fewer threads than atoms keeps
    the search small, and the second molecule must wait for the first."""

    def check(s):
        assert molecules_ok(s.out), f"release order was {''.join(s.out)}"

    def twice(kind):
        def body(s):
            atom(s, kind)()
            atom(s, kind)()

        return body

    threads = [twice("H"), twice("H"), twice("O")]
    return scenario_for(mod, "1117 H2O, two molecules", lambda: state(mod.H2O()), threads, check)


def h2o_one_thread_per_atom(mod):
    """Two molecules from six threads, one atom each (the judge's way): an
    atom of the second molecule may start as soon as a slot frees, so a slot
    must stay taken until its atom is out, or the two molecules' atoms mix."""

    def check(s):
        assert molecules_ok(s.out), f"release order was {''.join(s.out)}"

    threads = [lambda s, k=kind: atom(s, k)() for kind in "HHHHOO"]
    return scenario_for(mod, "1117 H2O, two molecules, one thread per atom", lambda: state(mod.H2O()), threads, check)


P1117 = Problem(
    1117,
    good=[p1117_building_h2o_barrier, p1117_building_h2o_condition],
    bad=[(p1117_building_h2o_no_barrier_bad, "invariant")],
    scenario=h2o_scenario,
    more=[h2o_one_thread_per_atom],
)


# ------------------------------------------------------------ 1188 bounded blocking queue
def bounded_queue_scenario(mod):
    """Capacity 1, two producers, two consumers: both 'full' and 'empty'
    waits happen. Check conservation: what came out is what went in, and the
    queue is empty at the end. A blocked thread at the end is a deadlock."""

    def setup():
        return SimpleNamespace(q=mod.BoundedBlockingQueue(1), got=[])

    def check(s):
        assert sorted(s.got) == [1, 2], f"dequeued {s.got}, enqueued [1, 2]"
        assert s.q.size() == 0, f"size() is {s.q.size()} at the end"

    threads = [
        lambda s: s.q.enqueue(1),
        lambda s: s.q.enqueue(2),
        lambda s: s.got.append(s.q.dequeue()),
        lambda s: s.got.append(s.q.dequeue()),
    ]
    return scenario_for(mod, "1188 bounded queue, 2 producers 2 consumers", setup, threads, check)


def bounded_queue_never_overfills(mod):
    """Capacity 1, already full; two producers and a consumer of two: a
    producer woken for a free slot must re-check it (another producer may
    have taken it first). Each producer looks at size() after its enqueue:
    it may never exceed the capacity."""

    def setup():
        q = mod.BoundedBlockingQueue(1)
        q.enqueue(0)
        return SimpleNamespace(q=q, got=[], sizes=[])

    def producer(x):
        def put(s):
            s.q.enqueue(x)
            s.sizes.append(s.q.size())
        return put

    def consumer(s):
        s.got.append(s.q.dequeue())
        s.got.append(s.q.dequeue())

    def check(s):
        assert max(s.sizes) <= 1, f"size() after enqueue: {s.sizes} (capacity 1)"
        assert s.q.size() == 1 and sorted(s.got + [s.q.dequeue()]) == [0, 1, 2], f"dequeued {s.got}"

    threads = [producer(1), producer(2), consumer]
    return scenario_for(mod, "1188 bounded queue, full, 2 producers 1 consumer", setup, threads, check)


P1188 = Problem(
    1188,
    good=[p1188_bounded_blocking_queue_condition, p1188_bounded_blocking_queue_semaphore],
    bad=[
        (p1188_bounded_blocking_queue_if_wait_bad, "exception"),
        (p1188_bounded_blocking_queue_one_condition_bad, "deadlock"),
    ],
    scenario=bounded_queue_scenario,
    more=[bounded_queue_never_overfills],
)


# ------------------------------------------------------------ 1226 dining philosophers
class Table:
    """The judge's side: forks as owner slots, checked on every pick and put.

    The callbacks run without switch points (this module is not a racecheck
    target), so each check-and-update is one atomic step.
    """

    def __init__(self, dining, seats=5):
        self.dining = dining
        self.seats = seats
        self.owner = [None] * seats
        self.log = []  # [philosopher, fork (1 left, 2 right), op (1 pick, 2 put, 3 eat)]
        self.errors = []

    def _fork(self, p, side):
        return p if side == 1 else (p + 1) % self.seats

    def _pick(self, p, side):
        f = self._fork(p, side)
        if self.owner[f] is not None:
            self.errors.append(f"philosopher {p} picked fork {f} held by {self.owner[f]}")
        self.owner[f] = p
        self.log.append([p, side, 1])

    def _put(self, p, side):
        f = self._fork(p, side)
        if self.owner[f] != p:
            self.errors.append(f"philosopher {p} put down fork {f} it does not hold")
        self.owner[f] = None
        self.log.append([p, side, 2])

    def _eat(self, p):
        if self.owner[p] != p or self.owner[(p + 1) % self.seats] != p:
            self.errors.append(f"philosopher {p} ate without both forks")
        self.log.append([p, 0, 3])

    def meal(self, p):
        self.dining.wantsToEat(
            p,
            lambda: self._pick(p, 1),
            lambda: self._pick(p, 2),
            lambda: self._eat(p),
            lambda: self._put(p, 1),
            lambda: self._put(p, 2),
        )

    def philosopher(self, p, meals):
        return lambda: [self.meal(p) for _ in range(meals)]

    def all_ate(self, meals):
        """The check shared by racecheck and real threads: no fork misuse,
        every fork back on the table, every philosopher ate ``meals`` times."""
        assert self.errors == [], self.errors
        assert all(o is None for o in self.owner), f"forks still held: {self.owner}"
        eaten = sorted(entry[0] for entry in self.log if entry[2] == 3)
        assert eaten == sorted(list(range(self.seats)) * meals), f"meals: {eaten}"


SEATS, MEALS = 3, 2


def dining_scenario(mod):
    """A three-seat table: the smallest where every fork is shared and a
    cycle of waits is possible. The judge's callbacks check the forks."""

    def diner(p):
        return lambda s: [s.meal(p) for _ in range(MEALS)]

    return scenario_for(
        mod,
        f"1226 dining philosophers, {SEATS} seats",
        lambda: Table(mod.DiningPhilosophers(SEATS), SEATS),
        [diner(p) for p in range(SEATS)],
        lambda s: s.all_ate(MEALS),
    )


P1226 = Problem(
    1226,
    good=[p1226_dining_philosophers_ordered, p1226_dining_philosophers_semaphore, p1226_dining_philosophers_lock],
    bad=[(p1226_dining_philosophers_left_first_bad, "deadlock")],
    scenario=dining_scenario,
)


# ------------------------------------------------------------ 1242 web crawler
class FakeHtmlParser:
    """The judge's HtmlParser, in memory: a dict from URL to its links.

    ``fetches`` records every call (``list.append`` is atomic), so a test can
    check that each page was fetched exactly once. Nothing touches the network.
    """

    def __init__(self, pages):
        self.pages = pages
        self.fetches = []

    def getUrls(self, url):
        self.fetches.append(url)
        return list(self.pages.get(url, []))

    def fetched_once_each(self):
        return all(n == 1 for n in Counter(self.fetches).values())


# Two pages (a, b) both link to c: two workers can discover c at the same time.
# (The hostname filter and cycles are covered by the real-thread tests.)
DIAMOND = {
    "http://d.example.org": ["http://d.example.org/a", "http://d.example.org/b"],
    "http://d.example.org/a": ["http://d.example.org/c"],
    "http://d.example.org/b": ["http://d.example.org/c"],
}
DIAMOND_ANSWER = sorted(["http://d.example.org", *(f"http://d.example.org/{p}" for p in "abc")])


def crawler_scenario(mod, workers=2):
    def setup():
        parser = FakeHtmlParser(DIAMOND)
        return SimpleNamespace(parser=parser, crawler=mod.Crawler("http://d.example.org", parser), ended=[])

    def worker(s):
        s.crawler.work()
        s.ended.append(len(s.parser.fetches))  # fetches done when this worker stopped

    def check(s):
        assert sorted(s.crawler.result()) == DIAMOND_ANSWER, f"result {sorted(s.crawler.result())}"
        assert s.parser.fetched_once_each(), f"fetches: {s.parser.fetches}"
        # Every returned URL was fetched (not only discovered), and a worker
        # stops only once the crawl is complete: nothing queued, nothing in flight.
        assert sorted(s.parser.fetches) == DIAMOND_ANSWER, f"fetched {sorted(s.parser.fetches)}"
        assert s.ended == [len(DIAMOND_ANSWER)] * workers, f"fetches done as each worker stopped: {s.ended}"

    return scenario_for(mod, f"1242 crawler, {workers} workers, diamond site", setup, [worker] * workers, check)


class RendezvousParser(FakeHtmlParser):
    """The leaves' fetches meet at a barrier: they can only all return if
    that many fetches are in flight at once (racecheck models the Barrier)."""

    def __init__(self, pages, leaves):
        super().__init__(pages)
        self.leaves = set(leaves)
        self.barrier = threading.Barrier(len(leaves))

    def getUrls(self, url):
        if url in self.leaves:
            self.barrier.wait()
        return super().getUrls(url)


FAN = {"http://f.example.org": [f"http://f.example.org/{p}" for p in "abc"]}


def parallel_fetch_scenario(mod):
    """A root linking to three pages whose fetches must overlap, three
    workers: after the root's fetch, every idle worker must be woken to take
    a page (notify_all), or the three fetches never meet and nothing ends."""

    def setup():
        parser = RendezvousParser(FAN, FAN["http://f.example.org"])
        return SimpleNamespace(parser=parser, crawler=mod.Crawler("http://f.example.org", parser))

    def check(s):
        assert sorted(s.parser.fetches) == sorted(["http://f.example.org", *FAN["http://f.example.org"]])

    threads = [lambda s: s.crawler.work()] * 3
    return scenario_for(mod, "1242 crawler, 3 workers, 3 fetches that must overlap", setup, threads, check)


P1242 = Problem(
    1242,
    good=[p1242_web_crawler_multithreaded_condition],
    bad=[(p1242_web_crawler_multithreaded_check_then_act_bad, "invariant")],
    scenario=crawler_scenario,
    extra=[Extra("3_workers", {"workers": 3})],
    more=[parallel_fetch_scenario],
)


# ------------------------------------------------------------ 1279 traffic light
class Intersection:
    """The judge's side: the real light, checked on every callback.

    Callbacks run without switch points under racecheck (this module is not
    a target), so each check-and-update is one atomic step.
    """

    def __init__(self, light):
        self.light = light
        self.green = 1  # road A starts green
        self.log = []
        self.errors = []

    def car(self, car_id, road, direction):
        def turn_green():
            if self.green == road:
                self.errors.append(f"car {car_id}: turnGreen on road {road}, already green")
            self.green = road
            self.log.append(f"Traffic Light On Road {'AB'[road - 1]} Is Green")

        def cross():
            if self.green != road:
                self.errors.append(f"car {car_id} crossed road {road} on red")
            self.log.append(f"Car {car_id} Has Passed Road {'AB'[road - 1]} In Direction {direction}")

        return lambda: self.light.carArrived(car_id, road, direction, turn_green, cross)


CARS = [(1, 2, 4), (2, 2, 3), (3, 1, 1)]  # (car, road, direction): two on B, one on A


def traffic_scenario(mod):
    def check(s):
        assert s.errors == [], s.errors
        assert sum("Has Passed" in line for line in s.log) == len(CARS), s.log

    threads = [(lambda c: lambda s: s.car(*c)())(c) for c in CARS]
    return scenario_for(mod, "1279 traffic light, three cars", lambda: Intersection(mod.TrafficLight()), threads, check)


def traffic_two_per_road(mod):
    """Four cars, two per road: two cars cross road A together while road B
    waits, so the count of crossing cars is updated by two threads at once."""

    def check(s):
        assert s.errors == [], s.errors
        assert sum("Has Passed" in line for line in s.log) == 4, s.log

    cars = [(1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 2, 4)]
    threads = [(lambda c: lambda s: s.car(*c)())(c) for c in cars]
    return scenario_for(mod, "1279 traffic light, two cars per road", lambda: Intersection(mod.TrafficLight()),
                        threads, check)


P1279 = Problem(
    1279,
    good=[p1279_traffic_light_lock, p1279_traffic_light_condition],
    bad=[(p1279_traffic_light_check_then_act_bad, "invariant")],
    scenario=traffic_scenario,
    more=[traffic_two_per_road],
)

PROBLEMS = [P1114, P1115, P1116, P1117, P1188, P1195, P1226, P1242, P1279]
