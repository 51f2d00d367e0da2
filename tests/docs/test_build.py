"""The site builds with `mkdocs build --strict`, and the strict build has teeth."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

from tests.docs.conftest import ROOT, mkdocs_build


def test_strict_build_passes(strict_build):
    result, site = strict_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()


def test_built_pages_load_nothing_from_a_cdn(built_site):
    """No page references a third-party host for scripts, styles or fonts."""
    offenders = []
    for page in built_site.rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', page.read_text(encoding="utf-8")):
            tag_context = url.lower()
            if tag_context.endswith((".js", ".css", ".woff", ".woff2")) or "fonts.g" in tag_context:
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    assert not offenders, "\n".join(offenders)


def _project_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A throwaway project using the real mkdocs.yml settings, without its nav."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")  # the theme's custom_dir
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks")  # mkdocs.yml hooks
    for rel, text in pages.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_broken_internal_link_fails_the_build(tmp_path):
    project = _project_with(tmp_path, {"index.md": "# Home\n\nSee [gone](missing.md).\n"})
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md" in result.stderr and "missing.md" in result.stderr, result.stderr


def test_broken_anchor_fails_the_build(tmp_path):
    project = _project_with(
        tmp_path,
        {"index.md": "# Home\n\nSee [there](other.md#no-such-heading).\n", "other.md": "# Other\n\n## Real heading\n"},
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md" in result.stderr and "no-such-heading" in result.stderr, result.stderr


def test_valid_anchor_builds(tmp_path):
    project = _project_with(
        tmp_path,
        {"index.md": "# Home\n\nSee [there](other.md#real-heading).\n", "other.md": "# Other\n\n## Real heading\n"},
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr


def test_broken_include_fails_the_build(tmp_path):
    project = _project_with(
        tmp_path, {"index.md": '# Home\n\n```python\n--8<-- "snippets/nope.py"\n```\n'}
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "snippets/nope.py" in result.stderr, result.stderr


def _site_url() -> str:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).site_url


def test_sitemap_lists_every_page_under_the_site_url(built_site):
    """mkdocs writes an empty sitemap.xml without site_url: mkdocs.yml sets one."""
    from tests.support.crawl import site_pages

    site_url = _site_url()
    assert site_url and site_url.endswith("/")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    pages = {site_url + p for p in site_pages(built_site) if p != "404.html"}
    assert len(pages) > 50 and locs == pages, sorted(locs ^ pages)[:10]


def test_site_url_is_set_by_the_environment(monkeypatch):
    monkeypatch.setenv("HANDBOOK_SITE_URL", "https://docs.test/handbook/")
    assert _site_url() == "https://docs.test/handbook/"
    monkeypatch.delenv("HANDBOOK_SITE_URL")
    assert _site_url() == "https://thread-safety-handbook.example/"
