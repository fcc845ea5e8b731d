"""Batch mode for cron: an inbox, a submissions store, nothing lost, nothing done twice."""
