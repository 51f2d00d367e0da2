"""pytest plugin of racecheck.mutate: skip the test cases that cannot run the mutant.

A test file can import many snippet modules and parametrize one test over
them (the LeetCode template runs every problem's modules). A case whose
parameters are snippet modules, none of which is the mutated module, does not
execute it; running it costs time and proves nothing, so it is deselected.
Cases without module parameters always run, and so do cases whose module
imports the mutated one. Loaded with ``-p racecheck.mutate.select``; the
environment variable below holds the dotted names of the mutated module and of
every snippet module that imports it, comma-separated.
"""

from __future__ import annotations

import os
import types

ENV = "RACECHECK_MUTATE_MODULE"
FIRST_ENV = "RACECHECK_MUTATE_FIRST"  # node ids to run first (they killed earlier mutants)


def _modules(value, depth=0):
    """Snippet modules in a parameter value (also inside tuples, lists and rows)."""
    if isinstance(value, types.ModuleType):
        return {value.__name__} if value.__name__.startswith("snippets.") else set()
    if depth > 2:
        return set()
    if isinstance(value, (tuple, list)):
        return set().union(*(_modules(v, depth + 1) for v in value))
    return set()


def pytest_collection_modifyitems(config, items):
    targets = set(filter(None, os.environ.get(ENV, "").split(",")))
    if not targets:
        return
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        mods = set().union(*(_modules(v) for v in params.values())) if params else set()
        (drop if mods and not mods & targets else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    # Tests that killed this module's earlier mutants first: with -x, a
    # mutant they kill too ends the run early. Only the order changes.
    first = {nodeid: i for i, nodeid in enumerate(filter(None, os.environ.get(FIRST_ENV, "").split("\n")))}
    keep.sort(key=lambda item: first.get(item.nodeid, len(first)))
    items[:] = keep
