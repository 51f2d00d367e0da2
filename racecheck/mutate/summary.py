"""The result of a mutation run: JSON form, counts, and the text summary.

The machine-readable result (``--store``/``--json``) is one JSON object:

    tool               "racecheck.mutate"
    operators_version  int; results of another version are stale
    operators          [str]  every operator name
    modules            {path: module result}, path relative to the project root

and a module result:

    key        sha256 of the module, its tests and their project imports
    tests      [str]  test files that import the module
    baseline   "passed" | "failed" | "timeout" | "error" | "no tests" | "no sites"
    problems   [str]  unparsable module, bad declaration, failing baseline ...
    seconds    float  wall time of its runs (noisy; never compared)
    mutants    [{operator, line, description, status, seconds, detail,
                 declared: reason | null, killer_seconds (killed: the failing test's own seconds)}]

and, written by a fresh run over every snippet with every operator:

    full_run   {wall_seconds, jobs, load: {start, end, peak_1min, text}, pytest_runs:
                {kind: [count, seconds]}, modules, mutants_run, python, finished}

Mutant status: "killed", "survived", "timeout", "error", and for a site
declared equivalent "equivalent" (it survived) or "stale" (the declaration is
wrong: the mutant was killed or hung the tests).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .operators import OPERATORS, VERSION

STATUSES = ("killed", "survived", "timeout", "error", "equivalent", "stale")
PROBLEM_BASELINES = ("failed", "timeout", "error", "no tests")


def new_result() -> dict:
    return {"tool": "racecheck.mutate", "operators_version": VERSION, "operators": list(OPERATORS), "modules": {}}


def load(path: Path, any_version: bool = False) -> dict:
    """The stored result; an empty one if missing or made by other operators
    (unless ``any_version``: for hints that only order the runs)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return new_result()
    if data.get("operators_version") != VERSION and not any_version:
        return new_result()
    return data


def dump(result: dict, path: Path) -> None:
    modules = dict(sorted(result["modules"].items()))
    Path(path).write_text(json.dumps({**result, "modules": modules}, indent=1, sort_keys=True) + "\n",
                          encoding="utf-8")


def counts(mutants: list[dict]) -> Counter:
    c = Counter(m["status"] for m in mutants)
    c["sites"] = len(mutants)
    return c


def score(c: Counter) -> str:
    scored = c["sites"] - c["equivalent"]
    return f"{100 * c['killed'] / scored:.0f}%" if scored else "-"


def load_open(path: Path | None) -> dict[str, str]:
    """Mutants known to be still open: ``<module path>:<line> <operator> -- <why>`` per line.

    They are listed, not hidden: the summary and the page show them, and an
    entry whose mutant is now killed (or gone) is itself a failure, so the
    list can only shrink.
    """
    entries: dict[str, str] = {}
    if path is None or not Path(path).is_file():
        return entries
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, why = line.partition(" -- ")
            entries[key.strip()] = why.strip()
    return entries


def open_key(path: str, m: dict) -> str:
    return f"{path}:{m['line']} {m['operator']}"


def failures(result: dict, known_open: dict[str, str] | None = None) -> list[str]:
    """One named line per thing that keeps the run from being clean."""
    known_open = known_open or {}
    lines = []
    still_open = set()
    for path, mod in sorted(result["modules"].items()):
        lines += [f"{path}: {p}" for p in mod["problems"]]
        for m in mod["mutants"]:
            if m["status"] in ("survived", "timeout") and open_key(path, m) in known_open:
                still_open.add(open_key(path, m))
                continue
            if m["status"] in ("survived", "timeout", "error", "stale"):
                what = {"survived": "SURVIVED", "timeout": "HANGS THE TESTS", "error": "ERROR",
                        "stale": f"STALE DECLARATION (the mutant {m['detail'].split(':', 1)[0]})"}[m["status"]]
                lines.append(f"{path}:{m['line']}: {what}: {m['operator']}: {m['description']}")
    ran = set(result["modules"])
    lines += [f"{key}: listed as open, but no longer survives or hangs: remove it from the list"
              for key in sorted(known_open) if key not in still_open and key.split(":")[0] in ran]
    return lines


def open_lines(result: dict, known_open: dict[str, str]) -> list[str]:
    return [f"{open_key(path, m)} ({m['status']}) -- {known_open[open_key(path, m)]}"
            for path, mod in sorted(result["modules"].items()) for m in mod["mutants"]
            if open_key(path, m) in known_open and m["status"] in ("survived", "timeout")]


def _table(title: str, rows: dict[str, Counter]) -> list[str]:
    cols = ("sites", "killed", "survived", "timeout", "error", "equivalent", "stale")
    width = max([len(title)] + [len(k) for k in rows])
    out = [f"{title:<{width}}  " + "  ".join(f"{c:>10}" for c in cols) + "  score"]
    total = Counter()
    for key, c in rows.items():
        total.update(c)
        out.append(f"{key:<{width}}  " + "  ".join(f"{c[k]:>10}" for k in cols) + f"  {score(c):>5}")
    out.append(f"{'total':<{width}}  " + "  ".join(f"{total[k]:>10}" for k in cols) + f"  {score(total):>5}")
    return out


def per_module(result: dict) -> dict[str, Counter]:
    return {path: counts(mod["mutants"]) for path, mod in sorted(result["modules"].items()) if mod["mutants"]}


def per_operator(result: dict) -> dict[str, Counter]:
    by_op: dict[str, list] = {name: [] for name in result.get("operators", OPERATORS)}
    for mod in result["modules"].values():
        for m in mod["mutants"]:
            by_op.setdefault(m["operator"], []).append(m)
    return {op: counts(ms) for op, ms in by_op.items()}


def declarations(result: dict) -> list[str]:
    return [
        f"{path}:{m['line']}: {m['operator']} ({m['status']}) -- {m['declared']}"
        for path, mod in sorted(result["modules"].items())
        for m in mod["mutants"]
        if m["declared"]
    ]


def text(result: dict, known_open: dict[str, str] | None = None) -> str:
    """The summary printed at the end of a run."""
    known_open = known_open or {}
    out = ["", "== mutation summary: per module =="]
    out += _table("module", per_module(result))
    out += ["", "== per operator =="]
    out += _table("operator", per_operator(result))
    quiet = [f"{path}: baseline {mod['baseline']}" for path, mod in sorted(result["modules"].items())
             if mod["baseline"] in ("no sites",)]
    if quiet:
        out += ["", f"== modules without mutation sites ({len(quiet)}) =="] + quiet
    decl = declarations(result)
    out += ["", f"== equivalent-mutant declarations ({len(decl)}) =="] + (decl or ["(none)"])
    listed = open_lines(result, known_open)
    if listed:
        out += ["", f"== known open, listed in the open file ({len(listed)}) =="] + listed
    bad = failures(result, known_open)
    out += ["", f"== to fix ({len(bad)}) =="] + (bad or ["(nothing else: every other non-equivalent mutant is killed)"])
    return "\n".join(out) + "\n"
