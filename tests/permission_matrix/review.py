from .entries import LOGIN, Entry  # noqa: F401

MATRIX: dict[str, Entry] = {}
