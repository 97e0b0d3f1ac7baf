"""Adapters between the outside world and records: reading tabular files."""
