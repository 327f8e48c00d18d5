"""Modal screens: forms and dialogs, each returning a typed result."""
