"""The session registry: setdefault gives one object per id; check-then-act does not."""

import racecheck

from snippets.analysis import session_registry, session_registry_bad
from tests.analysis.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads


def two_first_requests(make, mod):
    def setup():
        return {"reg": make(), "got": []}

    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: two threads open the same conversation",
        setup=setup,
        threads=[lambda s: s["got"].append(s["reg"].get("c1"))] * 2,
        check=lambda s: s["got"][0] is s["got"][1] is s["reg"].get("c1"),
        targets=[mod],
    )


def test_every_caller_gets_the_same_session():
    racecheck.verify(two_first_requests(session_registry.SessionRegistry, session_registry))


def test_bad_registry_hands_out_two_sessions_and_the_page_shows_it():
    scenario = two_first_requests(session_registry_bad.UnsafeSessionRegistry, session_registry_bad)
    check_published(scenario, COUNTEREXAMPLES / "session_registry_bad.txt", kind="invariant")


def test_real_threads_share_one_session_per_id():
    reg = session_registry.SessionRegistry()
    got = run_threads(*[lambda: [reg.get(f"c{i % 5}") for i in range(200)]] * 4)
    for i in range(5):
        assert len({id(row[i]) for row in got}) == 1
