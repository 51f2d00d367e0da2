"""Generated content on pages: every figure comes from a bench script and is fresh.

The rules (bench/output.py writes the files, this module checks a tree):

* every script under ``bench/`` (a module with an ``if __name__ == "__main__":``
  block) declares ``SCRIPT = Script(__name__, outputs=[...], inputs=[...])``
  with literal lists, so its files are known without running it;
* every declared output exists, carries a valid header naming that script,
  was not edited by hand (content-sha256), and is not stale (script-sha256,
  inputs-sha256); every declared output is included by a page (raw data
  too: in a collapsed block under its chart, so a reader of the site has it);
* a page includes a file of a ``figures/`` folder, or a file with a generated
  header, or an SVG (other than a counterexample's interleaving picture), only
  if some script declares it; likewise a picture or data file it
  embeds or links (``![alt](x.svg)``, ``<img src="x.svg">``, ``[data](x.csv)``):
  a chart on a page is always one a script draws;
* no page carries a hand-typed machine banner or the old splice markers.

Each problem names the file (and the page that includes it) and the script
to rerun. Nothing is executed and no timing is compared.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.output import (
    DATA_SUFFIXES,
    FIGURES_DIR,
    Declared,
    HeaderError,
    declaration,
    is_generated,
    parse_header,
    script_paths,
    stale_reasons,
)
from tests.support.hygiene import Problem, all_includes
from tests.support.markdown import fences

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_MEASURED_COLUMN = re.compile(r"\b(ms|ns|µs|us|M/s|items/s|ops/s|median|worst|throughput|per second)\b", re.I)
_RUNS_BENCH = re.compile(r"^\s*\$ .*(\bbench/\w+\.py|-m bench\b)")
_HAND_TYPED = [
    (re.compile(r"^\s*(- )?machine: \d+ cores"), "a machine banner"),
    (re.compile(r"^\s*(- )?python:\s+C?Python \d"), "a Python version banner"),
    (re.compile(r"<!-- *(lin)?bench:(start|end) *-->"), "a splice marker of the old bench scripts"),
]


COUNTEREXAMPLES_DIR = "counterexamples"  # tests/support/counterexamples.py writes its pictures there
_EMBEDS = re.compile(r'!?\[[^\]]*\]\((?P<md>[^)\s]+)[^)]*\)|<img\b[^>]*\bsrc="(?P<img>[^"]+)"')
_EMBEDDED_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".csv", ".json"}


def embedded_files(root: Path, page: Path) -> list[tuple[int, str, str]]:
    """(line, target as written, repository-relative path) of every picture or
    data file a page shows or links (not web addresses, not other pages)."""
    import posixpath

    found = []
    for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        for m in _EMBEDS.finditer(text):
            target = (m["md"] or m["img"]).split("#", 1)[0].split("?", 1)[0]
            if "://" in target or target.startswith(("mailto:", "data:")):
                continue
            if posixpath.splitext(target)[1].lower() not in _EMBEDDED_SUFFIXES:
                continue
            base = page.parent.relative_to(root).as_posix()
            found.append((number, target, posixpath.normpath(posixpath.join(base, target))))
    return found


def declarations(root: Path) -> tuple[list[Declared], list[Problem]]:
    found, problems = [], []
    for script in script_paths(root):
        d = declaration(root, script)
        if isinstance(d, str):
            problems.append(Problem(script, 1, d))
        else:
            found.append(d)
    return found, problems


def _generated_files(root: Path) -> list[str]:
    out = []
    for top in ("snippets", "docs"):
        for p in sorted((root / top).rglob("*")):
            if p.is_file() and p.suffix in {".md", ".txt", ".svg", ".csv"}:
                try:
                    head = p.read_text(encoding="utf-8")[:40]
                except UnicodeDecodeError:
                    continue
                if is_generated(head):
                    out.append(p.relative_to(root).as_posix())
    return out


def problems(root: Path) -> list[Problem]:
    """Every way the tree's generated content can be wrong, as Problems."""
    declared, found = declarations(root)
    includes = all_includes(root)
    pages_of: dict[str, list[str]] = {}
    for md, _, inc in includes:
        pages_of.setdefault(inc.file, []).append(md.relative_to(root).as_posix())
    writer: dict[str, str] = {}
    for d in declared:
        for out in d.outputs:
            if out in writer:
                found.append(Problem(out, 1, f"declared by both {writer[out]} and {d.script}"))
                continue
            writer[out] = d.script
            pages = sorted(set(pages_of.get(out, [])))
            where = f"included by {', '.join(pages)}" if pages else "included by no page"
            rerun = f"run `python -m {d.module}` (or `make figures`)"
            for reason in stale_reasons(root, out, d.script, list(d.inputs)):
                found.append(Problem(out, 1, f"{reason} ({where}; written by {d.script}: {rerun})"))
            if not pages:
                found.append(Problem(out, 1, f"no page includes this file written by {d.script}"))
    for md, line, inc in includes:
        target = inc.file
        if target in writer:
            continue
        path = root / target
        in_figures = f"/{FIGURES_DIR}/" in f"/{target}"
        generated = path.is_file() and is_generated(path.read_text(encoding="utf-8", errors="replace")[:40])
        # A picture is drawn by a script: a bench chart, or a counterexample's
        # interleaving (tests/support/counterexamples.py, checked by its own test).
        hand_drawn = target.endswith(".svg") and f"/{COUNTEREXAMPLES_DIR}/" not in f"/{target}"
        if in_figures or generated or hand_drawn:
            found.append(Problem(
                md.relative_to(root).as_posix(), line,
                f"includes {target}, which no bench script writes (declare it in a Script's outputs)",
            ))
    for page in sorted((root / "docs").rglob("*.md")):
        for number, target, rel in embedded_files(root, page):
            if rel in writer:
                continue
            path = root / rel
            generated_file = path.is_file() and is_generated(path.read_text(encoding="utf-8", errors="replace")[:40])
            if f"/{FIGURES_DIR}/" in f"/{rel}" or generated_file or rel.endswith((".svg", *DATA_SUFFIXES)):
                found.append(Problem(
                    page.relative_to(root).as_posix(), number,
                    f"embeds {target}, which no bench script writes (a chart or data file on a page comes "
                    f"from a bench script: bench/charts.py, declared in its Script's outputs)",
                ))
    for rel in _generated_files(root):
        if rel in writer:
            continue
        try:
            named = parse_header((root / rel).read_text(encoding="utf-8")).script
        except HeaderError as e:
            named = f"?, broken header: {e}"
        found.append(Problem(rel, 1, f"has a generated header (script {named}) but no bench script declares it"))
    for page in sorted((root / "docs").rglob("*.md")):
        rel = page.relative_to(root).as_posix()
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, text in enumerate(lines, start=1):
            for pattern, what in _HAND_TYPED:
                if pattern.search(text):
                    found.append(Problem(
                        rel, number, f"hand-typed {what}: measured output comes from a bench script's generated file",
                    ))
            is_header = number < len(lines) and _TABLE_RULE.match(lines[number])
            if is_header and text.lstrip().startswith("|") and _MEASURED_COLUMN.search(text):
                found.append(Problem(rel, number, "hand-typed measurement table (its columns are timings or "
                                     "rates): let a bench script write it and include the file"))
        for fence in fences(page):
            if any(_RUNS_BENCH.search(t) for t in fence.body) and any(
                t.strip() and not t.lstrip().startswith("$") for t in fence.body
            ):
                found.append(Problem(rel, fence.line, "hand-pasted output of a bench script: "
                                     "the script writes it to a file the page includes"))
    return sorted(set(found))


SMOKE_TIMEOUT = 60  # seconds per script; each takes a few, all together under 30 s
SETUP_TIMEOUT = 180  # extra, once, for a script that builds its environment of another Python


def missing_pythons(root: Path, script: str) -> list[str]:
    """The other Python versions ``script`` declares (``pythons=``) that this machine lacks."""
    import shutil

    declared = declaration(root, script)
    if isinstance(declared, str):
        return []
    return [v for v in declared.pythons if shutil.which(f"python{v}") is None]


def smoke_problems(root: Path, script: str, out_dir: Path, timeout: float = SMOKE_TIMEOUT) -> list[str]:
    """Run ``script`` in its --smoke mode as a reader would (``python -m``,
    from ``root``, its own process) writing into ``out_dir``; the reasons
    the run is not acceptable (empty when it is)."""
    return run_problems(root, script, out_dir, ["--smoke"], timeout)


def run_problems(root: Path, script: str, out_dir: Path, args: list[str], timeout: float = SMOKE_TIMEOUT) -> list[str]:
    """Run ``script`` with ``args`` as a reader would, writing into
    ``out_dir``; the reasons the run is not acceptable (empty when it is): it
    failed, or did not write exactly the files it declares, each with a
    header naming the script, its current hash and the hash of its text."""
    import subprocess
    import sys

    from bench.output import CONTENT_FIELD, content_sha256, file_sha256

    declared = declaration(root, script)
    if isinstance(declared, str):
        return [f"{script}: {declared}"]
    cmd = [sys.executable, "-m", declared.module, *args, "--out-dir", str(out_dir)]
    shown = " ".join(args)
    mode, run = ("in smoke mode", "smoke run") if args == ["--smoke"] else (f"with `{shown}`", f"run with `{shown}`")
    if declared.pythons:
        timeout += SETUP_TIMEOUT  # it may build its environment (a venv from PyPI) the first time
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return [f"{script}: {run} did not finish in {timeout} s\n{e.stdout or ''}{e.stderr or ''}"]
    if proc.returncode != 0:
        return [f"{script} failed {mode} (exit {proc.returncode}):\n"
                f"$ python -m {declared.module} {shown}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"]
    written = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    if written != sorted(declared.outputs):
        return [f"{script}: {run} wrote {written}, the script declares {sorted(declared.outputs)}"]
    reasons = []
    for rel in written:
        text = (out_dir / rel).read_text(encoding="utf-8")
        try:
            header = parse_header(text)
        except HeaderError as e:
            reasons.append(f"{script}: {rel} {e}")
            continue
        if header.script != script:
            reasons.append(f"{script}: {rel} names {header.script} in its header")
        if header.fields["script-sha256"] != file_sha256(root / script):
            reasons.append(f"{script}: {rel} records a script hash other than the script's")
        if header.fields[CONTENT_FIELD] != content_sha256(text):
            reasons.append(f"{script}: {rel} has a content hash that does not match its text")
    return reasons
