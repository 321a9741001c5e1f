"""Schema versions through Alembic: upgrade, current revision, head, drift check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revisions() -> frozenset[str]:
    """The newest revision of every branch (each feature keeps its own branch)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revision() -> str:
    """The heads as one printable string (sorted, comma separated)."""
    return ",".join(sorted(head_revisions()))


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as conn:
        return frozenset(MigrationContext.configure(conn).get_current_heads())


def current_revision(engine: Engine) -> str | None:
    """The database's revisions as one printable string, or None when empty."""
    revs = current_revisions(engine)
    return ",".join(sorted(revs)) if revs else None


def foreign_tables(engine: Engine) -> list[str]:
    """The tables of a database p2pdesk never initialised (empty when it did, or when
    the database is empty): ``init`` must not write its schema among them."""
    if current_revisions(engine):
        return []
    return sorted(name for name in inspect(engine).get_table_names() if name != "alembic_version")


def pending_revisions(engine: Engine) -> list[str]:
    """Revisions ``upgrade`` would still apply (empty: the database is current).

    Compare through Alembic, not by set equality: a branch that another branch
    ``depends_on`` is not stored in alembic_version once the dependant is applied."""
    script = ScriptDirectory.from_config(alembic_config())
    current = tuple(current_revisions(engine))
    return [rev.revision for rev in script.iterate_revisions("heads", current)]


def stamp_heads(engine: Engine) -> None:
    """Mark the database as being at every head (tests that reset data use it)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.stamp(cfg, "heads", purge=True)


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema up to ``revision`` (default: the newest of every branch)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def schema_drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database (empty = none)."""
    import db.models  # noqa: F401
    from db.base import Base
    from db.search_objects import include_object

    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(ctx, Base.metadata))


def revision(
    engine: Engine,
    message: str,
    rev_id: str | None = None,
    head: str = "head",
    branch_label: str | None = None,
) -> None:
    """Developer helper: autogenerate a new migration against ``engine`` (upgraded to
    heads first). A new feature branch: ``head="0001_core", branch_label="loans"``;
    the next migration of that branch: ``head="loans@head"``. Read the generated file:
    it diffs the whole metadata, so remove anything that belongs to another feature."""
    upgrade(engine)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(
            cfg,
            message=message,
            autogenerate=True,
            rev_id=rev_id,
            head=head,
            branch_label=branch_label,
            splice=head != "head",
        )
