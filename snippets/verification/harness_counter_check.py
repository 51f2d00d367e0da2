"""The racecheck check of harness_counter and its known-bad variant."""

import racecheck
from snippets.verification import harness_counter, harness_counter_bad


# --8<-- [start:scenario]
def two_increments(module):
    return racecheck.Scenario(
        name="counter: two increments",
        setup=module.Counter,  # fresh state for every run
        threads=[lambda c: c.increment(), lambda c: c.increment()],
        check=lambda c: c.value == 2,  # checked after both threads end
        targets=[module],  # a switch point at every bytecode of module
    )
# --8<-- [end:scenario]


# --8<-- [start:checks]
def check_counters():
    racecheck.verify(two_increments(harness_counter))  # finds nothing
    bad = two_increments(harness_counter_bad)
    failure = racecheck.expect_failure(bad)  # finds a failing schedule
    assert failure.kind == "invariant"
    return failure
# --8<-- [end:checks]
