"""origination: Chinese beside the scorecard's English

Revision ID: 0022_scorecard_zh
Revises: 0005_origination

Underwriters read the scorecard's characteristics, bins and reasons, and a declined
applicant is told the reasons, mostly in Chinese. Characteristics get ``label_zh`` and
``reason_zh``, bins ``label_zh``; the shipped scorecard's rows (matched by code and
their unchanged English text) are filled in here, so applications already scored read
Chinese too. Texts an admin wrote stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_scorecard_zh"
down_revision = "0005_origination"
branch_labels = None
depends_on = None

# A copy of app/origination/default_scorecard.py's texts: a migration must not change
# when that module does. (code, English label, Chinese label, Chinese reason,
# ((English bin label, Chinese bin label), ...))
DEFAULT = (
    ("bureau_score", "Credit bureau score", "征信评分",
     "您的征信评分低于我们以最优条件放款的水平。",
     (("below 550", "低于 550"), ("550-599", "550-599"), ("600-649", "600-649"),
      ("650-699", "650-699"), ("700-749", "700-749"), ("750 and above", "750 及以上"))),
    ("dti_bp", "Debt-to-income with this loan", "含本笔借款的负债收入比",
     "您的月还款额（含本笔借款）相对收入偏高。",
     (("below 20%", "低于 20%"), ("20-30%", "20-30%"), ("30-40%", "30-40%"),
      ("40-50%", "40-50%"), ("50-60%", "50-60%"), ("60% and above", "60% 及以上"))),
    ("delinquencies_24m", "Delinquencies in 24 months", "近 24 个月逾期次数",
     "您的征信报告显示近 24 个月有逾期还款记录。",
     (("none", "无"), ("1", "1 次"), ("2", "2 次"), ("3 or more", "3 次及以上"))),
    ("inquiries_6m", "Credit inquiries in 6 months", "近 6 个月征信查询次数",
     "您近六个月申请信贷的次数较多。",
     (("0-1", "0-1 次"), ("2-3", "2-3 次"), ("4-5", "4-5 次"), ("6 or more", "6 次及以上"))),
    ("open_accounts", "Open credit accounts", "未结清信贷账户数",
     "您持有的未结清信贷账户数量不在我们的理想范围内。",
     (("none", "无"), ("1-3", "1-3 个"), ("4-6", "4-6 个"), ("7-9", "7-9 个"),
      ("10 or more", "10 个及以上"))),
    ("monthly_income", "Monthly income", "月收入", "您申报的月收入相对申请金额偏低。",
     (("below 3,000", "低于 3,000 元"), ("3,000-5,999", "3,000-5,999 元"),
      ("6,000-9,999", "6,000-9,999 元"), ("10,000-19,999", "10,000-19,999 元"),
      ("20,000 and above", "20,000 元及以上"))),
)  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("scorecard_characteristics") as batch:
        batch.add_column(sa.Column("label_zh", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("reason_zh", sa.String(length=300), nullable=True))
    with op.batch_alter_table("scorecard_bins") as batch:
        batch.add_column(sa.Column("label_zh", sa.String(length=60), nullable=True))
    chars = sa.table(
        "scorecard_characteristics",
        sa.column("id", sa.BigInteger),
        sa.column("code", sa.String),
        sa.column("label", sa.String),
        sa.column("label_zh", sa.String),
        sa.column("reason_zh", sa.String),
    )
    bins = sa.table(
        "scorecard_bins",
        sa.column("characteristic_id", sa.BigInteger),
        sa.column("label", sa.String),
        sa.column("label_zh", sa.String),
    )
    for code, label, label_zh, reason_zh, bin_labels in DEFAULT:
        op.execute(
            chars.update()
            .where(chars.c.code == code, chars.c.label == label)
            .values(label_zh=label_zh, reason_zh=reason_zh)
        )
        of_code = sa.select(chars.c.id).where(chars.c.code == code, chars.c.label == label)
        for english, chinese in bin_labels:
            op.execute(
                bins.update()
                .where(bins.c.characteristic_id.in_(of_code), bins.c.label == english)
                .values(label_zh=chinese)
            )


def downgrade() -> None:
    with op.batch_alter_table("scorecard_bins") as batch:
        batch.drop_column("label_zh")
    with op.batch_alter_table("scorecard_characteristics") as batch:
        batch.drop_column("reason_zh")
        batch.drop_column("label_zh")
