"""Reusable widgets: they post messages and never touch the store."""
