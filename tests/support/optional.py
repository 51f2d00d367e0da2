"""Optional heavy dependencies: skip with a message that says how to install them.

The real-stack experiments need torch, tokenizers, httpx, openai and an ASGI
server; the rest of the suite and the site do not. Import them through
``require`` at the top of a test module, before importing the snippet:

    tokenizers = require("tokenizers")
    from snippets.analysis.real_stack import tokenizers_shared
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements.txt"


def pinned_version(distribution: str) -> str | None:
    """The ``==`` pin of ``distribution`` in requirements.txt, or None."""
    wanted = re.sub(r"[-_.]+", "-", distribution).lower()
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#", 1)[0].strip().partition("==")
        if sep and re.sub(r"[-_.]+", "-", name).lower() == wanted:
            return version.strip()
    return None


def require(module: str, distribution: str | None = None) -> ModuleType:
    """Import ``module`` or skip the calling test module, saying how to install it."""
    distribution = distribution or module
    pin = pinned_version(distribution)
    spec = f"{distribution}=={pin}" if pin else distribution
    return pytest.importorskip(
        module,
        reason=f"optional dependency {distribution} is not installed: "
        f"`make test` installs it, or `.venv/bin/pip install '{spec}'`",
    )
