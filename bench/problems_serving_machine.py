"""Machine and version banner shared by the bench/problems_serving_*.py scripts."""

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def banner():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return (
        f"machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}\n"
        f"python:  {platform.python_implementation()} {platform.python_version()} "
        f"(GIL {'enabled' if gil else 'disabled'}), switch interval {sys.getswitchinterval()} s"
    )


def add_markdown_option(parser):
    parser.add_argument(
        "--markdown",
        metavar="PATH",
        help="also write the output as a ```text block to PATH (the page includes it)",
    )


class Output:
    """Prints lines and keeps them, so they can also go to a Markdown file."""

    def __init__(self):
        self.lines = []

    def __call__(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def write_markdown(self, path, command):
        if path:
            text = "```text\n$ " + command + "\n" + "\n".join(self.lines).rstrip() + "\n```\n"
            Path(path).write_text(text, encoding="utf-8")
