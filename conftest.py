pytest_plugins = ["racecheck.pytest_plugin"]
