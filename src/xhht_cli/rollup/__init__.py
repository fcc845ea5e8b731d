"""Roll-up: aggregate the period, carry earlier ones onto today's units, track progress, and
decide the run's outcome (docs/rollup.md, docs/progress.md, docs/outcome.md)."""
