"""Checklist templates: versioned per customer kind, edited by admins.

Publishing never edits a version in place: it adds the next version and retires
the previous one, so every existing checklist still shows what it was made from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.context import Actor, ServiceContext
from app.errors import NotFound, ValidationError
from app.kyc.defaults import CHECK_KINDS, DEFAULTS, TemplateItemSpec
from app.security import audit
from app.security.permissions import Permission, Role
from db.models.kyc import KycTemplate, KycTemplateItem

KINDS = ("individual", "business")


@dataclass(frozen=True)
class TemplateView:
    id: int
    customer_kind: str
    template_version: int
    name: str
    active: bool
    items: tuple[TemplateItemSpec, ...]


def _spec(t: KycTemplateItem) -> TemplateItemSpec:
    return TemplateItemSpec(
        t.code,
        t.label,
        t.required,
        t.evidence_required,
        t.validity_days,
        t.verifier_role,
        t.check_kind,
        t.label_zh or "",
    )


def template_items(session: Session, template_id: int) -> list[KycTemplateItem]:
    return list(
        session.scalars(
            select(KycTemplateItem)
            .where(KycTemplateItem.template_id == template_id)
            .order_by(KycTemplateItem.position)
        )
    )


def _view(session: Session, t: KycTemplate) -> TemplateView:
    items = tuple(_spec(i) for i in template_items(session, t.id))
    return TemplateView(t.id, t.customer_kind, t.template_version, t.name, t.active, items)


def validate_items(items: Sequence[TemplateItemSpec]) -> None:
    """Refuse a template that could not be worked, naming the row at fault."""
    if not items:
        raise ValidationError("items", "a template needs at least one item")
    seen: set[str] = set()
    roles = {r.value for r in Role}
    for n, spec in enumerate(items, start=1):
        where = f"item {n} ({spec.code or 'no code'})"
        code = spec.code.strip()
        if not code or len(code) > 40 or not code.replace("_", "").isalnum():
            raise ValidationError(where, "code: use 1 to 40 letters, digits or _")
        if code in seen:
            raise ValidationError(where, "code appears twice")
        seen.add(code)
        if not spec.label.strip():
            raise ValidationError(where, "label is required")
        if spec.validity_days is not None and spec.validity_days < 1:
            raise ValidationError(where, "validity must be at least one day (or none)")
        if spec.verifier_role not in roles:
            raise ValidationError(where, f"verifier role {spec.verifier_role!r} does not exist")
        if spec.check_kind is not None and spec.check_kind not in CHECK_KINDS:
            raise ValidationError(where, f"check {spec.check_kind!r} is not known")


def _insert(
    session: Session,
    kind: str,
    name: str,
    items: Sequence[TemplateItemSpec],
    created_by: int | None,
) -> KycTemplate:
    last = session.scalar(
        select(func.max(KycTemplate.template_version)).where(KycTemplate.customer_kind == kind)
    )
    session.execute(
        update(KycTemplate)
        .where(KycTemplate.customer_kind == kind, KycTemplate.active.is_(True))
        .values(active=False, version=KycTemplate.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    template = KycTemplate(
        customer_kind=kind,
        template_version=(last or 0) + 1,
        name=name,
        active=True,
        created_by=created_by,
    )
    session.add(template)
    session.flush()
    for position, spec in enumerate(items):
        session.add(
            KycTemplateItem(
                template_id=template.id,
                position=position,
                code=spec.code.strip(),
                label=spec.label.strip(),
                label_zh=spec.label_zh.strip() or None,
                required=spec.required,
                evidence_required=spec.evidence_required,
                validity_days=spec.validity_days,
                verifier_role=spec.verifier_role,
                check_kind=spec.check_kind,
            )
        )
    session.flush()
    return template


def active_template(session: Session, kind: str, actor: Actor, now: datetime) -> KycTemplate:
    """The active template for ``kind``, seeding the default the first time."""
    if kind not in KINDS:
        raise ValidationError("customer kind", "must be individual or business")
    template = session.scalars(
        select(KycTemplate).where(KycTemplate.customer_kind == kind, KycTemplate.active.is_(True))
    ).first()
    if template is not None:
        return template
    name, items = DEFAULTS[kind]
    template = _insert(session, kind, name, items, actor.user_id)
    audit.record(
        session,
        actor,
        "kyc.template_seeded",
        "kyc_template",
        template.id,
        now=now,
        after={
            "kind": kind,
            "version": template.template_version,
            "items": [i.code for i in items],
        },
    )
    return template


class TemplateService:
    """Read and publish checklist templates."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def active(self, kind: str) -> TemplateView:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            return _view(session, active_template(session, kind, self.ctx.actor, self.ctx.now()))

    def versions(self, kind: str) -> list[TemplateView]:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            rows = session.scalars(
                select(KycTemplate)
                .where(KycTemplate.customer_kind == kind)
                .order_by(KycTemplate.template_version.desc())
            ).all()
            return [_view(session, t) for t in rows]

    def get(self, template_id: int) -> TemplateView:
        self.ctx.require(Permission.KYC_VIEW)
        with self.ctx.transaction() as session:
            t = session.get(KycTemplate, template_id)
            if t is None:
                raise NotFound(f"template {template_id} does not exist")
            return _view(session, t)

    def publish(self, kind: str, name: str, items: Sequence[TemplateItemSpec]) -> TemplateView:
        """Make ``items`` the next version of the ``kind`` template. New checklists use
        it; existing checklists keep theirs."""
        self.ctx.require(Permission.KYC_TEMPLATE_EDIT)
        if kind not in KINDS:
            raise ValidationError("customer kind", "must be individual or business")
        if not name.strip():
            raise ValidationError("name", "is required")
        validate_items(items)
        with self.ctx.transaction() as session:
            active_template(session, kind, self.ctx.actor, self.ctx.now())  # seed v1 first
            template = _insert(session, kind, name.strip(), items, self.ctx.actor.user_id)
            audit.record(
                session,
                self.ctx.actor,
                "kyc.template_published",
                "kyc_template",
                template.id,
                now=self.ctx.now(),
                after={
                    "kind": kind,
                    "version": template.template_version,
                    "items": [i.code for i in items],
                },
            )
            return _view(session, template)
