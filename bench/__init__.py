"""Benchmarks and generators: every number and figure on the site comes from here.

Each script is a module run from the repository root as ``python -m bench.<name>``
(``make figures`` runs them all). It declares the files it writes with
``bench.output.Script`` and writes them with a header recording the script,
its inputs' hash and the versions (see bench/output.py); a page includes the
file, and tests/bench/ checks every such file for staleness and runs every
script in its ``--smoke`` mode.
"""
