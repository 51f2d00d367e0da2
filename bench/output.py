"""Print a benchmark's lines and optionally keep them for a page.

    out = Output()
    out(banner())
    ...
    out.write_markdown(args.markdown, command)   # no-op when args.markdown is None
"""

from pathlib import Path


def add_markdown_option(parser):
    """Add --markdown PATH: also write the output as a ```text block to PATH."""
    parser.add_argument(
        "--markdown",
        metavar="PATH",
        help="also write the output as a ```text block to PATH (the page includes it)",
    )


class Output:
    """Prints lines and keeps them, so they can also go to a Markdown file."""

    def __init__(self):
        self.lines = []

    def __call__(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def write_markdown(self, path, command):
        if path:
            text = "```text\n$ " + command + "\n" + "\n".join(self.lines).rstrip() + "\n```\n"
            Path(path).write_text(text, encoding="utf-8")
