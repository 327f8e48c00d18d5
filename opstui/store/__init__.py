"""Storage: the only package that imports TinyDB."""
