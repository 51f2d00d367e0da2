"""Placeholder; filled in by the linearizability work."""

__all__: list[str] = []
