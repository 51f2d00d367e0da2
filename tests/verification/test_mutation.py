"""The stored mutation result (docs/verification/mutation.json) is fresh and clean.

Cheap by design: no mutant is run. For every snippet module the stored key
(a hash of the module, the tests that import it and their project imports,
and the operators' version) must equal the key of the files as they are now;
otherwise the module or its tests changed since the last `make mutate`. The
stored result must have no surviving, hanging or erroring mutant, no stale
declaration and no problem line. (The page's tables are a generated figure of
bench/verification_mutation.py, stale-checked by tests/bench/.)
"""

from pathlib import Path

from racecheck.mutate import summary
from racecheck.mutate.__main__ import snippet_modules
from racecheck.mutate.runner import module_key
from racecheck.mutate.sites import ImportGraph, module_name

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "docs" / "verification" / "mutation.json"
OPEN = ROOT / "docs" / "verification" / "mutation-open.txt"  # mutants known to be still open (shrink only)
COMMAND = "make mutate"


def stored() -> dict:
    assert STORE.is_file(), f"{STORE.relative_to(ROOT)} is missing: run `{COMMAND}`"
    result = summary.load(STORE)
    assert result["modules"], f"{STORE.relative_to(ROOT)} is empty or of another operators version: run `{COMMAND}`"
    return result


def test_every_snippet_module_has_a_fresh_stored_result():
    result = stored()
    graph = ImportGraph(ROOT)
    stale = []
    modules = snippet_modules(ROOT, ["snippets"])
    for path in modules:
        rel = path.relative_to(ROOT).as_posix()
        key = module_key(ROOT, graph, path, graph.tests_of(module_name(ROOT, path)))
        entry = result["modules"].get(rel)
        if entry is None or entry["key"] != key:
            stale.append(rel)
    assert not stale, f"changed since the stored mutation run (module or its tests): {stale}; run `{COMMAND}`"
    gone = sorted(set(result["modules"]) - {p.relative_to(ROOT).as_posix() for p in modules})
    assert not gone, f"stored results of modules that no longer exist: {gone}; run `{COMMAND}`"


def test_stored_result_kills_every_non_equivalent_mutant():
    """Every mutant is killed or declared equivalent, except those listed in
    mutation-open.txt; a listed one that is no longer open fails too."""
    assert summary.failures(stored(), summary.load_open(OPEN)) == []


def test_every_declaration_names_a_reason():
    """A declaration is only worth its reason: one a reviewer can check."""
    for path, mod in stored()["modules"].items():
        for m in mod["mutants"]:
            if m["declared"] is not None:
                assert len(m["declared"].split()) >= 4, f"{path}:{m['line']}: reason too short: {m['declared']!r}"
