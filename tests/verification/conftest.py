"""Run the report freshness test last, after every test whose racecheck
records it compares with snippets/verification/figures/report.md (the generated part of docs/verification/report.md)."""


def pytest_collection_modifyitems(session, config, items):
    last = [i for i in items if i.nodeid.startswith("tests/verification/test_report.py::test_report_page")]
    if last:
        rest = [i for i in items if i not in last]
        items[:] = rest + last
