"""A real PostgreSQL server for the warehouse tests, started once per session on 127.0.0.1 and stopped after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_server import PostgresServer, postgres_server

__all__ = ["pg"]


@pytest.fixture(scope="session")
def pg() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server
