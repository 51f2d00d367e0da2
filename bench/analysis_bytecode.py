"""The bytecode of four one-line updates on the running Python.

Run it on each Python you care about (the page shows 3.11, 3.12 and 3.13):

    .venv/bin/python bench/analysis_bytecode.py --markdown snippets/analysis/figures/bytecode_3.11.md
    PYENV_VERSION=3.12.1 python3.12 bench/analysis_bytecode.py --markdown snippets/analysis/figures/bytecode_3.12.md
    PYENV_VERSION=3.13.0 python3.13 bench/analysis_bytecode.py --markdown snippets/analysis/figures/bytecode_3.13.md

The output depends only on the Python version, so the test suite compares the
file for the running version with a fresh run.
"""

import argparse
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.output import Output, add_markdown_option  # noqa: E402
from snippets.analysis.atomicity import EXAMPLES, opnames  # noqa: E402


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


def main():
    ap = argparse.ArgumentParser()
    add_markdown_option(ap)
    args = ap.parse_args()
    out = Output()
    for line in lines():
        out(line)
    v = sys.version_info
    out.write_markdown(args.markdown, f"python{v.major}.{v.minor} bench/analysis_bytecode.py")


if __name__ == "__main__":
    main()
