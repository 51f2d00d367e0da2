"""Print the machine and versions a seed-review benchmark ran on."""

import os
import platform
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def describe():
    return (
        f"machine: {os.cpu_count()} cores, {cpu_model()}, {platform.platform()}\n"
        f"python:  {platform.python_implementation()} {platform.python_version()}"
        f"{' (GIL disabled)' if not getattr(sys, '_is_gil_enabled', lambda: True)() else ''}"
    )
