"""kyc: a Chinese label beside each checklist item's English one

Revision ID: 0019_kyc_label_zh
Revises: 0003_kyc

Most of the office reads Chinese, yet checklist items showed only the English label the
template gave. Template items and the checklist items copied from them get ``label_zh``;
the default items (matched by code and their unchanged English label) are filled in here,
so existing checklists read Chinese too. Labels an admin wrote stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_kyc_label_zh"
down_revision = "0003_kyc"
branch_labels = None
depends_on = None

# (code, English label of the default templates, Chinese label); a copy, because a
# migration must not change when app/kyc/defaults.py does.
DEFAULT_LABELS = (
    ("id_card", "Identity card (resident ID)", "居民身份证"),
    ("name_match", "Name matches the ID", "姓名与证件一致"),
    ("face_match", "Photo / face match", "照片 / 人脸比对"),
    ("mobile", "Mobile number verified", "手机号已核实"),
    ("bank_card", "Bank card verified", "银行卡已核实"),
    ("address_proof", "Address proof", "住址证明"),
    ("income_proof", "Income proof", "收入证明"),
    ("screening", "Sanctions / PEP screening", "制裁 / 政治公众人物筛查"),
    ("blacklist", "Internal blacklist check", "内部黑名单核查"),
    ("licence", "Business licence (unified social credit code)", "营业执照（统一社会信用代码）"),
    ("legal_rep_id", "Legal representative's ID", "法定代表人身份证件"),
    ("owners", "Beneficial owners of 25% or more", "持股 25% 及以上的受益所有人"),
    ("business_account", "Business bank account", "对公银行账户"),
    ("screening", "Screening of the company and its owners", "公司及其股东筛查"),
)

TABLES = ("kyc_template_items", "kyc_items")


def upgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("label_zh", sa.String(length=200), nullable=True))
    for name in TABLES:
        table = sa.table(
            name,
            sa.column("code", sa.String),
            sa.column("label", sa.String),
            sa.column("label_zh", sa.String),
        )
        for code, label, label_zh in DEFAULT_LABELS:
            op.execute(
                table.update()
                .where(table.c.code == code, table.c.label == label)
                .values(label_zh=label_zh)
            )


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_column("label_zh")
