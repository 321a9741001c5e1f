"""A failed statement's message (logged, shown in reports) never carries its bound values."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine


def test_failed_statement_hides_the_searched_value(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'x.db'}")
    try:
        with pytest.raises(DBAPIError) as raised, engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table WHERE phone = :p"), {"p": "13812345678"})
    finally:
        engine.dispose()
    assert "13812345678" not in str(raised.value)
    assert engine.hide_parameters
