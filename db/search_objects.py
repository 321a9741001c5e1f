"""Dialect-specific search objects that live only in migrations.

Full-text search differs per backend (SQLite FTS5 virtual tables, PostgreSQL
trigram GIN indexes, MySQL/MariaDB FULLTEXT indexes), so those objects are not in
the metadata. By convention their names start with ``fts_``; the schema drift
check and autogenerate skip reflected objects so named.
"""

from __future__ import annotations

from typing import Any

FTS_PREFIX = "fts_"


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic ``include_object`` hook: ignore reflected ``fts_*`` tables and indexes."""
    if reflected and compare_to is None and name and name.startswith(FTS_PREFIX):
        return type_ not in ("table", "index")
    return True
