"""xhht — read, check and roll up learning-society (xây dựng xã hội học tập) reports."""

# The one place the version is written (pyproject.toml reads it from here): looking it up in
# the installed metadata cost a twentieth of a second on every start.
__version__ = "0.1.0"

__all__ = ["__version__"]
