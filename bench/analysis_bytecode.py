"""The bytecode of four one-line updates, on Python 3.11, 3.12 and 3.13.

    .venv/bin/python -m bench.analysis_bytecode [--pythons 3.11 3.12 3.13]

Runs itself under each Python of --pythons (others through pyenv) with
--print-only and writes snippets/analysis/figures/bytecode.md, one tab per
version (included by docs/analysis/python-runtime.md). The output depends only
on the Python version, so tests/analysis/test_bench_scripts.py compares the
tab of the running version with a fresh --print-only run.
"""

import inspect
import sys

from bench.output import Script, run_module_under, tabs, this_python
from snippets.analysis.atomicity import EXAMPLES, opnames

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/bytecode.md"],
    inputs=["snippets/analysis/atomicity.py"],
    smoke=["--pythons", "this"],
)


def lines():
    impl = sys.implementation.name
    v = sys.version_info
    yield f"python: {impl} {v.major}.{v.minor} (bytecode is a property of the minor version)"
    for fn in EXAMPLES:
        source = inspect.getsource(fn).splitlines()[1].split("#")[0].strip()
        ops = opnames(fn)
        yield ""
        yield f"{source}    ({len(ops)} instructions)"
        yield "    " + " ".join(ops)


def text() -> str:
    return "\n".join(lines()) + "\n"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--pythons", nargs="+", default=["3.11", "3.12", "3.13"],
                    help='Python versions ("this": the running one)')
    ap.add_argument("--print-only", action="store_true", help="print this Python's bytecode, write nothing")
    args = SCRIPT.parse_args(ap, argv)
    if args.print_only:
        print(text(), end="")
        return
    blocks = {}
    for minor in [this_python() if p == "this" else p for p in args.pythons]:
        out = text() if minor == this_python() else run_module_under(minor, SCRIPT.module, ["--print-only"])
        print(out, flush=True)
        blocks[f"Python {minor}"] = "```text\n" + out + "```\n"
    command = f"```console\n$ {SCRIPT.command(args)}\n```\n\n"
    SCRIPT.write(args, command + tabs(blocks), versions="CPython " + ", ".join(blocks))


if __name__ == "__main__":
    main()
