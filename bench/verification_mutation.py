"""Mutation score of every snippet, from the stored racecheck.mutate result.

    .venv/bin/python -m bench.verification_mutation      (make mutate runs it)

Reads docs/verification/mutation.json, which ``python -m racecheck.mutate
--store ...`` writes, and renders the score per operator and per snippet,
every equivalent-mutant declaration and every mutant still to fix, as
Markdown that docs/verification/mutation.md includes. Nothing is measured
here: the numbers are counts from the stored result.
"""

from __future__ import annotations

from collections import Counter

from bench.output import Script
from racecheck.mutate import summary
from racecheck.mutate.operators import OPERATORS

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/mutation_score.md"],
    inputs=["docs/verification/mutation.json", "docs/verification/mutation-open.txt", "racecheck/mutate"],
    smoke=[],
)
STORE = "docs/verification/mutation.json"
OPEN = "docs/verification/mutation-open.txt"
COLUMNS = ("sites", "killed", "equivalent", "survived", "timeout", "error", "stale")


def _row(name: str, c, *extra: str) -> str:
    cells = [name, *extra, *(str(c[k]) for k in COLUMNS), summary.score(c)]
    return "| " + " | ".join(cells) + " |"


def _what(op: str) -> str:
    """The operator's docstring, first line, as Markdown."""
    doc = OPERATORS[op].__doc__ if op in OPERATORS else ""
    return (doc or "").strip().splitlines()[0].replace("``", "`") if doc else ""


def render(result: dict, known_open: dict | None = None) -> str:
    known_open = known_open or {}
    modules = summary.per_module(result)
    operators = summary.per_operator(result)
    total = sum(modules.values(), Counter())
    share = 100 * total["equivalent"] / total["sites"] if total["sites"] else 0.0
    rule = " | ".join("---:" for _ in COLUMNS)
    lines = [
        f"**{total['sites']}** mutants of **{len(modules)}** snippet modules: **{total['killed']}** killed, "
        f"**{total['equivalent']}** declared equivalent ({share:.1f}% of the sites), "
        f"**{total['survived']}** survived, **{total['timeout']}** hung the tests; score "
        f"**{summary.score(total)}** of the non-equivalent mutants.",
        "",
        "### Per operator",
        "",
        "| operator | what it does | " + " | ".join(COLUMNS) + " | score |",
        f"| --- | --- | {rule} | ---: |",
        *(_row(f"`{op}`", c, _what(op)) for op, c in operators.items()),
        "",
        "### Per snippet",
        "",
        "| snippet | " + " | ".join(COLUMNS) + " | score |",
        f"| --- | {rule} | ---: |",
        *(_row(f"`{path}`", c) for path, c in modules.items()),
        "",
        "### Equivalent mutants, as declared in the code",
        "",
    ]
    declared = [(p, m) for p, mod in sorted(result["modules"].items()) for m in mod["mutants"] if m["declared"]]
    lines += [f"- `{p}:{m['line']}` `{m['operator']}`: {m['declared']}" for p, m in declared] or ["(none)"]
    lines += ["", "### Still open", ""]
    still = [f"- `{line}`" for line in summary.open_lines(result, known_open) + summary.failures(result, known_open)]
    lines += still or ["(nothing: every non-equivalent mutant is killed)"]
    quiet = sorted(p for p, mod in result["modules"].items() if not mod["mutants"] and not mod["problems"])
    lines += ["", "Snippet modules without a mutation site (no lock, condition, event or semaphore "
              "for an operator to break): " + ", ".join(f"`{p}`" for p in quiet) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    args = SCRIPT.parse_args(ap, argv)
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    SCRIPT.write(args, render(summary.load(root / STORE), summary.load_open(root / OPEN)))


if __name__ == "__main__":
    main()
