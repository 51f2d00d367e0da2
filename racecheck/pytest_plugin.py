"""pytest plugin of racecheck (budgets, deep-run progress and summary). Placeholder."""
