"""``p2pdesk demo``: realistic, deterministic demo data (same seed, same data).

Foundation part: one user per role (password ``DEMO_PASSWORD``) and customers
with Chinese and English names, valid-format phones and ID numbers, addresses and
employers. Features add their own records through ``demo_steps``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.context import Actor, ServiceContext
from app.customers.identity import luhn_check_digit, resident_id_check_char, uscc_check_char
from app.customers.service import CustomerInput, insert_customer
from app.errors import StateError
from app.security import audit
from app.security.passwords import fingerprint, hash_password
from app.security.permissions import Role
from app.security.pii import PiiVault
from db.models.customers import Customer
from db.models.security import User, UserRole

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin.demo", "Ada Admin 管理员", Role.ADMIN),
    ("uw.li", "李娜 Li Na", Role.UNDERWRITER),
    ("uw.chen", "陈伟 Chen Wei", Role.UNDERWRITER),
    ("suw.zhao", "赵敏 Zhao Min", Role.SENIOR_UNDERWRITER),
    ("kyc.wang", "王芳 Wang Fang", Role.KYC_OFFICER),
    ("kyc.sun", "孙丽 Sun Li", Role.KYC_OFFICER),
    ("col.liu", "刘洋 Liu Yang", Role.COLLECTIONS_AGENT),
    ("col.zhou", "周杰 Zhou Jie", Role.COLLECTIONS_AGENT),
    ("colsup.wu", "吴强 Wu Qiang", Role.COLLECTIONS_SUPERVISOR),
    ("sup.huang", "黄静 Huang Jing", Role.SUPPORT_AGENT),
    ("sup.lin", "林涛 Lin Tao", Role.SUPPORT_AGENT),
    ("aud.xu", "徐慧 Xu Hui", Role.AUDITOR),
)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "慧",
    "建国",
    "晓燕",
    "子涵",
    "浩然",
    "雨桐",
]
_EN_FIRST = [
    "James",
    "Emily",
    "Michael",
    "Sarah",
    "David",
    "Anna",
    "Robert",
    "Laura",
    "Tom",
    "Grace",
    "Daniel",
    "Olivia",
]
_EN_LAST = ["Smith", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Green", "Hall"]
# (area code, province, city, district)
_PLACES = [
    ("110105", "北京市", "北京", "朝阳区建国路"),
    ("310115", "上海市", "上海", "浦东新区世纪大道"),
    ("440305", "广东省", "深圳", "南山区科技园路"),
    ("440106", "广东省", "广州", "天河区天河路"),
    ("330106", "浙江省", "杭州", "西湖区文三路"),
    ("510107", "四川省", "成都", "武侯区人民南路"),
    ("420106", "湖北省", "武汉", "武昌区中南路"),
    ("320106", "江苏省", "南京", "鼓楼区中山北路"),
]
_EMPLOYERS = [
    "华为技术有限公司",
    "中国建设银行",
    "阿里巴巴集团",
    "上海地铁运营公司",
    "深圳市第一人民医院",
    "成都七中",
    "Acme Trading Ltd.",
    "自由职业",
    "美团",
    "比亚迪股份有限公司",
]
_OCCUPATIONS = [
    "engineer",
    "teacher",
    "nurse",
    "driver",
    "sales",
    "accountant",
    "shop owner",
    "civil servant",
]
_BUSINESS = [
    "深圳市鑫源贸易有限公司",
    "杭州青禾餐饮管理有限公司",
    "成都锦程物流有限公司",
    "上海汇丰五金制品厂",
    "北京智行科技有限公司",
    "Harbor Logistics (Shanghai) Co.",
]

DemoStep = Callable[[ServiceContext, PiiVault, random.Random, "DemoSummary"], None]


@dataclass
class DemoSummary:
    users: int = 0
    customers: int = 0
    extra: dict[str, int] | None = None

    def add(self, key: str, count: int) -> None:
        self.extra = self.extra or {}
        self.extra[key] = self.extra.get(key, 0) + count


def demo_steps() -> list[DemoStep]:
    """Feature demo fillers, run after users and customers exist."""
    steps: list[DemoStep] = []
    from app.loans.demo import fill_loans

    steps.append(fill_loans)
    from app.kyc.demo import fill_kyc  # KYC: checklists in every state, evidence, hits

    steps.append(fill_kyc)
    from app.origination.demo import fill_applications  # needs the loan products and KYC

    steps.append(fill_applications)
    from app.servicedesk.demo import fill_tickets  # desk: tickets, calls, complaints, holds

    steps.append(fill_tickets)
    from app.collections.demo import fill_collections  # needs loans in arrears and holds

    steps.append(fill_collections)
    return steps


def _resident_id(rng: random.Random, area: str) -> tuple[str, date, str]:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 42))
    seq = rng.randrange(0, 999)
    gender = "M" if seq % 2 else "F"
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17), birth, gender


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"


def _bank_card(rng: random.Random) -> str:
    partial = "622202" + f"{rng.randrange(0, 10**12):012d}"
    return partial + luhn_check_digit(partial)


def _uscc(rng: random.Random, area: str) -> str:
    first17 = "91" + area + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return first17 + uscc_check_char(first17)


def make_customer(rng: random.Random, index: int) -> CustomerInput:
    """One realistic customer; every tenth is a business, every fifth an English name."""
    area, province, city, street = rng.choice(_PLACES)
    if index % 10 == 9:
        name = rng.choice(_BUSINESS)
        return CustomerInput(
            kind="business",
            name=f"{name}" if index < 10 else f"{name}（{index}）",
            id_number=_uscc(rng, area),
            phone=_phone(rng),
            bank_card=_bank_card(rng),
            address=f"{province}{city}{street}{rng.randrange(1, 300)}号",
            city=city,
            province=province,
            registered_capital=rng.randrange(50, 5000) * 1_000_000,
            legal_representative=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            email=f"finance{index}@example.cn",
        )
    id_number, birth, gender = _resident_id(rng, area)
    if index % 5 == 4:
        name = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}"
        email = f"{name.lower().replace(' ', '.')}{index}@example.com"
    else:
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        email = f"user{index}@example.cn"
    return CustomerInput(
        kind="individual",
        name=name,
        id_number=id_number,
        phone=_phone(rng),
        bank_card=_bank_card(rng),
        email=email,
        gender=gender,
        birth_date=birth,
        address=f"{province}{city}{street}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}"
        f"{rng.randrange(1, 4)}{rng.randrange(1, 9):02d}室",
        city=city,
        province=province,
        employer=rng.choice(_EMPLOYERS),
        occupation=rng.choice(_OCCUPATIONS),
        monthly_income=rng.randrange(40, 400) * 10_000,
    )


def ensure_demo_users(session: Session, now_ctx: ServiceContext) -> int:
    """Create the demo users that do not exist yet; returns how many were created.

    The demo's bootstrap of its users bypasses maker-checker user administration, so
    it works only on a new database: no customers yet and no users but the admins
    ``init`` made (issue 20 #16). It is never a way to add users to a working one."""
    existing = set(session.scalars(select(User.username)))
    missing = {name for name, _display, _role in DEMO_USERS} - existing
    if missing:
        admins = set(
            session.scalars(
                select(User.username).join(UserRole).where(UserRole.role == str(Role.ADMIN))
            )
        )
        others = existing - admins - {name for name, _display, _role in DEMO_USERS}
        if others or session.scalar(select(Customer.id).limit(1)) is not None:
            raise StateError(
                "demo users are created only in a new database; this one already has "
                "customers or users (add users in Admin > Users)"
            )
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    for username, display, role in DEMO_USERS:
        if username in existing:
            continue
        user = User(
            username=username,
            display_name=display,
            password_hash=password_hash,
            roles=[UserRole(role=str(role))],
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            now_ctx.actor,
            "user.created",
            "user",
            user.id,
            now=now_ctx.now(),
            after={
                "username": username,
                "roles": [str(role)],
                "demo": True,
                "password": fingerprint(password_hash),
            },
        )
        created += 1
    return created


def fill_demo(ctx: ServiceContext, vault: PiiVault, customers: int, seed: int) -> DemoSummary:
    """Add demo users, ``customers`` customers and every feature's demo records."""
    rng = random.Random(seed)
    summary = DemoSummary()
    with ctx.transaction() as session:
        summary.users = ensure_demo_users(session, ctx)
    batch = 500
    for start in range(0, customers, batch):
        with ctx.transaction() as session:
            for index in range(start, min(customers, start + batch)):
                insert_customer(session, vault, make_customer(rng, index), ctx.actor.user_id)
            audit.record(
                session,
                ctx.actor,
                "demo.customers_added",
                "customer",
                f"batch-{start}",
                now=ctx.now(),
                after={"count": min(batch, customers - start), "seed": seed},
            )
        summary.customers += min(batch, customers - start)
    for step in demo_steps():
        step(ctx, vault, rng, summary)
    return summary


def fill_demo_atomically(
    engine: Engine, vault: PiiVault, customers: int, seed: int, actor: Actor | None = None
) -> DemoSummary:
    """:func:`fill_demo` as one transaction: every service call inside runs in a
    savepoint of a single outer transaction, committed only when the whole demo is
    in. A failure, an interrupt or a killed process leaves nothing behind (issue 20
    #14: a failed demo used to leave its first customers)."""
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            sessions = sessionmaker(
                bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
            summary = fill_demo(
                ServiceContext(sessions, actor or Actor.system("demo")), vault, customers, seed
            )
        except BaseException:
            outer.rollback()
            raise
        outer.commit()
    return summary
