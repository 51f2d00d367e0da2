"""The Chinese edition is built beside the English one, in a second process.

mkdocs-static-i18n 1.3 builds the editions one after the other in one
process: the English build ends by building each other edition (its
``on_post_build`` calls ``mkdocs.commands.build.build`` once per language)
and then writes one search index from the entries of all of them. On a
machine with two cores that leaves one idle. With this hook, ``mkdocs
build`` forks once the English build has cleaned the site folder and made
its navigation: the child builds the other editions exactly as the plugin
would (same calls, same configuration) into a folder of its own and hands
their search entries back through a file; the parent builds English, and
where the plugin would build the next edition it moves the child's files
into the site (the child's versions of files both write win, as when it
built second) and takes its entries instead. Everything else (the
merged search index, hooks/search_per_edition.py's split) is unchanged.

One command still does everything and stays strict: a warning in the child's
build fails it (strict mode), and then the parent's build fails too, after the
child's messages. Only ``mkdocs build`` forks (``mkdocs serve`` rebuilds in
one process), only where ``os.fork`` exists, and not with
``HANDBOOK_PARALLEL=false``; the site is byte-identical either way
(tests/docs/test_build.py::test_parallel_editions_leave_the_site_unchanged).
bench/docs_build_time.py measures the build.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import traceback

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

__all__ = ["on_build_error", "on_nav", "on_post_build", "on_startup"]

_state: dict = {"command": None, "child": None}
log = logging.getLogger("mkdocs.hooks.parallel_editions")


def _enabled() -> bool:
    return (
        _state["command"] == "build"
        and hasattr(os, "fork")
        and os.environ.get("HANDBOOK_PARALLEL", "true").lower() not in {"0", "false", "no"}
    )


def on_startup(command, dirty) -> None:
    _state["command"] = command


def _other_languages(i18n) -> list[str]:
    return [locale for locale in i18n.build_languages if locale != i18n.current_language]


def _build_others_as_the_plugin_does(i18n, config, site_dir: str, entries_file: str) -> int:
    """In the child: the other editions, as I18n.on_post_build builds them,
    into ``site_dir``; their search entries pickled into ``entries_file``.
    Returns the exit status."""
    import mkdocs_static_i18n.plugin as i18n_plugin
    from mkdocs import utils

    try:
        config.site_dir = site_dir
        before = len(i18n.search_entries)
        i18n.building = True
        utils.clean_directory = lambda x: x  # as the plugin does: keep the English edition's files
        dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
        for locale in _other_languages(i18n):
            i18n.current_language = locale
            i18n_plugin.build(config, dirty=dirty)
        with open(entries_file, "wb") as out:
            pickle.dump(i18n.search_entries[before:], out)
        return 0
    except Abort as e:  # strict mode: the build logged its warnings; say which edition failed
        print(f"Aborted in the {i18n.current_language!r} edition: {e}", file=sys.stderr)
    except BaseException:  # noqa: BLE001 - any failure fails the command, with its traceback
        traceback.print_exc()
    return 1


def _move_over(source: str, target: str) -> None:
    """Every file under ``source`` moved to the same place under ``target``,
    replacing what is there (as a later build writing the same file would)."""
    for entry in os.scandir(source):
        there = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False) and os.path.isdir(there):
            _move_over(entry.path, there)
        else:
            if entry.is_dir(follow_symlinks=False) or not os.path.exists(there):
                shutil.move(entry.path, there)
            else:
                os.replace(entry.path, there)


class _Child:
    """The process building the other editions into a folder of its own."""

    def __init__(self, pid: int, work: str, languages: list[str]) -> None:
        self.pid, self.work, self.languages = pid, work, languages

    @property
    def site_dir(self) -> str:
        return os.path.join(self.work, "site")

    @property
    def entries_file(self) -> str:
        return os.path.join(self.work, "search-entries.pickle")

    def collect(self, site_dir: str) -> list:
        """Once the child has finished: its files moved into ``site_dir``
        (its versions of the files both builds write win, as when it built
        second), and its search entries returned. Abort if it failed."""
        _, status = os.waitpid(self.pid, 0)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                raise Abort(f"the build of the {', '.join(self.languages)} edition failed (see above)")
            _move_over(self.site_dir, site_dir)
            with open(self.entries_file, "rb") as f:
                return pickle.load(f)
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        shutil.rmtree(self.work, ignore_errors=True)


@event_priority(-200)  # after mkdocs-static-i18n (-100) set up the English navigation
def on_nav(nav, config, files):
    # Here, not earlier: the English pages exist (the other editions' sitemap
    # lists them) and the site folder has been cleaned.
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building or _state["child"] is not None or not _enabled():
        return nav
    languages = _other_languages(i18n)
    if not languages:
        return nav
    # Beside the site folder, so that moving the files over is a rename.
    parent = os.path.dirname(os.path.abspath(config.site_dir))
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".editions-", dir=parent)
    log.info(f"Building the {', '.join(languages)} edition in a second process")
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: the other editions, then exit without returning into the English build
        child = _Child(os.getpid(), work, languages)
        status = _build_others_as_the_plugin_does(i18n, config, child.site_dir, child.entries_file)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    child = _state["child"] = _Child(pid, work, languages)

    import mkdocs_static_i18n.plugin as i18n_plugin

    def take_the_childs_edition(config, dirty=False):
        # Where the plugin builds the next edition: run the configuration step
        # of that build (the plugin's last steps read the configuration it
        # leaves), and take every edition's search entries from the child.
        config.plugins.on_config(config)
        if _state["child"] is not None:
            _state["child"] = None
            i18n.search_entries.extend(child.collect(config.site_dir))

    take_the_childs_edition.__wrapped__ = i18n_plugin.build
    i18n_plugin.build = take_the_childs_edition
    return nav


def _restore() -> None:
    import mkdocs_static_i18n.plugin as i18n_plugin

    while hasattr(i18n_plugin.build, "__wrapped__"):
        i18n_plugin.build = i18n_plugin.build.__wrapped__


@event_priority(-300)  # after mkdocs-static-i18n (-100) took the other editions
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    if _state["child"] is not None:  # the plugin did not reach the other editions
        _state["child"].stop()
        _state["child"] = None
        raise Abort("the other editions were built but never collected")
    _restore()


def on_build_error(error) -> None:
    child = _state["child"]
    if child is not None:
        child.stop()
        _state["child"] = None
    _restore()
