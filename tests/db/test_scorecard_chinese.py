"""The scorecard in Chinese beside its English (issue 14 #2): characteristics, bins
and the reasons an applicant reads; the decline reasons; the decline letter. The
upgrade fills in the shipped scorecard's Chinese for applications already scored."""

from __future__ import annotations

import io

import pytest
from alembic import command
from pypdf import PdfReader
from sqlalchemy import select, update

from app.origination.decisions import DecisionService
from app.origination.decline_reasons import DECLINE_REASONS, DECLINE_REASONS_ZH
from app.origination.detail import ApplicationQueries
from app.origination.documents import DocumentService
from app.origination.service import ApplicationService
from app.security.permissions import Role
from db import schema
from db.models.origination import ScorecardBin, ScorecardCharacteristic
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB


def _declined(db: TestDB) -> tuple[int, FakeGate]:
    make_product(db)
    customer = make_customer(db)
    senior = db.user(Role.SENIOR_UNDERWRITER)
    made = ApplicationService(senior, db.vault).submit(
        form(amount="80000", bureau_score="560", monthly_income="4000"), customer_id=customer
    )
    gate = FakeGate()
    DecisionService(senior, gate).decline(made.id, None, ["D01", "D05"], "policy")
    return made.id, gate


def test_the_detail_carries_the_scorecards_chinese(db: TestDB) -> None:
    app_id, gate = _declined(db)
    d = ApplicationQueries(db.admin(), gate).detail(app_id)
    by_code = {line.code: line for line in d.score_lines}
    bureau = by_code["bureau_score"]
    assert (bureau.label_zh, bureau.bin_label_zh) == ("征信评分", "550-599")
    assert bureau.reason_zh == "您的征信评分低于我们以最优条件放款的水平。"
    assert by_code["monthly_income"].bin_label_zh == "3,000-5,999 元"
    assert all(line.label_zh and line.bin_label_zh for line in d.score_lines)
    assert d.decline_reasons == (("D01", DECLINE_REASONS["D01"]), ("D05", DECLINE_REASONS["D05"]))
    assert d.decline_reasons_zh == (DECLINE_REASONS_ZH["D01"], DECLINE_REASONS_ZH["D05"])
    assert set(DECLINE_REASONS_ZH) == set(DECLINE_REASONS)


def test_the_decline_letter_gives_the_reasons_in_chinese(db: TestDB) -> None:
    app_id, gate = _declined(db)
    pdf = DocumentService(db.admin(), gate, db.vault).decline_letter_pdf(app_id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squeezed = "".join(text.split())
    assert "".join(DECLINE_REASONS_ZH["D01"].split()) in squeezed
    assert "".join(DECLINE_REASONS_ZH["D05"].split()) in squeezed
    assert "征信评分低于我们以最优条件放款的水平" in squeezed  # a key factor, in Chinese
    assert "".join(DECLINE_REASONS["D01"].split()) in squeezed  # and in English


def test_the_upgrade_fills_in_the_shipped_scorecards_chinese(db: TestDB) -> None:
    if db.backend == "sqlite":
        pytest.skip("SQLite cannot drop the columns under foreign keys to go back a step")
    app_id, gate = _declined(db)
    with db.sessions.begin() as s:  # an admin's own wording stays as it is
        s.execute(
            update(ScorecardCharacteristic)
            .where(ScorecardCharacteristic.code == "open_accounts")
            .values(label="Open accounts (own wording)")
        )
    cfg = schema.alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_origination")
    assert "0022_scorecard_zh" not in schema.current_revisions(db.engine)
    schema.upgrade(db.engine)
    with db.sessions() as s:
        chars = {c.code: c for c in s.scalars(select(ScorecardCharacteristic))}
        assert chars["bureau_score"].label_zh == "征信评分"
        assert chars["dti_bp"].reason_zh == "您的月还款额（含本笔借款）相对收入偏高。"
        assert chars["open_accounts"].label_zh is None  # not the shipped text
        bins = s.scalars(
            select(ScorecardBin.label_zh).where(
                ScorecardBin.characteristic_id == chars["bureau_score"].id
            )
        ).all()
        assert "750 及以上" in bins
    d = ApplicationQueries(db.admin(), gate).detail(app_id)
    assert {line.code: line.label_zh for line in d.score_lines}["inquiries_6m"] == (
        "近 6 个月征信查询次数"
    )
