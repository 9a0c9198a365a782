"""Fixtures for the datasets tests live in ds_support (a unique module name: `conftest` is ambiguous
when several test folders are collected together)."""

from ds_support import collect, evaluate, evidence

__all__ = ["collect", "evaluate", "evidence"]
