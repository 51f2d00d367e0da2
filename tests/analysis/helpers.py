"""Paths shared by the analysis tests.

Published counterexamples of this section live in
``snippets/analysis/counterexamples/<bad module>.txt`` and are checked by
``tests.support.counterexamples.check_published``; regenerate them on
Python 3.11 with UPDATE_COUNTEREXAMPLES=1 and review the diff.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNTEREXAMPLES = ROOT / "snippets/analysis/counterexamples"
