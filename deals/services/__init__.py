"""Writes: atomic, validated, one module per sub-domain."""
