"""LeetCode 1195 Fizz Buzz Multithreaded: what is special to it.

The template (test_leetcode.py, row P1195 of problems.py) runs racecheck on
every variant (n = 5, and n = 15 to reach the fizzbuzz thread), the known-bad
one and its published report, and the judge on real threads.
"""

from tests.problems.leetcode.problems import fizz_buzz


def test_expected_matches_the_leetcode_example():
    assert fizz_buzz(15) == [1, 2, "fizz", 4, "buzz", "fizz", 7, 8, "fizz", "buzz", 11, "fizz", 13, 14, "fizzbuzz"]
