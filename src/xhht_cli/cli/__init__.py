"""The command line: the only layer that imports typer and rich."""

from xhht_cli.cli.app import app, main

__all__ = ["app", "main"]
