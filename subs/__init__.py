"""The subs command line: a thin layer of click over the library packages."""

__version__ = "0.1.0"
