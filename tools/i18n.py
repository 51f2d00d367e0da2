"""Keeping the English and Chinese editions in step.

The site has one source tree: ``docs/x.md`` is the English page and
``docs/x.zh.md`` its Chinese translation (mkdocs-static-i18n, suffix
layout). Both include the same ``snippets/``. A page's *structure* is what
must not differ between the two: the headings (level and anchor id), the code
blocks (language and body), the ``--8<--`` includes, the admonitions and
collapsible blocks (kind), the content tabs, the tables and the images.
Prose, heading text, admonition titles, tab labels, table cells and diagram
labels are translated.

Anchor ids are the English ones on both pages: a Chinese heading carries
``{ #id }`` with the id the English heading gets, so a link ``x.md#id``
works in both editions and the language switch keeps its meaning.

Usage::

    python -m tools.i18n status               # pages missing, out of step, or older than their English page
    python -m tools.i18n skeleton docs/x.md   # write docs/x.zh.md to translate
    python -m tools.i18n diff docs/x.md       # the first structural difference
    python -m tools.i18n changed docs/x.md    # what the English page changed since the translation
    python -m tools.i18n stamp docs/x.md      # record that docs/x.zh.md translates the current English
    python -m tools.i18n includes             # write the Chinese counterexample includes

Kept in step with the prose too: each Chinese page records, in its front
matter, which text of the English page it translates::

    ---
    english_sha256: 1a2b3c4d5e6f7a8b
    ---

the first 16 hex digits of the SHA-256 of the English page with white space
folded (re-wrapping a paragraph does not count; any other change does).
tests/docs/test_i18n.py fails, naming the page, when the English page no
longer has that hash. After changing an English page, update the Chinese
page (``changed`` prints the English diff since the stamp, from git history),
then ``stamp`` it; ``stamp`` refuses while the structure differs.

A chart (bench/charts.py) is drawn once per edition: ``x.svg`` on the English
page, ``x.zh.svg`` (Chinese labels, same data) on the Chinese one; the two
includes count as the same. Generated includes have a Chinese twin: a published counterexample's
``snippets/<section>/counterexamples/<name>.md`` (written by
tests/support/counterexamples.py) has ``<name>.zh.md``, the same include with
its labels in Chinese, made from it by ``chinese_include`` and included by the
Chinese pages; tests/docs/test_i18n.py checks that each twin is current.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown

if not __package__:  # run as `python tools/i18n.py` rather than `python -m tools.i18n`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.markdown import fences, parse_include  # noqa: E402

__all__ = [
    "STAMP_KEY",
    "Token",
    "english_sha256",
    "english_since_stamp",
    "stale_translation",
    "stamp",
    "stamp_of",
    "chinese_include",
    "counterexample_includes",
    "english_pages",
    "heading_ids",
    "structure",
    "translation_of",
    "first_difference",
    "skeleton",
]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ZH_SUFFIX = ".zh.md"
_ZH_TWIN = re.compile(r"\.zh\.(md|svg)\b")

# Fences whose body is translated (diagram labels are text for readers).
TRANSLATED_FENCES = {"mermaid"}

_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+([A-Za-z][\w-]*)")
_TAB = re.compile(r'^\s*===\+?\s+"')
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTR_ID = re.compile(r"\s*\{\s*#([\w.:-]+)\s*\}\s*$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Token:
    """One structural element of a page; ``line`` is not compared."""

    kind: str
    value: str
    line: int = 0

    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} {self.value!r}"


def english_pages(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if not p.name.endswith(ZH_SUFFIX))


def translation_of(page: Path) -> Path:
    return page.with_name(page.name[: -len(".md")] + ZH_SUFFIX)


def _markdown() -> markdown.Markdown:
    # The block-level extensions of mkdocs.yml that decide what is a heading.
    return markdown.Markdown(
        extensions=[
            "toc",
            "attr_list",
            "admonition",
            "md_in_html",
            "tables",
            "def_list",
            "footnotes",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.tabbed",
        ],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )


def heading_ids(text: str) -> list[tuple[int, str]]:
    """(level, id) of every heading, as the toc extension assigns them
    (front matter is not part of the page)."""
    md = _markdown()
    md.convert(_without_front_matter(text))

    found: list[tuple[int, str]] = []

    def walk(tokens):
        for token in tokens:
            found.append((token["level"], token["id"]))
            walk(token["children"])

    walk(md.toc_tokens)
    return found


def structure(page: Path) -> list[Token]:
    """The page's structure, in order: headings first (level, id), then the
    line-level elements (fences, includes, admonitions, tabs, tables, images)."""
    text = page.read_text(encoding="utf-8")
    # The page title (h1) is compared by level only: nothing links to its id.
    tokens = [
        Token("heading", f"h{level}" if level == 1 else f"h{level} #{ident}")
        for level, ident in heading_ids(text)
    ]
    fenced: set[int] = set()
    by_line: dict[int, Token] = {}
    for fence in fences(page):
        span = range(fence.line, fence.line + len(fence.body) + 2)
        fenced.update(span)
        lang = fence.info.split()[0] if fence.info else ""
        body = "" if lang in TRANSLATED_FENCES else "\n".join(fence.body)
        by_line[fence.line] = Token("fence", f"{lang}\n{body}".rstrip("\n"), fence.line)
    for number, line in enumerate(text.splitlines(), start=1):
        if number in fenced:
            continue
        inc = parse_include(line)
        if inc is not None:
            target = _ZH_TWIN.sub(r".\1", inc.target)  # x.zh.md / x.zh.svg: the twin of x.md / x.svg
            by_line[number] = Token("include", target, number)
        elif m := _ADMONITION.match(line):
            by_line[number] = Token("admonition", f"{m.group(1)} {m.group(2)}", number)
        elif _TAB.match(line):
            by_line[number] = Token("tab", "===", number)
        elif _TABLE_RULE.match(line):
            columns = len(re.findall(r":?-{3,}:?", line))
            by_line[number] = Token("table", f"{columns} columns", number)
        else:
            for m in _IMAGE.finditer(line):
                by_line[number] = Token("image", m.group(1), number)
    return tokens + [by_line[n] for n in sorted(by_line)]


def first_difference(page: Path) -> str | None:
    """None when ``page`` and its translation have the same structure, else
    a sentence naming the first difference."""
    zh = translation_of(page)
    if not zh.exists():
        return f"{_rel(page)}: no Chinese translation {_rel(zh)}"
    en_tokens, zh_tokens = structure(page), structure(zh)
    en_heads = [t for t in en_tokens if t.kind == "heading"]
    zh_heads = [t for t in zh_tokens if t.kind == "heading"]
    for index, (a, b) in enumerate(zip(en_heads, zh_heads)):
        if a.key() != b.key():
            return (
                f"{_rel(zh)}: heading {index + 1} is {b.value}, the English page has {a.value} "
                f"(give the Chinese heading {{ #{a.value.split('#', 1)[1]} }})"
            )
    if len(en_heads) != len(zh_heads):
        return f"{_rel(zh)}: {len(zh_heads)} headings, the English page has {len(en_heads)}"
    en_rest = [t for t in en_tokens if t.kind != "heading"]
    zh_rest = [t for t in zh_tokens if t.kind != "heading"]
    for a, b in zip(en_rest, zh_rest):
        if a.key() != b.key():
            if a.kind == b.kind == "fence":
                ours, theirs = _first_changed_line(b.value, a.value)
                return (
                    f"{_rel(zh)}:{b.line}: code block differs from {_rel(page)}:{a.line} "
                    f"(code is never translated): {ours!r} where the English page has {theirs!r}"
                )
            return (
                f"{_rel(zh)}:{b.line}: {b.kind} {_short(b.value)} where {_rel(page)}:{a.line} "
                f"has {a.kind} {_short(a.value)}"
            )
    if len(en_rest) != len(zh_rest):
        longer, shorter, which = (
            (en_rest, zh_rest, _rel(page)) if len(en_rest) > len(zh_rest) else (zh_rest, en_rest, _rel(zh))
        )
        extra = longer[len(shorter)]
        return f"{which}:{extra.line}: {extra.kind} {_short(extra.value)} has no counterpart in the other language"
    return None


def _first_changed_line(ours: str, theirs: str) -> tuple[str, str]:
    a, b = ours.splitlines(), theirs.splitlines()
    for x, y in zip(a, b):
        if x != y:
            return x, y
    return (a[len(b)] if len(a) > len(b) else "<end>"), (b[len(a)] if len(b) > len(a) else "<end>")


def _short(value: str) -> str:
    first = value.splitlines()[0] if value else ""
    more = " ..." if "\n" in value else ""
    return repr(first + more)


def _rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def skeleton(page: Path) -> str:
    """The English page with every heading given its explicit English id, and
    the stamp of the English text it starts from: the starting point of a
    translation (translate the prose, keep the rest)."""
    text = page.read_text(encoding="utf-8")
    ids = iter(heading_ids(text))
    fenced: set[int] = set()
    for fence in fences(page):
        fenced.update(range(fence.line, fence.line + len(fence.body) + 2))
    matter = _FRONT_MATTER.match(text)
    skip = matter.group(0).count("\n") if matter else 0
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADING.match(line) if number not in fenced and number > skip else None
        if m:
            level, ident = next(ids)
            if level >= 2 and not _ATTR_ID.search(line):
                line = f"{line} {{ #{ident} }}"
        out.append(line)
    return with_stamp("\n".join(out) + "\n", english_sha256(text))


# --- kept in step with the English prose ------------------------------------

STAMP_KEY = "english_sha256"
_STAMP_LINE = re.compile(rf"^{STAMP_KEY}:\s*(?P<value>\S*)\s*$", re.M)


def _without_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text, count=1)


def english_sha256(text: str) -> str:
    """The stamp of an English page's text: SHA-256 of the text with white
    space folded (line breaks inside a paragraph do not count), 16 hex digits."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def stamp_of(translation_text: str) -> str | None:
    """The ``english_sha256`` a Chinese page records, or None."""
    matter = _FRONT_MATTER.match(translation_text)
    if not matter:
        return None
    found = _STAMP_LINE.search(matter.group(0))
    return found.group("value") if found else None


def with_stamp(translation_text: str, value: str) -> str:
    """``translation_text`` with its front matter recording ``value``."""
    line = f"{STAMP_KEY}: {value}"
    matter = _FRONT_MATTER.match(translation_text)
    if not matter:
        return f"---\n{line}\n---\n\n{translation_text}"
    block = matter.group(0)
    if _STAMP_LINE.search(block):
        block = _STAMP_LINE.sub(line, block, count=1)
    else:
        block = block[: -len("---\n")] + line + "\n---\n"
    return block + translation_text[matter.end():]


def stale_translation(page: Path) -> str | None:
    """None when ``page``'s translation records the current English text, else
    a sentence naming the page and what to do."""
    zh = translation_of(page)
    if not zh.exists():
        return f"{_rel(page)}: no Chinese translation {_rel(zh)}"
    recorded = stamp_of(zh.read_text(encoding="utf-8"))
    now = english_sha256(page.read_text(encoding="utf-8"))
    if recorded == now:
        return None
    what = "records no English text (no english_sha256 in its front matter)" if recorded is None else (
        f"translates an older text of {_rel(page)} (english_sha256 {recorded}, the English page is now {now})"
    )
    return (
        f"{_rel(zh)}: {what}: see what changed with `python -m tools.i18n changed {_rel(page)}`, "
        f"update the Chinese page, then `python -m tools.i18n stamp {_rel(page)}`"
    )


def stamp(page: Path) -> str:
    """Record in the Chinese page that it translates the current English page.
    Raises ValueError while the two differ in structure."""
    why = first_difference(page)
    if why is not None:
        raise ValueError(f"not stamped, the structure differs: {why}")
    zh = translation_of(page)
    value = english_sha256(page.read_text(encoding="utf-8"))
    text = zh.read_text(encoding="utf-8")
    updated = with_stamp(text, value)
    if updated != text:
        zh.write_text(updated, encoding="utf-8")
    return value


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def english_since_stamp(page: Path, max_commits: int = 500) -> tuple[str, str] | None:
    """(where, unified diff) of the English page from the text the Chinese
    page's stamp records to the current text; ``where`` names the commit the
    old text was found in. None when the stamp is current. The old text is
    looked up in git history (the English page's commits, following renames);
    raises LookupError when no commit holds it (stamped from text never
    committed) or the page records no stamp."""
    zh = translation_of(page)
    recorded = stamp_of(zh.read_text(encoding="utf-8")) if zh.exists() else None
    current = page.read_text(encoding="utf-8")
    if recorded == english_sha256(current):
        return None
    if recorded is None:
        raise LookupError(f"{_rel(zh)} records no english_sha256: compare the two pages by hand, then stamp")
    root = Path(_git(page.parent, "rev-parse", "--show-toplevel").strip())
    log = _git(root, "log", f"-n{max_commits}", "--follow", "--format=commit %H %h %cs", "--name-only", "--",
               str(page.resolve().relative_to(root.resolve())))
    commit = None
    for line in log.splitlines():
        if line.startswith("commit "):
            commit = line.split()[1:]
        elif line.strip() and commit:
            try:
                old = _git(root, "show", f"{commit[0]}:{line.strip()}")
            except RuntimeError:
                continue
            if english_sha256(old) == recorded:
                diff = difflib.unified_diff(
                    old.splitlines(), current.splitlines(),
                    f"{line.strip()} @ {commit[1]} (translated)", f"{_rel(page)} (now)", lineterm="", n=2,
                )
                return f"{commit[1]} ({commit[2]})", "\n".join(diff)
    raise LookupError(
        f"no commit of {_rel(page)} has the text {_rel(zh)} was stamped with ({recorded}): "
        "compare the two pages by hand, then stamp"
    )


# --- generated includes -------------------------------------------------------

_KIND_ZH = {"invariant": "不变式被违反", "deadlock": "死锁", "exception": "线程抛出异常", "livelock": "活锁"}
_REPORT_TITLE = re.compile(r'"What racecheck reports: (?P<kind>\S+) \((?P<lines>\d+) lines\)"')
_PICTURE_SUMMARY = "<summary>The interleaving, as a picture</summary>"


def chinese_include(include: str) -> str:
    """The Chinese edition's counterexample include, made from the English one:
    the same picture and report (program output is not translated), Chinese labels."""

    def title(m: re.Match) -> str:
        kind = _KIND_ZH.get(m["kind"], m["kind"])
        return f'"racecheck 的报告：{kind}（{m["lines"]} 行）"'

    include = include.replace(_PICTURE_SUMMARY, "<summary>交错过程（图）</summary>")
    return _REPORT_TITLE.sub(title, include)


def counterexample_includes(root: Path = ROOT) -> list[tuple[Path, Path]]:
    """(English include, its Chinese twin) of every published counterexample."""
    return [
        (md, md.with_name(md.stem + ZH_SUFFIX))
        for md in sorted((root / "snippets").rglob("counterexamples/*.md"))
        if not md.name.endswith(ZH_SUFFIX)
    ]


def _english(page: Path) -> Path:
    """The English page of ``page`` (given as x.md or as its translation x.zh.md)."""
    page = page.resolve()
    if page.name.endswith(ZH_SUFFIX):
        page = page.with_name(page.name[: -len(ZH_SUFFIX)] + ".md")
    if not page.is_file():
        raise SystemExit(f"no English page {_rel(page)}")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list pages without a translation, out of step, or older than their English page")
    sk = sub.add_parser("skeleton", help="write the Chinese starting point of an English page")
    sk.add_argument("pages", nargs="+", type=Path)
    sk.add_argument("--force", action="store_true", help="overwrite an existing translation")
    df = sub.add_parser("diff", help="the first structural difference of pages, and stale stamps")
    df.add_argument("pages", nargs="+", type=Path)
    ch = sub.add_parser("changed", help="the English diff since the text the Chinese page translates (git)")
    ch.add_argument("pages", nargs="+", type=Path)
    st = sub.add_parser("stamp", help="record that the Chinese page translates the current English page")
    st.add_argument("pages", nargs="+", type=Path)
    sub.add_parser("includes", help="write the Chinese twin of every counterexample include")
    args = parser.parse_args(argv)

    if args.command == "includes":
        for english, chinese in counterexample_includes():
            chinese.write_text(chinese_include(english.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {len(counterexample_includes())} Chinese counterexample includes")
        return 0

    if args.command == "skeleton":
        for page in args.pages:
            target = translation_of(page)
            if target.exists() and not args.force:
                print(f"{_rel(target)} exists (use --force)")
                continue
            target.write_text(skeleton(page), encoding="utf-8")
            print(f"wrote {_rel(target)}")
        return 0

    if args.command == "stamp":
        failed = 0
        for page in map(_english, args.pages):
            try:
                value = stamp(page)
            except ValueError as error:
                print(error)
                failed += 1
                continue
            print(f"{_rel(translation_of(page))}: english_sha256 {value}")
        return 1 if failed else 0

    if args.command == "changed":
        status = 0
        for page in map(_english, args.pages):
            try:
                found = english_since_stamp(page)
            except (LookupError, RuntimeError) as error:
                print(f"{_rel(page)}: {error}")
                status = 1
                continue
            if found is None:
                print(f"{_rel(translation_of(page))} translates the current {_rel(page)}")
                continue
            where, diff = found
            status = 1
            print(f"{_rel(page)} since {where}, the text {_rel(translation_of(page))} translates:")
            print(diff)
            print(f"(update {_rel(translation_of(page))}, then: python -m tools.i18n stamp {_rel(page)})")
        return status

    pages = english_pages() if args.command == "status" else [_english(p) for p in args.pages]
    problems = [why for page in pages if (why := first_difference(page) or stale_translation(page))]
    for why in problems:
        print(why)
    done = len(pages) - len(problems)
    sys.stdout.flush()
    print(f"{done}/{len(pages)} pages in step", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
