"""Work both editions share is done once per build, not once per edition.

mkdocs-static-i18n 1.3 builds the Chinese edition after the English one, in
the same process and with the same configuration (its ``on_post_build`` calls
``mkdocs.commands.build.build`` again). Three pieces of the second build
repeat work already done, with the same inputs and so the same result:

- the theme's Jinja templates are compiled again (a new Jinja environment per
  build): the environment gets a bytecode cache kept for the whole process
  (Jinja's own ``BytecodeCache`` API; an entry is keyed by template name and a
  checksum of the source, so a changed template is compiled afresh);
- every code block is highlighted again (the two editions include the same
  ``snippets/``): ``pygments.highlight`` as called by
  ``pymdownx.highlight`` is a pure function of the code, the lexer class and
  options and the formatter class and options, so its result is memoized
  on exactly those;
- the search plugin segments Chinese text with jieba run by run, and the same
  runs recur across pages and editions: ``jieba.cut`` (deterministic for a
  loaded dictionary) is memoized on its arguments and the dictionary in use.
  The cutting happens in a helper process (below): as soon as a page is
  rendered, its runs of Chinese go to it in one message, and just before the
  search plugin reads the page they are asked for in another, by which time
  the helper has cut them while the pages went on rendering (two messages
  per page instead of a round trip per run: some 13,000 for the Chinese
  edition, once the longest part of its build).

Both results also outlive the build, in a cache on disk (``.cache/build/``
beside mkdocs.yml, git-ignored; ``HANDBOOK_BUILD_CACHE`` names another
folder, or ``false`` for none): each process of the build loads the
highlighted code the last build stored and stores what it used, and the
helper does the same for the runs it cut. An entry is keyed by everything
its result depends on (the code, the lexer's and formatter's class names and
options, the Pygments and pymdown-extensions versions; the run, the jieba
version and dictionary), so the next build reuses exactly what would come
out the same, and each file holds only what the last build used. A build
with a warm cache skips most highlighting and all cutting (and jieba's
dictionary, when no run is new).

The site is byte-identical with and without this hook
(tests/docs/test_build.py::test_shared_work_leaves_the_site_unchanged); the
time it saves is measured by bench/docs_build_time.py. The memoized functions
are wrapped once per process and the caches are emptied when a build starts
(not when the i18n plugin starts its inner build), so ``mkdocs serve`` does
not grow them without bound.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from html import unescape
from typing import Any

import jinja2
from backrefs import bre  # as Material's search plugin matches Chinese
from mkdocs.plugins import CombinedEvent, event_priority

__all__ = [
    "MemoryBytecodeCache", "cache_dir", "chinese_runs", "install", "load_entries", "on_build_error", "on_config", "on_env",
    "on_nav", "on_page_content", "on_page_context", "on_post_build", "on_startup", "stats", "store_entries",
]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory (Jinja checks the source checksum)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


_templates = MemoryBytecodeCache()
_highlighted: dict[tuple, str] = {}
_segmented: dict[tuple, tuple[str, ...]] = {}
_hits = {"highlight": 0, "jieba": 0, "highlight_disk": 0}


# --- the cache on disk ---------------------------------------------------------

_cache_dir: list[Path] = []  # the build's cache folder, if any (set by on_config)
_stored_highlight: dict[bytes, str] = {}  # loaded from disk: what earlier builds highlighted
_used_highlight: dict[bytes, str] = {}  # what this process's build highlighted (stored at its end)


def cache_dir(config) -> Path | None:
    """The folder of the build cache: ``HANDBOOK_BUILD_CACHE`` (a path, or
    false/0/no for none), else ``.cache/build`` beside mkdocs.yml."""
    chosen = os.environ.get("HANDBOOK_BUILD_CACHE")
    if chosen is not None and chosen.strip().lower() in {"", "0", "false", "no"}:
        return None
    if chosen:
        return Path(chosen)
    config_file = getattr(config, "config_file_path", None)
    return Path(config_file).resolve().parent / ".cache" / "build" if config_file else None


def load_entries(path: Path, header: dict) -> dict:
    """The entries stored in ``path`` under the same ``header`` (versions,
    dictionary), or none: a missing, unreadable or foreign file is a cold cache."""
    try:
        stored_header, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if stored_header == header and isinstance(entries, dict) else {}


def store_entries(path: Path, header: dict, entries: dict) -> None:
    """Write ``entries`` to ``path`` at once (a temporary file renamed over
    it, so a reader never sees half a file); best effort."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as out:
            out.write(marshal.dumps((header, entries)))
        os.replace(out.name, path)
    except OSError:
        pass


def _highlight_header() -> dict:
    import pygments
    import pymdownx

    return {"pygments": pygments.__version__, "pymdownx": pymdownx.__version__}


def _type_name(t) -> str:
    return f"{t.__module__}.{t.__qualname__}"


def _disk_key(code, lexer, formatter) -> bytes:
    parts = (code, _type_name(type(lexer)), _options_key(lexer.options), repr([_type_name(type(f)) for f in lexer.filters]),
             _type_name(type(formatter)), _options_key(formatter.options))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


def _highlight_file(role: str) -> Path:
    return _cache_dir[0] / f"highlight-{role}.marshal"


def _load_highlights() -> None:
    _stored_highlight.clear()
    _used_highlight.clear()
    if _cache_dir:
        header = _highlight_header()
        for role in ("main", "editions"):
            _stored_highlight.update(load_entries(_highlight_file(role), header))


def _store_highlights(role: str) -> None:
    if _cache_dir and _used_highlight:
        store_entries(_highlight_file(role), _highlight_header(), dict(_used_highlight))


def _options_key(options: dict[str, Any]) -> str:
    return repr(sorted(options.items(), key=lambda item: item[0]))


def _memo_highlight(highlight):
    def highlight_once(code, lexer, formatter, outfile=None):
        if outfile is not None:
            return highlight(code, lexer, formatter, outfile)
        key = (
            code,
            type(lexer),
            _options_key(lexer.options),
            [type(f) for f in lexer.filters].__repr__(),
            type(formatter),
            _options_key(formatter.options),
        )
        found = _highlighted.get(key)
        if found is None:
            disk_key = _disk_key(code, lexer, formatter) if _cache_dir else None
            found = _stored_highlight.get(disk_key) if disk_key else None
            if found is None:
                found = highlight(code, lexer, formatter)
            else:
                _hits["highlight_disk"] += 1
            _highlighted[key] = found
            if disk_key:
                _used_highlight[disk_key] = found
        else:
            _hits["highlight"] += 1
        return found

    highlight_once.__wrapped__ = highlight
    return highlight_once


def _jieba_header(jieba) -> dict:
    return {"jieba": getattr(jieba, "__version__", "?"), "dictionary": str(jieba.dt.dictionary)}


def _serve_cuts(jieba, connections, cache_file: Path | None = None) -> None:
    """The helper's loop: answer each build process's requests (one
    connection each) until every one of them has closed its end. A run both
    editions send is cut once; a run the last build cut comes from
    ``cache_file``, which then stores the runs of this build. With no stored
    runs, jieba's dictionary is loaded at once, while the pages render."""
    from multiprocessing.connection import wait

    header = _jieba_header(jieba)
    stored = load_entries(cache_file, header) if cache_file else {}
    if not stored:
        jieba.dt.initialize()
    cut = getattr(jieba.cut, "__wrapped__", jieba.cut)
    done: dict[bytes, list[str]] = {}
    open_ = list(connections)
    while open_:
        for conn in wait(open_):
            try:
                kind, request = conn.recv()
            except EOFError:  # that process's build is over
                open_.remove(conn)
                continue
            if kind in ("many", "ahead"):  # sentences, each cut with the default arguments
                answer = []
                for sentence in request:
                    words = done.get(sentence)
                    if words is None:
                        words = stored.get(sentence)
                        if words is None:
                            words = list(cut(sentence))
                        done[sentence] = words
                    answer.append(words)
                if kind == "many":  # "ahead": cut now, asked for later (no reply)
                    conn.send(answer)
            else:
                sentence, args, kwargs = request
                conn.send(list(cut(sentence, *args, **kwargs)))
    if cache_file is not None and done:
        store_entries(cache_file, header, done)


class _Segmenter:
    """``jieba.cut`` in one helper process for the whole build, forked when
    the build has read its files and before hooks/parallel_editions.py forks
    the Chinese edition's process: it loads jieba's dictionary (once, not
    once per edition) while the editions render their pages, which come to
    the search plugin (the first to segment) only afterwards. It has one
    connection per process that may use it: this one, and a ``spare`` that
    the editions' child process takes over (``adopt``). Used only while it
    is equivalent to cutting here: with jieba's default tokenizer, which this
    process has not loaded or changed since (``set_dictionary`` or a user
    dictionary would load it here first)."""

    def __init__(self, jieba, processes: int = 2, cache_file: Path | None = None) -> None:
        from multiprocessing import Pipe

        self.jieba, self.tokenizer, self.dictionary = jieba, jieba.dt, jieba.dt.dictionary
        pipes = [Pipe() for _ in range(processes)]
        self.owner = self.parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the helper: never returns into the build
            for here, _ in pipes:
                here.close()
            status = 0
            try:
                _serve_cuts(jieba, [there for _, there in pipes], cache_file)
            except BaseException:  # noqa: BLE001 - the build falls back to cutting itself
                status = 1
            os._exit(status)
        for _, there in pipes:
            there.close()
        self.pid, self.conn = pid, pipes[0][0]
        self.spare = [here for here, _ in pipes[1:]]

    def adopt(self) -> bool:
        """In a process forked from the owner: take a spare connection (and
        drop the owner's). False if none is left (this process cuts itself)."""
        if os.getpid() == self.owner:
            return True
        if self.conn is not None:
            self.conn.close()  # this process's copy only: the owner's end stays open
            self.conn = None
        if not self.spare:
            return False
        self.conn, self.owner = self.spare.pop(0), os.getpid()
        return True

    def release_spares(self) -> None:
        """In the owner, once the editions' process has been forked (or will
        not be): close its copies of the spare ends, so that the helper sees
        each end close when the process holding it is done."""
        if os.getpid() == self.owner:
            for conn in self.spare:
                conn.close()
            self.spare = []

    def usable(self) -> bool:
        return (self.conn is not None and os.getpid() == self.owner and self.jieba.dt is self.tokenizer
                and not self.tokenizer.initialized and self.tokenizer.dictionary == self.dictionary)

    def cut(self, sentence, args, kwargs) -> list[str] | None:
        try:
            self.conn.send(("one", (sentence, args, kwargs)))
            return self.conn.recv()
        except (EOFError, OSError):  # the helper is gone: cut here
            self.close()
            return None

    def cut_ahead(self, sentences: list) -> None:
        """Have the helper cut ``sentences`` now, while this process goes on
        rendering; ``cut_many`` asks for the words later. The helper never
        replies to this, so it cannot block on a full pipe while this process
        sends (the pipes carry a request, then its reply, one at a time)."""
        try:
            self.conn.send(("ahead", sentences))
        except (EOFError, OSError):
            self.close()

    def cut_many(self, sentences: list) -> list[list[str]] | None:
        """``jieba.cut(s)`` of each sentence (default arguments), in one round trip."""
        try:
            self.conn.send(("many", sentences))
            return self.conn.recv()
        except (EOFError, OSError):
            self.close()
            return None

    def close(self) -> None:
        """This process's connection closed; the process that forked the
        helper waits for it to exit (once every connection is closed)."""
        if os.getpid() != self.owner:
            return
        for conn in [self.conn, *self.spare]:
            if conn is not None:
                conn.close()
        self.conn, self.spare = None, []
        if os.getpid() == self.parent:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass


_segmenter: _Segmenter | None = None


def _cut_key(jieba, sentence, args=(), kwargs=None) -> tuple:
    # The dictionary in use is part of the key (set_dictionary replaces it).
    return (sentence, args, tuple(sorted((kwargs or {}).items())), id(jieba.dt), jieba.dt.dictionary)


# What Material's search plugin (material/plugins/search/plugin.py, 9.8)
# segments: each run of Han characters in a section's text, as UTF-8 bytes.
# Its parser keeps these tags as markup (and starts a section at a heading),
# so a run does not go on across them; other tags vanish from the text.
_HAN_RUN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
_SPLITTING = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup", "h1", "h2", "h3", "h4", "h5", "h6",
              "script", "style", "object"}
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>", re.S)


def chinese_runs(html: str) -> list[str]:
    """The runs of Chinese the search plugin will segment in ``html``, as far
    as a look at its tags tells (one missed is segmented on its own)."""
    if not _HAN_RUN.search(html):
        return []  # most English pages
    text = _TAG.sub(lambda m: "\n" if (m.group(2) or "").lower() in _SPLITTING else "", html)
    return list(dict.fromkeys(_HAN_RUN.findall(unescape(text))))


_runs_of: dict[str, tuple[str, list[bytes]]] = {}  # page -> (its HTML, the runs in it)


def _runs_in(page, html: str) -> list[bytes]:
    """The runs of Chinese in ``html`` (the page's HTML), as UTF-8; worked
    out once per page and build."""
    known = _runs_of.get(page.file.src_uri)
    if known is None or known[0] is not html:
        known = _runs_of[page.file.src_uri] = (html, [run.encode("utf-8") for run in chinese_runs(html)])
    return known[1]


# The search plugin segments a page's Chinese in on_page_context, after every
# page has been rendered (mkdocs renders all pages' Markdown first). A page's
# runs go to the helper as soon as its HTML exists, so they are cut while
# this process renders the next pages, and the answers wait in the helper.
@event_priority(-500)  # after the other hooks changed the page's HTML
def on_page_content(html, page, config, files):
    if _segmenter is None or not _segmenter.usable() or not html:
        return html
    import jieba

    todo = [run for run in _runs_in(page, html) if _cut_key(jieba, run) not in _segmented]
    if todo:
        _segmenter.cut_ahead(todo)
    return html


@event_priority(110)  # before the search plugin (0) reads the page
def on_page_context(context, page, config, nav):
    if _segmenter is None or not _segmenter.usable() or not page.content:
        return context
    import jieba

    todo = [run for run in _runs_in(page, page.content) if _cut_key(jieba, run) not in _segmented]
    if todo:
        words = _segmenter.cut_many(todo)
        for run, cut in zip(todo, words or ()):
            _segmented[_cut_key(jieba, run)] = tuple(cut)
    return context


def _memo_cut(jieba):
    cut = jieba.cut

    def cut_once(sentence, *args, **kwargs):
        key = _cut_key(jieba, sentence, args, kwargs)
        words = _segmented.get(key)
        if words is None:
            if _segmenter is not None and _segmenter.usable():
                words = _segmenter.cut(sentence, args, kwargs)
            if words is None:
                words = cut(sentence, *args, **kwargs)
            words = _segmented[key] = tuple(words)
        else:
            _hits["jieba"] += 1
        return iter(words)  # jieba.cut returns an iterator

    cut_once.__wrapped__ = cut
    return cut_once


def install() -> None:
    """Wrap pymdownx.highlight's ``highlight`` and ``jieba.cut`` (once per process)."""
    try:
        import pymdownx.highlight as pymdownx_highlight
    except ImportError:  # pragma: no cover - pymdown-extensions is in requirements.txt
        pymdownx_highlight = None
    if pymdownx_highlight is not None and getattr(pymdownx_highlight, "pygments", False):
        if not hasattr(pymdownx_highlight.highlight, "__wrapped__"):
            pymdownx_highlight.highlight = _memo_highlight(pymdownx_highlight.highlight)
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is in requirements.txt
        return
    if not hasattr(jieba.cut, "__wrapped__"):
        jieba.cut = _memo_cut(jieba)
    if getattr(jieba, "marshal", None) is marshal:
        jieba.marshal = _WholeFileMarshal


class _WholeFileMarshal:
    """``marshal`` as jieba uses it, reading its dictionary cache whole.

    jieba 0.42 loads its cached dictionary with ``marshal.load(file)``, which
    reads the 9 MB file a few bytes at a time (about 0.9 s here);
    ``marshal.loads`` of the file read at once gives the same objects in about
    a quarter of that."""

    @staticmethod
    def load(file):
        return marshal.loads(file.read())

    dump = staticmethod(marshal.dump)
    dumps = staticmethod(marshal.dumps)
    loads = staticmethod(marshal.loads)


def stats() -> dict[str, int]:
    """Cache hits so far and entries held (for tests and the benchmark)."""
    return {**_hits, "highlighted": len(_highlighted), "segmented": len(_segmented)}


@event_priority(100)
def on_config(config):
    # A new `mkdocs build` (or a `mkdocs serve` rebuild) starts empty; the
    # Chinese edition's inner build (on_config runs again, with the i18n
    # plugin's `building` set) reuses what the English edition did.
    install()
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return config
    _templates.clear()
    _highlighted.clear()
    _segmented.clear()
    _runs_of.clear()
    _hits.update(highlight=0, jieba=0, highlight_disk=0)
    folder = cache_dir(config)
    _cache_dir[:] = [folder] if folder is not None else []
    _load_highlights()
    return config


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    env.bytecode_cache = _templates
    return env


_command: list[str] = []
_started_in: list[int] = []  # the pid of `mkdocs build` itself


def on_startup(command, dirty) -> None:
    _command[:] = [command]
    _started_in[:] = [os.getpid()]


# Before hooks/parallel_editions.py (-200) forks: one helper for both editions.
@event_priority(-150)
def _start_helper(nav, config, files):
    global _segmenter
    if _command != ["build"] or not hasattr(os, "fork"):
        return nav  # `mkdocs serve` segments in its own process
    if _segmenter is not None:
        return nav  # the Chinese edition's inner build: the same helper (see _share_helper)
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is in requirements.txt
        return nav
    if not jieba.dt.initialized:
        sys.stdout.flush()
        sys.stderr.flush()
        _segmenter = _Segmenter(jieba, cache_file=_cache_dir[0] / "jieba.marshal" if _cache_dir else None)
    return nav


# After hooks/parallel_editions.py (-200) forked (in the first build) or in the
# Chinese edition's inner build (in the editions' process, or in this one).
@event_priority(-250)
def _share_helper(nav, config, files):
    global _segmenter
    if _segmenter is None:
        return nav
    if not _segmenter.adopt():
        _segmenter = None
    else:
        _segmenter.release_spares()
    return nav


on_nav = CombinedEvent(_start_helper, _share_helper)


@event_priority(-400)
def on_post_build(config) -> None:
    global _segmenter
    i18n = config.plugins.get("i18n")
    inner = i18n is not None and getattr(i18n, "building", False)
    if inner and _started_in == [os.getpid()]:
        return  # one process builds both editions: the outer build closes it
    _store_highlights("main" if _started_in == [os.getpid()] else "editions")
    if _segmenter is not None and _segmenter.owner == os.getpid():
        _segmenter.close()  # (in hooks/parallel_editions.py's process: its connection only)
        _segmenter = None


def on_build_error(error) -> None:
    global _segmenter
    if _segmenter is not None:
        _segmenter.close()
        _segmenter = None
