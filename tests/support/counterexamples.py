"""Failure reports published on pages: one format, one freshness check.

A page shows a failure that racecheck found as a text file under
``snippets/<section>/counterexamples/<name>.txt``, included into a
```` ```text ```` fence. The file is generated, never edited by hand:

    UPDATE_COUNTEREXAMPLES=1 pytest <the test>     # on Python 3.11; review the diff

Every ordinary run checks that the page is still true, cheaply and
deterministically: the schedule printed in the file is replayed and must
still fail the same way, and the report from that replay must match the file
line for line, except the two lines that say how the search found it
(``found by:`` and ``replay:``, with the search's seed). Schedules count bytecode steps, which differ
between Python versions, so the files are recorded on one version
(``RECORDED_ON``); on the others the test still requires that the harness
finds a failure of the same kind, only not the identical text.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from pathlib import Path

import racecheck

UPDATE_ENV = "UPDATE_COUNTEREXAMPLES"
RECORDED_ON = (3, 11)
_SCHEDULE = re.compile(r'racecheck\.replay\(scenario, schedule="([^"]*)"\)')
_SEARCH_LINES = ("found by:", "replay:")


PAGE_WIDTH = 78  # long message lines of the header are wrapped to this width


def page_text(failure: racecheck.ScheduleFailure) -> str:
    """The report as a page shows it: racecheck's message without the
    traceback, whose absolute paths differ from machine to machine, and with
    the failure's own message (the indented lines under the verdict) wrapped
    so that the verdict and the message read without scrolling sideways."""
    text = failure.message.split("\nTraceback", 1)[0].rstrip()
    head, sep, rest = text.partition("\n\n")
    lines = []
    for line in head.splitlines():
        if line.startswith("  ") and len(line) > PAGE_WIDTH:
            lines.extend(textwrap.wrap(line, PAGE_WIDTH, initial_indent="  ",
                                       subsequent_indent="  ", break_long_words=False,
                                       break_on_hyphens=False))
        else:
            lines.append(line)
    return "\n".join(lines) + sep + rest + "\n"


def published_schedule(path: Path | str) -> str:
    """The minimized schedule printed in a published report."""
    found = _SCHEDULE.search(Path(path).read_text(encoding="utf-8"))
    assert found, f"{path}: no 'racecheck.replay(scenario, schedule=...)' line"
    return found.group(1)


def described(text: str) -> list[str]:
    """The report without the lines that depend on how the search ran."""
    return [line for line in text.splitlines() if not line.startswith(_SEARCH_LINES)]


def check_published(
    scenario: racecheck.Scenario, path: Path | str, *, kind: str | None = None, **search
) -> racecheck.ScheduleFailure:
    """Assert that the failure report in ``path`` is what racecheck reports.

    ``kind`` is the expected failure kind; ``search`` goes to
    ``racecheck.expect_failure`` when the file is (re)generated or when the
    running Python is not the recording one. Returns the failure.
    """
    path = Path(path)
    if os.environ.get(UPDATE_ENV) == "1":
        assert sys.version_info[:2] == RECORDED_ON, (
            f"regenerate published counterexamples on Python {RECORDED_ON[0]}.{RECORDED_ON[1]}"
        )
        failure = racecheck.expect_failure(scenario, kind=kind, **search)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(failure), encoding="utf-8")
        return failure
    if sys.version_info[:2] != RECORDED_ON:
        return racecheck.expect_failure(scenario, kind=kind, **search)
    hint = f"rerun the test with {UPDATE_ENV}=1 on Python 3.11 and review the page"
    assert path.is_file(), f"{path} is missing: {hint}"
    text = path.read_text(encoding="utf-8")
    found = _SCHEDULE.search(text)
    assert found, f"{path}: no 'racecheck.replay(scenario, schedule=...)' line: {hint}"
    assert repr(scenario.name) in text.splitlines()[0], f"{path} reports another scenario: {hint}"
    failure = racecheck.replay(scenario, schedule=found.group(1))
    assert failure is not None, f"{path}: the schedule on the page no longer fails: {hint}"
    assert kind is None or failure.kind == kind, (
        f"{path}: the schedule now fails as {failure.kind!r}, not {kind!r}: {hint}"
    )
    assert described(page_text(failure)) == described(text), f"{path} is stale: {hint}"
    return failure
