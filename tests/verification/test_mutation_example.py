"""The survivor shown on docs/verification/mutation.md, before and after.

The mutant is made by racecheck.mutate itself from the published module, so
the page shows a mutant the tool really produces."""

import racecheck
from snippets.problems.leetcode import p1242_web_crawler_multithreaded_condition as crawler
from snippets.verification import mutation_example as example


def test_the_mutant_is_the_one_the_page_describes():
    mutated, site = example.mutant(crawler)
    text = open(crawler.__file__, encoding="utf-8").read()
    assert site.operator == "while-to-if"
    assert text.splitlines()[site.line - 1].strip() == "while True:"
    assert site.apply(text).splitlines()[site.line - 1].strip() == "if True:"


def test_both_scenarios_pass_on_the_real_crawler():
    racecheck.verify(example.scenario_before(crawler))
    racecheck.verify(example.scenario_after(crawler))


def test_the_old_scenario_lets_the_mutant_survive():
    mutated, _ = example.mutant(crawler)
    racecheck.verify(example.scenario_before(mutated))  # passes: the survivor


def test_the_fixed_scenario_kills_it():
    mutated, _ = example.mutant(crawler)
    failure = racecheck.expect_failure(example.scenario_after(mutated), kind="invariant")
    assert "fetched" in failure.message or "stopped" in failure.message
