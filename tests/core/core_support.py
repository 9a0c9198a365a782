"""Shared constants for core tests (a uniquely named module: `conftest` is ambiguous across test folders)."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
