"""Diagrams are text in the repository (```mermaid fences), drawn by the
vendored Mermaid the site serves itself (overrides/main.html), never a CDN.

Every fence is parsed by that same Mermaid in Chromium; a syntax error fails
naming the Markdown file and line. The crawl in test_browser.py checks that
every diagram renders, in light and dark, without a request off localhost.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.support.markdown import fences

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MERMAID_JS = ROOT / "docs/assets/javascripts/mermaid/mermaid-11.17.2.min.js"

_PARSE = """async (source) => {
  try { await mermaid.parse(source); return null; }
  catch (e) { return String((e && e.message) || e); }
}"""


def diagram_sources(root: Path) -> list[tuple[str, int, str]]:
    """(page, line of the opening fence, source) of every Mermaid fence in docs/."""
    found = []
    for page in sorted((root / "docs").rglob("*.md")):
        for fence in fences(page):
            if fence.info == "mermaid":
                source = textwrap.dedent("\n".join(fence.body))
                found.append((page.relative_to(root).as_posix(), fence.line, source))
    return found


def syntax_errors(browser, sources: list[tuple[str, int, str]]) -> list[str]:
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        errors = []
        for path, line, source in sources:
            message = page.evaluate(_PARSE, source)
            if message:
                m = re.search(r"on line (\d+)", message)
                where = line + int(m[1]) if m else line
                errors.append(f"{path}:{where}: Mermaid syntax error: {message.splitlines()[0]}")
        return errors
    finally:
        page.close()


def test_vendored_mermaid_is_the_one_the_site_loads():
    assert MERMAID_JS.is_file()
    assert (MERMAID_JS.parent / "LICENSE").is_file()
    assert MERMAID_JS.name in (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")


def test_the_five_diagrams_exist():
    """Lock-order cycle, producer/consumer hand-off, PagedAttention block
    table, continuous batching's loop, ring all-reduce (issue 12, item 6)."""
    pages = {path for path, _, _ in diagram_sources(ROOT)}
    assert {
        "docs/interview/fundamentals/deadlock-conditions.md",
        "docs/problems/primitives/bounded-queue.md",
        "docs/problems/primitives/kv-block-allocator.md",
        "docs/interview/serving/continuous-batching.md",
        "docs/interview/training/data-parallel-all-reduce.md",
    } <= pages


def test_every_diagram_parses(browser):
    sources = diagram_sources(ROOT)
    assert sources
    assert syntax_errors(browser, sources) == []


def test_a_syntax_error_names_the_file_and_line(browser, tmp_path):
    page = tmp_path / "docs" / "sec" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "# Page\n\n!!! note\n\n    ```mermaid\n    flowchart LR\n        A --> B\n        B -->> ((C\n    ```\n",
        encoding="utf-8",
    )
    errors = syntax_errors(browser, diagram_sources(tmp_path))
    assert len(errors) == 1 and errors[0].startswith("docs/sec/page.md:8: Mermaid syntax error"), errors


def test_every_diagram_has_an_accessible_title_and_description():
    """Mermaid turns accTitle/accDescr into the SVG's <title> and <desc>, what
    a screen reader says instead of the drawing (both editions)."""
    missing = [f"{path}:{line}" for path, line, source in diagram_sources(ROOT)
               if not ("accTitle:" in source and "accDescr:" in source)]
    assert not missing, missing
