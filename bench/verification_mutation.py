"""Mutation score of every snippet, from the stored racecheck.mutate result.

    .venv/bin/python -m bench.verification_mutation      (make mutate runs it)

Reads docs/verification/mutation.json, which ``python -m racecheck.mutate
--store ...`` writes, and renders the score per operator and per snippet,
every equivalent-mutant declaration and every mutant still to fix, as
Markdown that docs/verification/mutation.md includes, and its Chinese
edition (included by mutation.zh.md) from the same result by the same code.
Nothing is measured here: the numbers are counts from the stored result.
Declaration reasons, operator names and descriptions stay as written in the
code (English) in both editions.
"""

from __future__ import annotations

from collections import Counter

from bench.output import Script
from racecheck.mutate import summary
from racecheck.mutate.operators import OPERATORS

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/mutation_score.md", "snippets/verification/figures/mutation_score.zh.md"],
    inputs=["docs/verification/mutation.json", "docs/verification/mutation-open.txt", "racecheck/mutate"],
    smoke=[],
)
STORE = "docs/verification/mutation.json"
OPEN = "docs/verification/mutation-open.txt"
COLUMNS = ("sites", "killed", "equivalent", "survived", "timeout", "error", "stale")


TEXT = {
    "en": {
        "total": "**{sites}** mutants of **{modules}** snippet modules: **{killed}** killed, "
                 "**{equivalent}** declared equivalent ({share:.1f}% of the sites), "
                 "**{survived}** survived, **{timeout}** hung the tests; score "
                 "**{score}** of the non-equivalent mutants.",
        "per operator": "### Per operator",
        "per snippet": "### Per snippet",
        "operator": "operator", "what": "what it does", "snippet": "snippet", "score": "score",
        "columns": {c: c for c in COLUMNS},
        "declared": "### Equivalent mutants, as declared in the code",
        "none": "(none)",
        "open": "### Still open",
        "nothing open": "(nothing: every non-equivalent mutant is killed)",
        "quiet": "Snippet modules without a mutation site (no lock, condition, event or semaphore "
                 "for an operator to break): {modules}.",
        "list sep": ", ",
    },
    "zh": {
        "total": "**{modules}** 个代码片段模块共 **{sites}** 个变异体：**{killed}** 个被杀死，"
                 "**{equivalent}** 个声明为等价（占全部变异位置的 {share:.1f}%），"
                 "**{survived}** 个存活，**{timeout}** 个挂住测试；非等价变异体的得分为 **{score}**。",
        "per operator": "### 按算子 { #per-operator }",
        "per snippet": "### 按代码片段 { #per-snippet }",
        "operator": "算子", "what": "做了什么", "snippet": "代码片段", "score": "得分",
        "columns": {"sites": "变异位置", "killed": "被杀死", "equivalent": "等价", "survived": "存活",
                    "timeout": "挂住", "error": "出错", "stale": "声明失效"},
        "declared": "### 代码中声明的等价变异体 { #equivalent-mutants-as-declared-in-the-code }",
        "none": "（无）",
        "open": "### 尚未解决 { #still-open }",
        "nothing open": "（无：每个非等价变异体都被杀死）",
        "quiet": "没有变异位置的代码片段模块（没有可供算子破坏的锁、条件变量、事件或信号量）：{modules}。",
        "list sep": "、",
    },
}


def _row(name: str, c, *extra: str) -> str:
    cells = [name, *extra, *(str(c[k]) for k in COLUMNS), summary.score(c)]
    return "| " + " | ".join(cells) + " |"


def _what(op: str) -> str:
    """The operator's docstring, first line, as Markdown."""
    doc = OPERATORS[op].__doc__ if op in OPERATORS else ""
    return (doc or "").strip().splitlines()[0].replace("``", "`") if doc else ""


def render(result: dict, known_open: dict | None = None, lang: str = "en") -> str:
    t = TEXT[lang]
    known_open = known_open or {}
    modules = summary.per_module(result)
    operators = summary.per_operator(result)
    total = sum(modules.values(), Counter())
    share = 100 * total["equivalent"] / total["sites"] if total["sites"] else 0.0
    rule = " | ".join("---:" for _ in COLUMNS)
    heads = " | ".join(t["columns"][c] for c in COLUMNS)
    lines = [
        t["total"].format(sites=total["sites"], modules=len(modules), killed=total["killed"],
                          equivalent=total["equivalent"], share=share, survived=total["survived"],
                          timeout=total["timeout"], score=summary.score(total)),
        "",
        t["per operator"],
        "",
        f"| {t['operator']} | {t['what']} | {heads} | {t['score']} |",
        f"| --- | --- | {rule} | ---: |",
        *(_row(f"`{op}`", c, _what(op)) for op, c in operators.items()),
        "",
        t["per snippet"],
        "",
        f"| {t['snippet']} | {heads} | {t['score']} |",
        f"| --- | {rule} | ---: |",
        *(_row(f"`{path}`", c) for path, c in modules.items()),
        "",
        t["declared"],
        "",
    ]
    declared = [(p, m) for p, mod in sorted(result["modules"].items()) for m in mod["mutants"] if m["declared"]]
    lines += [f"- `{p}:{m['line']}` `{m['operator']}`: {m['declared']}" for p, m in declared] or [t["none"]]
    lines += ["", t["open"], ""]
    still = [f"- `{line}`" for line in summary.open_lines(result, known_open) + summary.failures(result, known_open)]
    lines += still or [t["nothing open"]]
    quiet = sorted(p for p, mod in result["modules"].items() if not mod["mutants"] and not mod["problems"])
    lines += ["", t["quiet"].format(modules=t["list sep"].join(f"`{p}`" for p in quiet))]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    args = SCRIPT.parse_args(ap, argv)
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    result, known_open = summary.load(root / STORE), summary.load_open(root / OPEN)
    for lang, output in zip(("en", "zh"), SCRIPT.outputs):
        SCRIPT.write(args, render(result, known_open, lang), output)


if __name__ == "__main__":
    main()
