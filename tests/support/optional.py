"""Optional heavy dependencies: skip with a message that says how to install them.

The real-stack experiments need torch, tokenizers, httpx, openai and an ASGI
server; the rest of the suite and the site do not. Name them through
``require`` at the top of a test module, and import the snippets that use
them through ``lazy``:

    torch = require("torch")
    torch_threads = lazy("snippets.analysis.real_stack.torch_threads")

Both return the module without running it yet: it is imported on the first
use of one of its attributes, that is by the first test that uses it. Every
pytest-xdist worker collects every test module, and importing torch takes
about 1.5 s of CPU; done at collection, each worker paid it, though only the
one that runs these tests needs it. (A module whose parametrization reads a
snippet's attributes imports it at collection all the same.)
"""

from __future__ import annotations

import importlib.util
import re
import sys
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


def lazy(module: str) -> ModuleType:
    """``module``, imported on the first use of one of its attributes
    (``importlib.util.LazyLoader``); the module itself if already imported.
    The object is the module: ``sys.modules`` holds the same one."""
    if module in sys.modules:
        return sys.modules[module]
    spec = importlib.util.find_spec(module)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {module!r}", name=module)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    found = importlib.util.module_from_spec(spec)
    sys.modules[module] = found
    parent, _, name = module.rpartition(".")
    if parent:
        setattr(sys.modules[parent], name, found)  # as an import does
    spec.loader.exec_module(found)
    return found


def require(module: str, distribution: str | None = None) -> ModuleType:
    """``module`` (imported lazily: see ``lazy``), or skip the calling test
    module where it is not installed, saying how to install it."""
    distribution = distribution or module
    pin = pinned_version(distribution)
    spec = f"{distribution}=={pin}" if pin else distribution
    reason = (f"optional dependency {distribution} is not installed: "
              f"`make test` installs it, or `.venv/bin/pip install '{spec}'`")
    try:
        return lazy(module)
    except ModuleNotFoundError:
        pytest.skip(reason, allow_module_level=True)
