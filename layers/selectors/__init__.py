"""Reads: querysets and read models, scoped by role, that pages and the API serve."""
