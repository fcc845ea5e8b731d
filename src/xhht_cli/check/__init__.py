"""Check: identify each report's unit, validate it, resolve several reports of one unit (docs/pipeline.md)."""
