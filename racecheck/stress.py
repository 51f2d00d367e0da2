"""Placeholder; filled in by the stress work."""

__all__: list[str] = []
