"""The machine and versions a benchmark ran on, for every bench/ script.

A figure on a page is only worth as much as the description of where it was
measured, so every script prints this before its results:

    from bench.machine import banner
    print(banner(libraries=["numpy"]))

prints

    machine: 2 cores, AMD EPYC, Linux 6.1.0 x86_64
    python:  CPython 3.11.7 (GIL enabled), switch interval 0.005 s
    libraries: numpy 2.1.3
    load:    0.31, 0.52, 0.60 (1, 5, 15 min average) at the start

The load line says how busy the (often shared) machine was: a timing taken
at a load above the number of cores is a timing of the other jobs too.
Scripts whose run is long print ``load_line("at the end")`` as well.

``describe()`` returns the same facts as a dict, ``summary()`` as one line for
a sentence or a list item. A library that is not installed is reported as
"not installed" rather than raising, so a banner never stops a benchmark.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterable
from importlib import import_module, metadata


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else platform's guess."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def library_version(name: str) -> str:
    """The installed version of distribution or module ``name``.

    Looks at the installed distribution first, then at the module's
    ``__version__`` (for packages of this repository, which are not
    installed); "not installed" when neither exists.
    """
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    try:
        module = import_module(name)
    except ImportError:
        return "not installed"
    return str(getattr(module, "__version__", "unknown version"))


def gil_enabled() -> bool:
    """False only on a free-threaded build running with the GIL off (3.13+)."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def describe(libraries: Iterable[str] = ()) -> dict:
    """The machine and versions as a dict of strings (libraries: name -> version)."""
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu_model(),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}".strip(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "gil": "enabled" if gil_enabled() else "disabled",
        "switch_interval": f"{sys.getswitchinterval()} s",
        "libraries": {name: library_version(name) for name in libraries},
    }


def load_line(when: str = "at the start") -> str:
    """The load average (1, 5, 15 min) as a banner line; "unknown" where the OS has none."""
    try:
        values = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        values = "unknown"
    return f"load:    {values} (1, 5, 15 min average) {when}"


def banner_lines(libraries: Iterable[str] = ()) -> list[str]:
    """The lines a benchmark prints first: machine, Python, named libraries, load."""
    d = describe(libraries)
    lines = [
        f"machine: {d['cores']} cores, {d['cpu']}, {d['os']}",
        f"python:  {d['python']} (GIL {d['gil']}), switch interval {d['switch_interval']}",
    ]
    if d["libraries"]:
        lines.append("libraries: " + ", ".join(f"{n} {v}" for n, v in d["libraries"].items()))
    lines.append(load_line())
    return lines


def banner(libraries: Iterable[str] = ()) -> str:
    """``banner_lines()`` joined with newlines, ready to print."""
    return "\n".join(banner_lines(libraries))


def summary(libraries: Iterable[str] = ()) -> str:
    """The same facts on one line, e.g. for "- machine: ..." in a page's notes."""
    d = describe(libraries)
    parts = [
        f"{d['cores']} cores",
        d["cpu"],
        d["os"],
        f"{d['python']} (GIL {d['gil']})",
    ]
    parts += [f"{n} {v}" for n, v in d["libraries"].items()]
    return ", ".join(parts)
