"""The MkDocs hooks of mkdocs.yml (``hooks/*.py``), loaded as modules for tests.

MkDocs loads each hook from its file path, not as a package module; tests do
the same, once per hook and process.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

__all__ = ["HOOKS", "load_hook"]

HOOKS = Path(__file__).resolve().parents[2] / "hooks"


@functools.cache
def load_hook(name: str) -> ModuleType:
    """The module of ``hooks/<name>.py`` (for example ``load_hook("lang_marks")``)."""
    path = HOOKS / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(f"no hook {path}")
    spec = importlib.util.spec_from_file_location(f"mkdocs_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
