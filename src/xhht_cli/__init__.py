"""xhht — read, check and roll up learning-society (xây dựng xã hội học tập) reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xhht")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
