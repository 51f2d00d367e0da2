"""racecheck: the handbook's verification harness (controlled interleavings,
linearizability, real-thread stress). See docs/verification/."""

from .linearizability import *  # noqa: F401,F403  (owned by the linearizability work)
from .stress import *  # noqa: F401,F403  (owned by the stress-layer work)
