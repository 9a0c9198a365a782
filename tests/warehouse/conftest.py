"""Fixtures for the warehouse tests live in wh_support (a unique module name: `conftest` is ambiguous
when several test folders are collected together)."""

from wh_support import pg

__all__ = ["pg"]
