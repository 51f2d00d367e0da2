"""Wrap every unmarked include of a ``*_bad.py`` module in a Known-bad box.

    python tools/mark_known_bad.py docs/path/page.md ...   (default: all of docs/)

The fence that includes the module is indented under
``!!! danger "Known-bad: <module>.py (do not copy)"``, which is what the
hygiene check ``bad_code_outside_known_bad_container`` asks for. Pages that
already comply are left byte for byte unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.markdown import containers, is_known_bad_opener, parse_include  # noqa: E402


def mark(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].lstrip()
        if stripped.startswith("```"):
            ticks = len(stripped) - len(stripped.lstrip("`"))
            end = i + 1
            while end < len(lines) and not lines[end].lstrip().startswith("`" * ticks):
                end += 1
            block = lines[i : end + 1]
            bad = [
                inc.file for t in block[1:-1]
                if (inc := parse_include(t)) and not inc.escaped and inc.file.endswith("_bad.py")
            ]
            if bad and not any(is_known_bad_opener(t) for t in containers(lines, i + 1)):
                pad = " " * (len(lines[i]) - len(stripped))
                name = Path(bad[0]).name
                out += [f'{pad}!!! danger "Known-bad: {name} (do not copy)"', ""]
                out += [("    " + t) if t.strip() else t for t in block]
            else:
                out += block
            i = end + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def main(paths: list[str]) -> int:
    pages = [Path(p) for p in paths] or sorted((ROOT / "docs").rglob("*.md"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = mark(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            print(f"marked {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
