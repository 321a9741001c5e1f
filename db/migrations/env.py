"""Alembic environment: runs on the connection handed in by db.schema."""

from __future__ import annotations

from alembic import context

import db.models  # noqa: F401 - registers every table on the metadata
from db.base import Base
from db.search_objects import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("db.schema passes the connection; run migrations through it")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
