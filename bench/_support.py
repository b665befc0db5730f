"""Helpers shared by the benchmarks that start their own server (not a benchmark itself)."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(url: str, sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the PostgreSQL server at ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)
