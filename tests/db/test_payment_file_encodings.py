"""Payment and application files as Chinese banks and spreadsheets write them (issue 14
#6), on every backend: GBK, GB18030 and UTF-8 with a BOM are told apart and reported,
bytes in no supported encoding refuse the file naming the line, a quoted line break
stays in its field, and the CSV export starts with the BOM Excel needs."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.loans.ledger import trial_balance
from app.loans.payment_file import import_payment_file
from app.origination.csv_import import COLUMNS as APPLICATION_COLUMNS
from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.servicedesk.complaints import ComplaintLine, register_csv
from db.models.collections import SuspensePayment
from db.models.loans import Payment
from db.models.origination import Application
from tests.db.test_payment_file import HEADER, _world
from tests.origination_support import make_product
from tests.support import TestDB

DAY = "2026-01-15"


def _file(tmp_path: Path, body: str, encoding: str, name: str = "bank.csv") -> Path:
    """The payment file ``body`` (after the header) as ``encoding`` writes it."""
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def _payments(db: TestDB) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count(Payment.id))) or 0)


def _payers(db: TestDB) -> dict[str, str]:
    with db.sessions() as s:
        return dict(s.execute(select(SuspensePayment.reference, SuspensePayment.payer_name)).all())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("encoding", "payer", "reported"),
    [
        ("gbk", "王伟", "GBK"),
        ("gb18030", "𠮷野家", "GB18030"),  # 𠮷 is four bytes in GB18030 and not in GBK
        ("utf-8-sig", "王伟", "UTF-8 with BOM"),
    ],
)
def test_a_chinese_bank_file_posts_in_its_encoding(
    db: TestDB, tmp_path: Path, encoding: str, payer: str, reported: str
) -> None:
    world, number, _ = _world(db)
    path = _file(
        tmp_path,
        f"E-1,{number},100.00,{DAY},{payer}\r\nE-2,NO-SUCH-LOAN,12.34,{DAY},{payer}\r\n",
        encoding,
    )
    summary = import_payment_file(world.ctx, path)
    assert summary.rejected == []
    assert (summary.posted, summary.suspense) == (1, 1)
    assert (summary.total_amount, summary.suspense_amount) == (10_000, 1_234)
    assert summary.encoding == encoding
    assert summary.as_dict()["encoding"] == reported and f"read as {reported}" in summary.as_text()
    assert _payers(db) == {"E-2": payer}  # the name arrives as the bank wrote it
    assert _payments(db) == 1
    with db.sessions() as s:
        assert trial_balance(s) == 0


def test_bytes_in_no_supported_encoding_refuse_the_file_naming_the_line(
    db: TestDB, tmp_path: Path
) -> None:
    world, number, _ = _world(db)
    path = tmp_path / "bank.csv"
    path.write_bytes(
        HEADER.encode()
        + f"X-1,{number},10.00,{DAY},Payer\n".encode()
        + f"X-2,{number},11.00,{DAY},".encode()
        + b"\xff\xfe\xfd\n"  # 0xFF starts a character in none of UTF-8, GBK, GB18030
    )
    with pytest.raises(ValidationError, match="line 3") as caught:
        import_payment_file(world.ctx, path)
    assert "UTF-8, GBK or GB18030" in str(caught.value)
    assert _payments(db) == 0
    with db.sessions() as s:
        assert s.scalar(select(func.count(SuspensePayment.id))) == 0


def test_a_bad_line_after_the_prefix_is_refused_by_number(
    db: TestDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The encoding is decided from the start of the file; a later line in another
    encoding is refused naming it (never decoded with replacement characters), a
    later GB18030-only character moves a GBK file to GB18030."""
    from app import csvfile

    monkeypatch.setattr(csvfile, "PREFIX_BYTES", 120)
    world, number, _ = _world(db)
    lines = [f"L-{n},{number},1.00,{DAY},王伟\n" for n in range(1, 5)]
    path = tmp_path / "bank.csv"
    path.write_bytes(
        (HEADER + "".join(lines)).encode("gbk")
        + f"L-5,{number},2.00,{DAY},".encode()
        + b"Pa\x80yer\n"  # 0x80 alone is no GBK (nor GB18030) character
        + f"L-6,NO-SUCH,3.00,{DAY},𠮷野家\n".encode("gb18030")
    )
    summary = import_payment_file(world.ctx, path)
    assert [(r.line, r.reason) for r in summary.rejected] == [
        (6, "is not GBK text (the encoding of the lines before it)")
    ]
    assert (summary.posted, summary.suspense, summary.encoding) == (4, 1, "gb18030")
    assert _payers(db) == {"L-6": "𠮷野家"}


def test_a_quoted_line_break_stays_in_its_field(db: TestDB, tmp_path: Path) -> None:
    """A payer name keeps its line break as written (it names, it does not route);
    a reference or contract number with one is refused naming the row; the rows
    after keep their own line numbers."""
    world, number, _ = _world(db)
    path = _file(
        tmp_path,
        f'Q-1,{number},10.00,{DAY},"张\n三"\n'
        f'Q-2,NO-SUCH,11.00,{DAY},"张\r\n三"\n'
        f'"Q-3\nX",{number},12.00,{DAY},李四\n'
        f'Q-4,"{number[:3]}\n{number[3:]}",13.00,{DAY},李四\n'
        f"Q-5,{number},14.00,{DAY},李四\n"
        f"Q-6,{number},abc,{DAY},李四\n",
        "gbk",
    )
    summary = import_payment_file(world.ctx, path)
    assert (summary.posted, summary.suspense) == (2, 1)
    assert summary.total_amount == 2_400
    reasons = {r.line: r.reason for r in summary.rejected}
    assert sorted(reasons) == [6, 8, 11]
    assert reasons[6] == "reference: contains a line break inside its quotes"
    assert reasons[8] == "contract_number: contains a line break inside its quotes"
    assert "amount" in reasons[11]
    assert _payers(db) == {"Q-2": "张\r\n三"}


ID1 = "11010519491231002X"


def test_the_application_import_reads_gbk_and_says_so(db: TestDB) -> None:
    make_product(db)
    svc = ApplicationService(db.user(Role.UNDERWRITER), db.vault)
    text = (
        ",".join(APPLICATION_COLUMNS)
        + "\r\n"
        + f"G-1,individual,李四,{ID1},13800138000,PL,8000,12,rent,9000,0,700,2,0,1\r\n"
    )
    result = svc.import_csv(text.encode("gbk"), "apps.csv")
    assert result.rejected == ()
    assert [r.external_id for r in result.accepted] == ["G-1"]
    assert result.encoding == "gbk"
    with db.sessions() as s:
        assert s.scalar(select(func.count(Application.id))) == 1
    with pytest.raises(ValidationError, match=r"apps\.csv line 2"):
        svc.import_csv(text.encode("gbk").replace(b"PL", b"\xff\xff"), "apps.csv")
    with db.sessions() as s:
        assert s.scalar(select(func.count(Application.id))) == 1


def test_the_csv_export_starts_with_the_utf8_bom() -> None:
    line = ComplaintLine(
        "T-1", date(2026, 1, 5), "王伟", "billing", "催收电话", "", "", None, "open"
    )
    data = register_csv([line])
    assert data.startswith(codecs.BOM_UTF8)
    assert "催收电话" in data[len(codecs.BOM_UTF8) :].decode("utf-8")
