"""The site builds with `mkdocs build --strict`, and the strict build has teeth."""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.support.hooks import load_hook
from tests.support.site import ROOT, mkdocs_build, project_with


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


_OTHER = {"other.md": "# Other\n\n## Real heading\n", "other.zh.md": "# 其他\n\n## 真正的标题 { #real-heading }\n"}

# Each broken reference on its own page, in one project: strict mode reports
# every warning before it fails, so one build shows that each is named.
# (A missing include stops the build at once: it gets its own project.)
_BROKEN_LINKS = {
    **_OTHER,
    "index.md": "# Home\n", "index.zh.md": "# 首页\n",
    "link.md": "# Link\n\nSee [gone](missing.md).\n",
    "anchor.md": "# Anchor\n\nSee [there](other.md#no-such-heading-en).\n",
    # The Chinese edition is checked as strictly (issue 13: a broken link in either edition).
    "zh-link.zh.md": "# 链接\n\n见[不存在](missing-zh.md)。\n",
    "zh-anchor.zh.md": "# 锚点\n\n见[那里](other.md#no-such-heading-zh)。\n",
}


@pytest.mark.parametrize(
    ("pages", "named"),
    [
        (_BROKEN_LINKS, [("link.md", "missing.md"), ("anchor.md", "no-such-heading-en"),
                         ("zh-link.zh.md", "missing-zh.md"), ("zh-anchor.zh.md", "no-such-heading-zh")]),
        ({"index.md": '# Home\n\n```python\n--8<-- "snippets/nope.py"\n```\n'}, [("snippets/nope.py",)]),
        (None, []),  # the same kinds of reference, not broken: the project builds
    ],
    ids=["links-and-anchors", "include", "valid"],
)
def test_a_broken_reference_fails_the_build_naming_it(tmp_path, pages, named):
    if pages is None:
        pages = {"index.md": "# Home\n\nSee [there](other.md#real-heading).\n",
                 "index.zh.md": "# 首页\n\n见[那里](other.md#real-heading)。\n", **_OTHER}
    result = mkdocs_build(project_with(tmp_path, pages), tmp_path / "site")
    if not named:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode != 0
    # each mistake on one line that names the page and the broken target
    lines = result.stderr.splitlines()
    missing = [words for words in named if not any(all(w in line for w in words) for line in lines)]
    assert not missing, f"not named: {missing}\n{result.stderr}"


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


# --- hooks/shared_work.py: the Chinese edition reuses the English build's work --

_SHARED_PAGES = {
    "index.md": "# Home\n\nA page about deadlocks.\n\n```python\nimport threading\nlock = threading.Lock()\n```\n",
    "index.zh.md": "# 首页\n\n一个关于死锁的页面，死锁的例子。\n\n```python\nimport threading\nlock = threading.Lock()\n```\n",
    "other.md": "# Other\n\n## Part\n\n```python\nimport threading\nlock = threading.Lock()\n```\n\nSee [home](index.md).\n",
    "other.zh.md": "# 其他\n\n## 部分 { #part }\n\n```python\nimport threading\nlock = threading.Lock()\n```\n\n见[首页](index.md)，关于死锁。\n",
}


def _site_files(site) -> dict[str, bytes]:
    # sitemap.xml.gz records the time it was written; sitemap.xml holds the same.
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"
    }


def test_shared_work_leaves_the_site_unchanged(tmp_path):
    """The same project built with and without hooks/shared_work.py gives the
    same files, byte for byte (code blocks repeated across pages and editions,
    Chinese text in both editions), and so does a build with the warm cache
    the first build filled (its cache on disk)."""
    cache = tmp_path / "cache"
    sites = {}
    for label, without in (("with", ()), ("without", ("shared_work.py",)), ("warm", ())):
        project = project_with(tmp_path / ("without" if without else "with"), _SHARED_PAGES, without_hooks=without)
        result = mkdocs_build(project, tmp_path / f"site-{label}", env={"HANDBOOK_BUILD_CACHE": str(cache)})
        assert result.returncode == 0, result.stderr
        sites[label] = _site_files(tmp_path / f"site-{label}")
    assert "zh/other/index.html" in sites["with"]
    assert {"highlight-main.marshal", "highlight-editions.marshal", "jieba.marshal"} <= {p.name for p in cache.iterdir()}
    for other in ("without", "warm"):
        differ = [name for name in sites["with"].keys() | sites[other].keys()
                  if sites["with"].get(name) != sites[other].get(name)]
        assert not differ, (other, differ)


def test_parallel_editions_leave_the_site_unchanged(tmp_path):
    """hooks/parallel_editions.py: the Chinese edition built in a second process
    gives the same files, byte for byte, as the plugin's one-after-the-other
    build (HANDBOOK_PARALLEL=false), sitemap and both search indexes included;
    nothing of the child's work folder is left beside the site."""
    project = project_with(tmp_path / "project", _SHARED_PAGES)
    sites = {}
    for parallel in ("true", "false"):
        result = mkdocs_build(project, tmp_path / parallel / "site", env={"HANDBOOK_PARALLEL": parallel})
        assert result.returncode == 0, result.stderr
        assert ("edition in a second process" in result.stderr) == (parallel == "true"), result.stderr
        sites[parallel] = _site_files(tmp_path / parallel / "site")
        assert [p.name for p in (tmp_path / parallel).iterdir()] == ["site"]
    assert {"zh/other/index.html", "zh/search/search_index.json", "sitemap.xml"} <= sites["true"].keys()
    differ = [name for name in sites["true"].keys() | sites["false"].keys()
              if sites["true"].get(name) != sites["false"].get(name)]
    assert not differ, differ


def test_build_cache_is_read(tmp_path):
    """hooks/shared_work.py's cache on disk is really read: an entry edited on
    disk shows in the next build (highlighted code in a page, segmented
    Chinese in the search index). test_shared_work_leaves_the_site_unchanged
    checks that a warm build gives the same files as a cold one."""
    import marshal

    project = project_with(tmp_path / "project", _SHARED_PAGES)
    cache = tmp_path / "cache"
    env = {"HANDBOOK_BUILD_CACHE": str(cache)}
    assert mkdocs_build(project, tmp_path / "cold", env=env).returncode == 0

    def edit(name, change):
        header, entries = marshal.loads((cache / name).read_bytes())
        (cache / name).write_bytes(marshal.dumps((header, {key: change(value) for key, value in entries.items()})))

    edit("highlight-main.marshal", lambda html: html.replace("threading", "CACHED_threading"))
    edit("highlight-editions.marshal", lambda html: html.replace("threading", "CACHED_threading"))
    edit("jieba.marshal", lambda words: ["缓存", *words])
    result = mkdocs_build(project, tmp_path / "edited", env=env)
    assert result.returncode == 0, result.stderr
    assert "CACHED_threading" in (tmp_path / "edited" / "index.html").read_text(encoding="utf-8")
    index = json.loads((tmp_path / "edited" / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("缓存" in doc["text"] for doc in index["docs"]), index["docs"]


def test_build_cache_ignores_foreign_and_broken_files(tmp_path, monkeypatch):
    """A cache file of other versions (its header differs) or not a cache file
    at all reads as empty; HANDBOOK_BUILD_CACHE=false means no cache."""
    hook = load_hook("shared_work")
    path = tmp_path / "entries.marshal"
    hook.store_entries(path, {"pygments": "1"}, {b"k": "v"})
    assert hook.load_entries(path, {"pygments": "1"}) == {b"k": "v"}
    assert hook.load_entries(path, {"pygments": "2"}) == {}
    path.write_bytes(b"not marshal")
    assert hook.load_entries(path, {"pygments": "1"}) == {}
    assert hook.load_entries(tmp_path / "missing.marshal", {}) == {}
    monkeypatch.setenv("HANDBOOK_BUILD_CACHE", "false")
    assert hook.cache_dir(object()) is None


def test_a_failing_chinese_edition_fails_the_parallel_build(tmp_path):
    """The child's strict failure is the command's, named, and leaves no work folder."""
    pages = {"index.md": "# Home\n", "index.zh.md": "# 首页\n\n见[不存在](missing.md)。\n"}
    result = mkdocs_build(project_with(tmp_path / "project", pages), tmp_path / "out" / "site",
                          env={"HANDBOOK_PARALLEL": "true"})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "index.zh.md" in output and "the build of the zh edition failed" in output, output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]


@pytest.fixture
def shared_work(monkeypatch):
    """hooks/shared_work.py installed for one test (the wrapped functions are put back)."""
    import jieba
    import pymdownx.highlight

    monkeypatch.setattr(pymdownx.highlight, "highlight", pymdownx.highlight.highlight)
    monkeypatch.setattr(jieba, "cut", jieba.cut)
    monkeypatch.setattr(jieba, "marshal", jieba.marshal)
    hook = load_hook("shared_work")
    hook.on_config(_NoI18nConfig())
    yield hook
    hook.on_config(_NoI18nConfig())  # empty the caches


class _NoI18nConfig(dict):
    plugins: dict = {}


def test_shared_work_highlights_a_block_once_per_set_of_options(shared_work):
    import pymdownx.highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    code = "lock = threading.Lock()\n"
    first = pymdownx.highlight.highlight(code, PythonLexer(), HtmlFormatter(lineanchors="__codelineno-0"))
    again = pymdownx.highlight.highlight(code, PythonLexer(), HtmlFormatter(lineanchors="__codelineno-0"))
    other = pymdownx.highlight.highlight(code, PythonLexer(), HtmlFormatter(lineanchors="__codelineno-1"))
    assert first == again and "__codelineno-0" in first
    assert "__codelineno-1" in other and "__codelineno-0" not in other  # options are part of the key
    assert shared_work.stats()["highlight"] == 1 and shared_work.stats()["highlighted"] == 2


def test_shared_work_segments_chinese_once(shared_work):
    import jieba

    words = list(jieba.cut("条件变量与死锁".encode("utf-8")))
    assert list(jieba.cut("条件变量与死锁".encode("utf-8"))) == words
    assert list(jieba.cut.__wrapped__("条件变量与死锁".encode("utf-8"))) == words
    assert shared_work.stats()["jieba"] == 1


def test_shared_work_compiles_a_template_once_per_source(shared_work):
    import jinja2

    sources = {"page.html": "Hello {{ name }}"}
    envs = [jinja2.Environment(loader=jinja2.DictLoader(sources)) for _ in range(3)]
    for env in envs:
        shared_work.on_env(env, None, None)
    assert envs[0].get_template("page.html").render(name="A") == "Hello A"
    compiled = dict(shared_work._templates._store)
    assert len(compiled) == 1
    assert envs[1].get_template("page.html").render(name="B") == "Hello B"  # from the cache
    sources["page.html"] = "Bye {{ name }}"  # a changed template is compiled afresh
    assert envs[2].get_template("page.html").render(name="C") == "Bye C"
    assert shared_work._templates._store != compiled


def test_one_segmenter_serves_both_edition_processes(shared_work):
    """One helper process cuts Chinese for the build and for the editions'
    process forked after it (hooks/parallel_editions.py), each on its own
    connection, with the words jieba itself gives; it exits once both have
    closed their ends."""
    import jieba

    runs = ["条件变量与死锁".encode("utf-8"), "读写锁".encode("utf-8")]
    segmenter = shared_work._Segmenter(jieba)
    expected = [list(jieba.cut.__wrapped__(run)) for run in runs]  # cut here, after the helper was forked
    child = os.fork()
    if child == 0:  # as the editions' process: take the spare connection
        try:
            ok = segmenter.adopt() and segmenter.owner == os.getpid() and segmenter.cut_many(runs) == expected
            segmenter.close()
        except BaseException:  # noqa: BLE001 - reported through the exit status
            ok = False
        os._exit(0 if ok else 1)
    segmenter.release_spares()
    words = segmenter.cut_many(runs)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    segmenter.close()  # waits for the helper: it has seen both connections close
    with pytest.raises(ChildProcessError):
        os.waitpid(segmenter.pid, os.WNOHANG)
    assert words == expected


def test_runs_cut_ahead_are_answered_later_without_blocking(shared_work):
    """A page's runs go to the helper as soon as the page is rendered
    (cut_ahead, no reply) and are asked for later (cut_many): more requests
    than a pipe holds do not block either side, and the answers are jieba's
    words for exactly the runs asked for."""
    import jieba

    runs = [f"第{i}个条件变量与死锁的例子".encode("utf-8") for i in range(3000)]  # ~130 KB of requests
    segmenter = shared_work._Segmenter(jieba, processes=1)
    for start in range(0, len(runs), 10):
        segmenter.cut_ahead(runs[start:start + 10])
    asked = runs[5:8] + ["读写锁".encode("utf-8")]  # the last one was not sent ahead
    words = segmenter.cut_many(asked)
    segmenter.close()
    assert words == [list(jieba.cut.__wrapped__(run)) for run in asked]


def test_jieba_reads_its_dictionary_cache_whole(shared_work):
    import io
    import marshal

    import jieba

    assert jieba.marshal is shared_work._WholeFileMarshal
    data = ({"条件": 3, "变量": 5}, 8)
    assert jieba.marshal.load(io.BytesIO(marshal.dumps(data))) == data
