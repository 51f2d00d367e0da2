"""The racecheck check of harness_transfer and its known-bad variant."""

import racecheck
from snippets.verification import harness_transfer, harness_transfer_bad


# --8<-- [start:scenario]
def opposite_transfers(module):
    return racecheck.Scenario(
        name="transfer: a->b and b->a at once",
        setup=lambda: (module.Account(100), module.Account(100)),
        threads=[
            lambda s: module.transfer(s[0], s[1], 10),
            lambda s: module.transfer(s[1], s[0], 20),
        ],
        check=lambda s: s[0].balance + s[1].balance == 200,
        targets=[module],
    )
# --8<-- [end:scenario]


def check_transfers():
    racecheck.verify(opposite_transfers(harness_transfer))
    bad = opposite_transfers(harness_transfer_bad)
    failure = racecheck.expect_failure(bad)
    assert failure.kind == "deadlock"
    return failure
