"""Run each mutant against the tests that import its module, in throwaway copies.

The work tree is never touched: every worker copies the project once into a
temporary folder, writes a mutant over the module there, runs pytest on the
module's tests in a fresh process, and puts the original back. Workers run in
parallel (one pytest process each).

Outcomes of a mutant:

    killed     a test failed (an assertion, a racecheck failure report, a
               deadline of the test's own that dumped the stacks)
    survived   every test passed: the tests did not notice the bug
    timeout    the tests did not finish within the limit (pytest-timeout
               dumped the stacks): the mutant hangs the tests; never "killed"
    error      pytest could not run the tests (collection error, crash)

Before the mutants, the module's tests run once unmutated ("baseline"): a
module whose tests fail, error or hang without any mutation has its mutants
skipped and is reported, never counted as killed.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import select
from .operators import VERSION, Site
from .sites import ImportGraph, ModuleSites, module_name

# What .gitignore leaves out (virtual environments of other Pythons, build output, caches):
# a clean clone has none of it, so neither does a worker's copy.
IGNORED = shutil.ignore_patterns(".git", ".venv", ".venv-*", "site", "build", ".cache", "__pycache__",
                                 ".pytest_cache", "node_modules", "*.pyc")
TIMEOUT_MARK = "Timeout +++"  # what pytest-timeout prints before dumping the stacks
OUTPUT_TAIL = 1500  # characters of pytest's output kept per non-killed mutant


@dataclass
class Outcome:
    status: str  # killed | survived | timeout | error
    seconds: float
    detail: str = ""  # the failing test (killed) or the end of pytest's output
    killer_seconds: float | None = None  # killed: the failing test's own seconds


def module_key(root: Path, graph: ImportGraph, path: Path, tests: list[Path]) -> str:
    """Hash of what a module's result depends on, and the operators' version.

    The files: the module; the snippet modules that can run its code or that
    it runs (what it imports, the snippet modules importing it, and what those
    import); its tests and the non-snippet project modules they import
    (helpers, scenarios, tests/support). Other snippet modules that the same
    test files happen to import are left out: they neither call this module
    nor are called by it, the test cases parametrized by them are deselected
    in its mutant runs (racecheck.mutate.select), and the rest never execute
    its code; so editing one LeetCode solution does not make the stored result
    of every other solution sharing the template's test files stale.
    """
    name = module_name(root, path)
    files = {path}
    for user in graph.users(name):
        files |= {graph.files[m] for m in graph.reach(user)}
    for test in tests:
        files |= {graph.files[m] for m in graph.reach(module_name(root, test)) if not m.startswith("snippets.")}
    digest = hashlib.sha256(f"operators v{VERSION}\n".encode())
    for f in sorted(files):
        digest.update(f.relative_to(root).as_posix().encode() + b"\0")
        digest.update(f.read_bytes() + b"\0")
    return digest.hexdigest()


class Worker:
    """One throwaway copy of the project and the pytest runs made in it."""

    def __init__(self, root: Path, python: str):
        self.dir = Path(tempfile.mkdtemp(prefix="racecheck-mutate-"))
        self.tree = self.dir / "tree"
        shutil.copytree(root, self.tree, ignore=IGNORED, symlinks=True)
        self.python = python

    def run(self, job: "Job", text: str | None) -> Outcome:
        """Run the job's tests with its module replaced by ``text`` (None:
        unmutated); restore the module afterwards."""
        target = self.tree / job.module.path
        original = target.read_bytes()
        try:
            if text is not None:
                target.write_text(text, encoding="utf-8")
            return self._pytest(job)
        finally:
            target.write_bytes(original)

    def _pytest(self, job: "Job") -> Outcome:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
        env.pop("PYTEST_ADDOPTS", None)
        env.pop("RACECHECK_RECORD", None)
        env[select.ENV] = ",".join(job.runs_module)
        env[select.FIRST_ENV] = "\n".join(job.first)
        env[select.THEN_ENV] = "\n".join(job.then)
        env[select.DURATIONS_ENV] = job.durations
        report = self.dir / "report.json"
        report.unlink(missing_ok=True)
        env[select.REPORT_ENV] = str(report)
        cmd = [
            self.python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
            "-p", select.__name__, "--no-header", "-o", "addopts=-ra --strict-markers",
            "-o", f"timeout={job.timeout:g}", "-o", "timeout_method=thread", *job.tests,
        ]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=self.tree, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=job.limit)
        except subprocess.TimeoutExpired:  # pytest-timeout itself did not end it
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            out += b"\n(killed by racecheck.mutate after the per-mutant limit)"
            text = out.decode("utf-8", "replace")
            failed = [line for line in text.splitlines() if line.startswith("FAILED ")]
            if failed and TIMEOUT_MARK not in text:  # a test failed in time; only the exit hung
                return Outcome("killed", time.monotonic() - start, failed[0])
            return Outcome("timeout", time.monotonic() - start, _tail(out))
        seconds = time.monotonic() - start
        text = out.decode("utf-8", "replace")
        if TIMEOUT_MARK in text:
            return Outcome("timeout", seconds, _tail(out))
        if proc.returncode == 0:
            return Outcome("survived", seconds, "")
        if proc.returncode == 1:
            failed = [line for line in text.splitlines() if line.startswith(("FAILED ", "ERROR "))]
            outcome = Outcome("killed", seconds, failed[0] if failed else _tail(out))
            outcome.killer_seconds = select.read_record(str(report)).get(
                failed_nodeid(outcome.detail), {}).get("seconds")
            return outcome
        return Outcome("error", seconds, _tail(out))

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _tail(out: bytes) -> str:
    return out.decode("utf-8", "replace")[-OUTPUT_TAIL:]


@dataclass
class Job:
    module: ModuleSites
    runs_module: list[str]  # dotted names: the module and the snippet modules importing it
    site: Site | None  # None: a baseline run
    tests: list[str]  # relative paths of the test files
    timeout: float  # per test (pytest-timeout)
    limit: float  # for the whole pytest process
    first: list[str] = field(default_factory=list)  # test node ids to run first (quick killers)
    then: list[str] = field(default_factory=list)  # killers that were slow to kill: after the racecheck tests
    durations: str = ""  # JSON file of the unmutated run's tests (written by the baseline)
    priority: float = 0.0  # larger runs earlier: the expected seconds (longest first)
    hint: str = ""  # node id of the test that killed this site in the stored run
    hint_seconds: float | None = None  # that test's own seconds then (None: not recorded)
    group: list[ModuleSites] = field(default_factory=list)  # a shared baseline: every module it stands for


class Pool:
    """Workers that take the queued job of highest priority; each worker owns one tree copy.

    Longest expected job first (LPT): the long runs start early and the end
    of the run is made of short ones, so the workers finish together. A
    finished job can queue more (a module's mutants after its baseline), so
    mutants start while other baselines still run.
    """

    def __init__(self, root: Path, jobs: int, python: str | None = None):
        self.root = root
        self.jobs = max(1, jobs)
        self.python = python or sys.executable
        self._free: list[Worker] = []
        self._lock = threading.Lock()

    def _worker(self) -> Worker:
        with self._lock:
            if self._free:
                return self._free.pop()
        return Worker(self.root, self.python)

    def _release(self, worker: Worker) -> None:
        with self._lock:
            self._free.append(worker)

    def run(self, jobs: list[Job], done: Callable[[Job, Outcome], list[Job] | None]) -> None:
        """Run ``jobs`` and whatever ``done(job, outcome)`` returns, until none is left."""
        killers: dict[str, dict[str, bool]] = {}  # module path -> {node id: killed quickly}, most recent last
        queue: list[tuple[float, int, Job]] = []
        order = itertools.count()
        cond = threading.Condition()
        unfinished = 0  # queued or running
        errors: list[BaseException] = []

        def push(more: list[Job]) -> None:
            nonlocal unfinished
            for job in more:
                heapq.heappush(queue, (-job.priority, next(order), job))
            unfinished += len(more)

        def one(job: Job) -> list[Job] | None:
            baseline = select.read_record(job.durations) if job.site is not None else {}
            with self._lock:
                known = dict(killers.get(job.module.path, {}))
            if job.hint:
                known.pop(job.hint, None)
                known[job.hint] = quick_kill(job.hint_seconds, baseline.get(job.hint, {}).get("seconds"))
            ordered = list(reversed(known))  # the site's own killer, then the most recent
            job.first = [n for n in ordered if known[n]]
            job.then = [n for n in ordered if not known[n]]
            worker = self._worker()
            try:
                text = None
                if job.site is not None:  # from the copy: the work tree may change during a run
                    text = job.site.apply((worker.tree / job.module.path).read_text(encoding="utf-8"))
                outcome = worker.run(job, text)
            except Exception as exc:  # noqa: BLE001 - a tool failure is a named line, not a crash
                outcome = Outcome("error", 0.0, f"racecheck.mutate failed: {exc!r}")
            finally:
                self._release(worker)
            if job.site is not None and outcome.status == "killed" and outcome.detail.startswith("FAILED "):
                nodeid = failed_nodeid(outcome.detail)
                quick = quick_kill(outcome.killer_seconds, baseline.get(nodeid, {}).get("seconds"))
                with self._lock:
                    ids = killers.setdefault(job.module.path, {})
                    ids.pop(nodeid, None)
                    ids[nodeid] = quick
            return done(job, outcome)

        def loop() -> None:
            nonlocal unfinished
            while True:
                with cond:
                    while not queue and unfinished and not errors:
                        cond.wait()
                    if not queue or errors:
                        return
                    _, _, job = heapq.heappop(queue)
                more = None
                try:
                    more = one(job)
                except BaseException as exc:  # noqa: BLE001 - re-raised in run() after the workers stop
                    with cond:
                        errors.append(exc)
                finally:
                    with cond:
                        push(list(more or []))
                        unfinished -= 1
                        cond.notify_all()

        with cond:
            push(list(jobs))
        threads = [threading.Thread(target=loop, name=f"racecheck-mutate-{i}", daemon=True)
                   for i in range(self.jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

    def close(self) -> None:
        for worker in self._free:
            worker.close()
        self._free.clear()


def quick_kill(kill_seconds: float | None, passing_seconds: float | None) -> bool:
    """A test killed quickly if failing took it not much longer than passing
    (a racecheck check stops at the bad schedule); one that waited for a
    deadline (a real-thread test noticing a hang) did not. Unknown: not quick."""
    if kill_seconds is None:
        return False
    return kill_seconds <= 2 * (passing_seconds or 0.0) + 1.0


def failed_nodeid(detail: str) -> str:
    """The node id in pytest's ``FAILED <nodeid> - <message>`` line."""
    return detail[len("FAILED "):].split(" - ", 1)[0].strip() if detail.startswith("FAILED ") else ""
