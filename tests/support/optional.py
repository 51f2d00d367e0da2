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

``require`` keeps the package out of ``sys.modules`` until then: libraries
ask ``sys.modules`` whether a package is already imported (matplotlib's
``sys.modules["torch"].Tensor`` on every chart), and a lazy module there
answers by importing it, in whichever worker asked. ``lazy`` is for the
project's own modules, which nobody else asks about: they are in
``sys.modules`` from the start, so ``import`` finds the same object.
"""

from __future__ import annotations

import importlib
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


# What pytest's collection asks of every name of a test module (pytest 9:
# ``isclass`` reads ``__class__``; the unittest plugin's ``issubclass`` reads
# ``__bases__``; then ``__test__``, ``_mock_name`` and, through
# ``inspect.unwrap``, ``__wrapped__``). A module has none of the last four, so
# a lazy module answers them (and ``__class__``) without running: otherwise
# collecting a test module that names one runs it, in every pytest-xdist
# worker. Any other name runs the module (the import system's ``__spec__``,
# ``__path__``... included), as importlib.util.LazyLoader does.
_INTROSPECTION = frozenset({"__bases__", "__test__", "_mock_name", "__wrapped__"})
_LazyModule = getattr(importlib.util, "_LazyModule", None)  # LazyLoader's module type (3.11-3.13)

if _LazyModule is not None:
    class _IntrospectableLazyModule(_LazyModule):
        def __getattribute__(self, attr):
            if attr == "__class__":
                return _IntrospectableLazyModule
            if attr in _INTROSPECTION:
                raise AttributeError(attr)
            # Hand over to LazyLoader's own module type, which loads (3.13's
            # checks that the class is exactly its own) and then becomes a
            # plain module.
            object.__setattr__(self, "__class__", _LazyModule)
            return getattr(self, attr)


def lazy(module: str) -> ModuleType:
    """``module``, imported on the first use of one of its attributes
    (``importlib.util.LazyLoader``), but not by the questions pytest's
    collection asks (``_INTROSPECTION``); the module itself if already
    imported. The object is the module: ``sys.modules`` holds the same one."""
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
    if _LazyModule is not None and type(found) is _LazyModule:
        found.__class__ = _IntrospectableLazyModule
    return found


class _Deferred(ModuleType):
    """A stand-in for an installed package that is not imported yet, and not
    in ``sys.modules``: the first attribute read imports the package (then in
    ``sys.modules`` as usual) and every read goes to it. The names pytest's
    collection asks about (``_INTROSPECTION``) are answered without importing."""

    def __getattr__(self, attr):  # names not in the stand-in's own namespace
        if attr in _INTROSPECTION:
            raise AttributeError(attr)
        return getattr(importlib.import_module(self.__name__), attr)

    def __setattr__(self, attr, value):
        setattr(importlib.import_module(self.__name__), attr, value)

    def __repr__(self) -> str:
        return f"<package {self.__name__!r}, imported on first use>"


def require(module: str, distribution: str | None = None) -> ModuleType:
    """``module``, imported on the first use of one of its attributes (not
    before, and not into ``sys.modules`` before: see above), or skip the
    calling test module where it is not installed, saying how to install it."""
    distribution = distribution or module
    pin = pinned_version(distribution)
    spec = f"{distribution}=={pin}" if pin else distribution
    reason = (f"optional dependency {distribution} is not installed: "
              f"`make test` installs it, or `.venv/bin/pip install '{spec}'`")
    if module in sys.modules:
        return sys.modules[module]
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:  # a missing parent package
        found = None
    if found is None:
        pytest.skip(reason, allow_module_level=True)
    return _Deferred(module)
