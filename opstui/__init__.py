"""opstui: the operations manager's day in a terminal."""

__version__ = "0.1.0"
