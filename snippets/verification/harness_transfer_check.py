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


def three_accounts(module):
    """a->b, b->c, c->a: no two transfers take the same pair of locks, so
    each lock matters (with two accounts one shared lock would hide a missing one)."""
    return racecheck.Scenario(
        name="transfer: a->b, b->c, c->a at once",
        setup=lambda: (module.Account(100), module.Account(100), module.Account(100)),
        threads=[
            lambda s: module.transfer(s[0], s[1], 10),
            lambda s: module.transfer(s[1], s[2], 20),
            lambda s: module.transfer(s[2], s[0], 30),
        ],
        check=lambda s: [a.balance for a in s] == [120, 90, 90],
        targets=[module],
    )


def check_transfers():
    racecheck.verify(opposite_transfers(harness_transfer))
    racecheck.verify(three_accounts(harness_transfer))
    bad = opposite_transfers(harness_transfer_bad)
    failure = racecheck.expect_failure(bad)
    assert failure.kind == "deadlock"
    return failure
