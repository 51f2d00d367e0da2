"""racecheck.mutate: the operators, the declarations, and the runner on bad input.

The operator tests mutate a small module text and compare the mutant with
the expected text. The runner test builds a throwaway project (a module
whose mutants are killed, survive, hang; a declared equivalent; a stale
declaration; a module that does not parse; one without tests; one whose
tests fail unmutated) and checks every outcome is a named line.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from racecheck.mutate import __main__ as cli
from racecheck.mutate import summary
from racecheck.mutate.operators import OPERATORS
from racecheck.mutate.sites import find_sites

ROOT = Path(__file__).resolve().parents[2]

MODULE = textwrap.dedent('''\
    import threading


    class Box:
        def __init__(self):
            self._lock = threading.RLock()
            self._cond = threading.Condition(self._lock)
            self._ready = threading.Event()
            self._slots = threading.Semaphore(2)
            self._other = threading.Lock()
            self._items = []

        def put(self, item):
            with self._cond:
                self._items.append(item)
                self._cond.notify_all()
            self._ready.set()

        def get(self):
            with self._cond:
                while not self._items:
                    self._cond.wait(0.5)
                return self._items.pop()

        def wait_ready(self):
            with self._cond:
                self._cond.wait_for(lambda: self._items, timeout=1.0)
            self._ready.clear()

        def both(self):
            with self._lock:
                with self._other:
                    self._items.clear()
            self._slots.release()
''')


def mutants(text: str, operator: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "snippets" / "box.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    found = find_sites(tmp_path, path, {operator: OPERATORS[operator]})
    assert found.problems == []
    return [site.apply(text) for site in found.sites]


def changed_lines(original: str, mutant: str) -> list[str]:
    old = original.splitlines()
    return [line.strip() for line in mutant.splitlines() if line not in old]


@pytest.mark.parametrize("operator, expected", [
    ("with-removed", [["if True:"]] * 5),
    ("while-to-if", [["if not self._items:"]]),
    ("notify_all-to-notify", [["self._cond.notify()"]]),
    ("notify-dropped", [["pass"]]),
    ("release-dropped", [["pass"]]),
    ("set-dropped", [["pass"]]),
    ("clear-dropped", [["pass"]]),
    ("locks-swapped", [["with self._other:", "with self._lock:"]]),
    ("rlock-to-lock", [["self._lock = threading.Lock()"]]),
    ("wait_for-to-wait", [["self._cond.wait(timeout=1.0)"]]),
    ("timeout-dropped", [["self._cond.wait()"], ["self._cond.wait_for(lambda: self._items)"]]),
    ("semaphore-plus-one", [["self._slots = threading.Semaphore((2) + 1)"]]),
    ("condition-own-lock", [["self._cond = threading.Condition()"]]),
])
def test_operator_mutates_the_right_line(operator, expected, tmp_path):
    got = [changed_lines(MODULE, m) for m in mutants(MODULE, operator, tmp_path)]
    assert got == expected
    for m in mutants(MODULE, operator, tmp_path):
        compile(m, "mutant", "exec")
        assert m != MODULE


def test_every_operator_has_a_case_above():
    cases = {"with-removed", "while-to-if", "notify_all-to-notify", "notify-dropped", "release-dropped",
             "set-dropped", "clear-dropped", "locks-swapped", "rlock-to-lock", "wait_for-to-wait",
             "timeout-dropped", "semaphore-plus-one", "condition-own-lock", "moved-out-of-with"}  # the last: below
    assert cases == set(OPERATORS)


def test_a_condition_made_with_a_fresh_lock_is_not_a_site(tmp_path):
    text = "import threading\n\nc = threading.Condition(threading.Lock())\n"
    assert mutants(text, "condition-own-lock", tmp_path) == []


def test_dropping_keeps_line_numbers(tmp_path):
    for operator in ("notify-dropped", "release-dropped", "set-dropped", "clear-dropped", "with-removed"):
        for m in mutants(MODULE, operator, tmp_path):
            assert len(m.splitlines()) == len(MODULE.splitlines())


def test_moved_out_of_with_moves_first_before_and_last_after(tmp_path):
    got = mutants(MODULE, "moved-out-of-with", tmp_path)
    put_before = [m for m in got if "\n        self._items.append(item)\n        with self._cond:" in m]
    notify_after = [m for m in got if "\n        self._cond.notify_all()\n        self._ready.set()" in m]
    assert len(put_before) == 1 and len(notify_after) == 1
    # `return self._items.pop()` moves too; a bare `return x` never does (it changes nothing).
    assert any("\n                self._cond.wait(0.5)\n        return self._items.pop()" in m for m in got)


def test_unknown_receivers_and_non_primitives_are_left_alone(tmp_path):
    text = "def f(d, s):\n    d.clear()\n    s.join(t)\n    with open('x') as fh:\n        fh.read()\n"
    for operator in OPERATORS:
        assert mutants(text, operator, tmp_path) == [], operator


def test_declarations_exclude_and_are_checked(tmp_path):
    text = MODULE.replace(
        "self._ready.set()", "self._ready.set()  # mutant: equivalent set-dropped -- nobody waits on it"
    ).replace(
        "self._items.clear()", "self._items.clear()  # mutant: equivalent with-removed -- no with here"
    ).replace("return self._items.pop()", "return self._items.pop()  # mutant: equivalent")
    path = tmp_path / "snippets" / "box.py"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    found = find_sites(tmp_path, path)
    declared = [s for s in found.sites if found.declared(s)]
    assert [(s.operator, s.line) for s in declared] == [("set-dropped", 17)]
    assert any("malformed declaration" in p for p in found.problems)
    assert any("no such site" in p and "with-removed" in p for p in found.problems)


def test_a_module_that_does_not_parse_is_a_named_problem(tmp_path):
    path = tmp_path / "snippets" / "broken.py"
    path.parent.mkdir(parents=True)
    path.write_text("def f(:\n", encoding="utf-8")
    found = find_sites(tmp_path, path)
    assert found.sites == [] and found.problems[0].startswith("does not parse")


PROJECT = {
    "snippets/__init__.py": "",
    "snippets/demo/__init__.py": "",
    "snippets/demo/gate.py": '''\
        import threading


        class Gate:
            def __init__(self):
                self._cond = threading.Condition()
                self._open = False
                self._event = threading.Event()
                self.log = []

            def open(self):
                with self._cond:
                    self._open = True
                    self._cond.notify_all()
                self._event.set()  # mutant: equivalent set-dropped -- wait_open waits with a timeout

            def wait_open(self):
                self._event.wait(0.2)

            def note(self, x):
                with self._cond:  # mutant: equivalent with-removed -- (stale: the test sees this one)
                    self.log.append(x)
                    self.log.append(x)

            def block(self):
                with self._cond:
                    while not self._open:
                        self._cond.wait(0.2)
        ''',
    "snippets/demo/broken.py": "def f(:\n",
    "snippets/demo/lonely.py": "import threading\nL = threading.Lock()\n\ndef f():\n    with L:\n        pass\n",
    "snippets/demo/failing.py": "import threading\nL = threading.Lock()\n\ndef f():\n    with L:\n        return 1\n",
    "snippets/demo/gate_bad.py": "import threading\nL = threading.Lock()\n\ndef f():\n    with L:\n        return 2\n",
    "tests/__init__.py": "",
    "tests/demo/__init__.py": "",
    "tests/demo/test_gate.py": '''\
        import threading

        from snippets.demo import gate


        def test_open_then_block_returns():
            g = gate.Gate()
            g.open()
            g.block()
            assert g._open


        def test_note_holds_the_lock():
            g = gate.Gate()
            got = []
            g._cond.acquire()
            t = threading.Thread(target=lambda: g.note(1), daemon=True)
            t.start()
            t.join(1.0)
            got.append(list(g.log))
            g._cond.release()
            t.join(5)
            assert got == [[]], "note() wrote without the lock"


        def test_blocked_waiter_is_woken():
            g = gate.Gate()
            t = threading.Thread(target=g.block, daemon=True)
            t.start()
            g.open()
            t.join(5)
            assert not t.is_alive()


        def test_wait_open_hangs_without_timeout():
            gate.Gate().wait_open()
        ''',
    "tests/demo/test_failing.py": "from snippets.demo import failing\n\ndef test_f():\n    assert failing.f() == 2\n",
}


def make_project(root: Path) -> None:
    for rel, text in PROJECT.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "racecheck").symlink_to(ROOT / "racecheck", target_is_directory=True)
    (root / "conftest.py").write_text("", encoding="utf-8")


def test_runner_names_every_outcome_and_never_counts_a_hang_as_killed(tmp_path, capsys):
    make_project(tmp_path)
    store = tmp_path / "mutation.json"
    code = cli.main(["--root", str(tmp_path), "-j", "2", "--timeout", "3", "--store", str(store), "snippets"])
    out = capsys.readouterr().out
    assert code == 1
    result = json.loads(store.read_text())
    gate, failing = result["modules"]["snippets/demo/gate.py"], result["modules"]["snippets/demo/failing.py"]
    status = {(m["operator"], m["line"]): m["status"] for m in gate["mutants"]}
    assert status[("set-dropped", 15)] == "equivalent"
    assert status[("with-removed", 21)] == "stale"  # declared, but the test kills it
    assert status[("with-removed", 12)] == "killed"  # notify_all() without the lock raises
    assert status[("moved-out-of-with", 22)] == "killed"  # the test sees the first append unlocked
    assert status[("notify-dropped", 14)] == "survived"  # the waiter's 0.2 s timeout hides it
    assert status[("timeout-dropped", 18)] == "timeout"  # wait() forever: hangs the tests
    assert "snippets/demo/gate_bad.py" not in result["modules"]  # known-bad: not mutated
    assert failing["baseline"] == "failed" and failing["mutants"] == []
    assert result["modules"]["snippets/demo/lonely.py"]["baseline"] == "no tests"
    assert result["modules"]["snippets/demo/broken.py"]["problems"][0].startswith("does not parse")
    for needle in ("SURVIVED: notify-dropped", "HANGS THE TESTS: timeout-dropped", "STALE DECLARATION (the mutant killed)",
                   "broken.py: does not parse", "lonely.py: 1 sites, but no test imports",
                   "failing.py: tests failed without any mutation"):
        assert needle in out, needle
    assert "set-dropped (equivalent) -- wait_open waits with a timeout" in out

    # Second run: nothing changed, so every module's result comes from the store.
    code = cli.main(["--root", str(tmp_path), "-j", "2", "--timeout", "3", "--store", str(store), "snippets"])
    out = capsys.readouterr().out
    assert "cached    snippets/demo/gate.py" in out
    assert summary.load(store)["modules"]["snippets/demo/gate.py"] == gate


def test_known_open_mutants_are_listed_not_hidden_and_the_list_only_shrinks(tmp_path):
    result = summary.new_result()
    mutant = {"operator": "while-to-if", "line": 7, "description": "d", "status": "survived",
              "seconds": 0.0, "detail": "", "declared": None}
    result["modules"]["snippets/m.py"] = {"key": "k", "tests": [], "baseline": "passed", "problems": [],
                                          "seconds": 0.0, "mutants": [mutant]}
    listed = tmp_path / "open.txt"
    listed.write_text("# comment\nsnippets/m.py:7 while-to-if -- needs a third waiter\n", encoding="utf-8")
    known = summary.load_open(listed)
    assert summary.failures(result) and summary.failures(result, known) == []
    assert "needs a third waiter" in summary.text(result, known)
    mutant["status"] = "killed"
    assert summary.failures(result, known) == [
        "snippets/m.py:7 while-to-if: listed as open, but no longer survives or hangs: remove it from the list"]


def test_the_stored_key_follows_what_a_module_s_result_depends_on(tmp_path):
    """Editing a sibling snippet that only shares the test files keeps the key;
    editing the module, a test, a test helper or a snippet importing it changes it."""
    from racecheck.mutate.runner import module_key
    from racecheck.mutate.sites import ImportGraph, module_name

    files = {
        "snippets/a.py": "import threading\nL = threading.Lock()\n",
        "snippets/b.py": "import threading\nM = threading.Lock()\n",
        "snippets/a_user.py": "from snippets import a\n",
        "tests/helpers.py": "from snippets import a, b\n",
        "tests/test_ab.py": "from tests.helpers import a, b\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")

    def key():
        graph = ImportGraph(tmp_path)
        path = tmp_path / "snippets/a.py"
        return module_key(tmp_path, graph, path, graph.tests_of(module_name(tmp_path, path)))

    before = key()
    (tmp_path / "snippets/b.py").write_text("import threading\nM = threading.RLock()\n", encoding="utf-8")
    assert key() == before
    for rel in ("snippets/a.py", "snippets/a_user.py", "tests/helpers.py", "tests/test_ab.py"):
        (tmp_path / rel).write_text((tmp_path / rel).read_text() + "# changed\n", encoding="utf-8")
        assert key() != before, rel
        before = key()


PAIR = {
    "snippets/__init__.py": "",
    "snippets/pair/__init__.py": "",
    "snippets/pair/a.py": "import threading\nL = threading.Lock()\n\ndef f():\n    with L:\n        return 1 if L.locked() else 0\n",
    "snippets/pair/b.py": "import threading\nM = threading.Lock()\n\ndef f():\n    with M:\n        return 1 if M.locked() else 0\n",
    "snippets/pair/c.py": "import threading\nN = threading.Lock()\n\ndef f():\n    with N:\n        return 2\n",
    "tests/__init__.py": "",
    "tests/pair/__init__.py": "",
    "tests/pair/test_pair.py": '''\
        import pytest

        from snippets.pair import a, b, c


        @pytest.mark.parametrize("mod", [a, b, c])
        def test_f(mod):
            assert mod.f() == 1
        ''',
}


def test_modules_sharing_their_tests_share_one_baseline_split_when_it_fails(tmp_path, capsys):
    """One unmutated run for the modules whose test files are the same; when
    it fails, each module gets its own, so one failing module does not stop
    the others. A fresh run over every snippet records its wall time and load
    (the speed figure shows it); an incremental run keeps that record."""
    for rel, text in PAIR.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "racecheck").symlink_to(ROOT / "racecheck", target_is_directory=True)
    (tmp_path / "conftest.py").write_text("", encoding="utf-8")
    store = tmp_path / "mutation.json"
    argv = ["--root", str(tmp_path), "-j", "2", "--timeout", "10", "--store", str(store), "snippets"]

    assert cli.main(argv + ["--fresh"]) == 1  # c's tests fail unmutated
    out = capsys.readouterr().out
    assert "baseline  (shared by 3 modules with the same 1 test files): failed" in out
    result = summary.load(store)
    mods = {p.rsplit("/", 1)[-1]: m for p, m in result["modules"].items()}
    assert mods["c.py"]["baseline"] == "failed" and mods["c.py"]["mutants"] == []
    for name in ("a.py", "b.py"):
        assert mods[name]["baseline"] == "passed"
        assert {m["status"] for m in mods[name]["mutants"]} == {"killed"}
        assert all(m["killer_seconds"] >= 0 for m in mods[name]["mutants"])  # the failing test's own time
    full = result["full_run"]
    assert full["fresh"] and full["modules"] == 3 and full["pytest_runs"]["baseline"][0] == 4
    assert set(full["load"]) >= {"start", "end", "peak_1min"}

    c = tmp_path / "snippets/pair/c.py"
    c.write_text(c.read_text().replace("return 2", "return 1 if N.locked() else 0"), encoding="utf-8")
    assert cli.main(argv) == 0  # only c reruns; the full run's record stays
    out = capsys.readouterr().out
    assert "cached    snippets/pair/a.py" in out and "baseline  snippets/pair/c.py: passed" in out
    assert summary.load(store)["full_run"] == full

    assert cli.main(argv + ["--fresh"]) == 0
    out = capsys.readouterr().out
    assert "baseline  (shared by 3 modules with the same 1 test files): passed" in out
    assert summary.load(store)["full_run"]["pytest_runs"]["baseline"][0] == 1


def test_a_kill_is_quick_unless_the_test_waited_for_a_deadline():
    from racecheck.mutate.runner import quick_kill

    assert quick_kill(0.3, 0.5)  # a racecheck check stopped at the bad schedule
    assert not quick_kill(10.2, 0.1)  # a real-thread test noticed the hang at its deadline
    assert not quick_kill(None, 0.1)  # not recorded


def test_the_stored_run_of_a_site_is_a_hint_only():
    """The stored seconds and killing test of a site order the next run
    (longest first; that test first); matched by line, else by operator and
    description when unique; a survivor gives no test to run first."""
    from racecheck.mutate.operators import Site

    stored = [
        {"operator": "with-removed", "line": 5, "description": "d", "status": "killed", "seconds": 3.0,
         "detail": "FAILED tests/t.py::test_x[1] - AssertionError: boom"},
        {"operator": "notify-dropped", "line": 9, "description": "n", "status": "equivalent", "seconds": 7.0,
         "detail": ""},
    ]
    assert cli.last_time(stored, Site("with-removed", 5, "d", ())) == (3.0, "tests/t.py::test_x[1]", None)
    assert cli.last_time(stored, Site("with-removed", 6, "d", ())) == (3.0, "tests/t.py::test_x[1]", None)  # moved
    assert cli.last_time(stored, Site("notify-dropped", 9, "n", ())) == (7.0, "", None)
    assert cli.last_time(stored, Site("set-dropped", 9, "n", ())) == (None, "", None)
