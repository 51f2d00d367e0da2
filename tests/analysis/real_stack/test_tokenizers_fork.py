"""A fork after parallel encoding, with the pinned `tokenizers`: the child is silent.

Releases up to 0.22.1 printed "The current process just got forked, after
parallelism has already been used..." from their fork handler; 0.22.2 and
0.23.3 print nothing. If a new pin brings the warning back, the first test
fails and the pages that describe it (the DataLoader chapter, the fork-safety
and DataLoader interview answers) must be updated with it.
"""

from __future__ import annotations

from tests.support.optional import pinned_version, require

tokenizers = require("tokenizers")

from snippets.analysis.real_stack import tokenizers_fork  # noqa: E402


def test_the_pinned_release_forks_without_the_old_warning():
    version, output = tokenizers_fork.fork_after_parallel_encode()
    assert version == pinned_version("tokenizers") == tokenizers.__version__
    assert tokenizers_fork.OLD_WARNING not in output, output


def test_the_probe_reports_what_the_child_writes(monkeypatch):
    # Teeth: a child that does print the warning (as 0.22.1 did) is seen.
    loud = tokenizers_fork.PROBE.replace(
        "os._exit(0)", f"os.write(2, {tokenizers_fork.OLD_WARNING!r}.encode()); os._exit(0)"
    )
    assert loud != tokenizers_fork.PROBE
    monkeypatch.setattr(tokenizers_fork, "PROBE", loud)
    _, output = tokenizers_fork.fork_after_parallel_encode()
    assert tokenizers_fork.OLD_WARNING in output


def test_main_prints_the_verdict(capsys):
    tokenizers_fork.main()
    assert capsys.readouterr().out == f"tokenizers {tokenizers.__version__}: a fork after encode_batch prints nothing\n"
