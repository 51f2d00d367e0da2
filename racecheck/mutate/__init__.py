"""racecheck.mutate: mutation testing for concurrent code.

    python -m racecheck.mutate [paths ...] [-j N] [--store docs/verification/mutation.json]

Finds mutation sites in snippet modules (operators.py: a lock removed,
``while`` -> ``if`` around ``wait``, ``notify_all`` -> ``notify``, a
``notify``/``release``/``set``/``clear`` dropped, two locks swapped, a
statement moved out of its ``with`` block, ``RLock`` -> ``Lock``,
``wait_for`` -> ``wait``, a timeout dropped, one more semaphore permit, a
``Condition`` given its own lock instead of the shared one), runs
the tests that import each module against each mutant in throwaway copies of
the project (runner.py), and prints a summary (summary.py). Known-bad modules
(``*_bad.py``) are not mutated. A site is excluded as equivalent by a comment
on its line (sites.py):

    # mutant: equivalent <operator> -- <reason a reviewer can check>
"""

from .operators import OPERATORS, VERSION, Site  # noqa: F401
from .sites import find_sites  # noqa: F401
