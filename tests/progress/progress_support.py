"""Paths shared by the progress tests."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "core" / "data"
