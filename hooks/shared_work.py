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

The site is byte-identical with and without this hook
(tests/docs/test_build.py::test_shared_work_leaves_the_site_unchanged); the
time it saves is measured by bench/docs_build_time.py. The memoized functions
are wrapped once per process and the caches are emptied when a build starts
(not when the i18n plugin starts its inner build), so ``mkdocs serve`` does
not grow them without bound.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.plugins import event_priority

__all__ = ["MemoryBytecodeCache", "install", "on_config", "on_env", "stats"]


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
_hits = {"highlight": 0, "jieba": 0}


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
            found = _highlighted[key] = highlight(code, lexer, formatter)
        else:
            _hits["highlight"] += 1
        return found

    highlight_once.__wrapped__ = highlight
    return highlight_once


def _memo_cut(jieba):
    cut = jieba.cut

    def cut_once(sentence, *args, **kwargs):
        # The dictionary in use is part of the key (set_dictionary replaces it).
        key = (sentence, args, tuple(sorted(kwargs.items())), id(jieba.dt), jieba.dt.dictionary)
        words = _segmented.get(key)
        if words is None:
            words = _segmented[key] = tuple(cut(sentence, *args, **kwargs))
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
    _hits.update(highlight=0, jieba=0)
    return config


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    env.bytecode_cache = _templates
    return env
