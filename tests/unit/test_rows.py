"""row_maker builds the same frozen instances as the dataclass's own __init__."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from functools import cached_property

import pytest

from app.rows import BuiltOnRead, pending_row, row_maker


@dataclass(frozen=True)
class Row:
    id: int
    name: str | None
    tags: tuple[str, ...] = field(default=())

    @cached_property
    def label(self) -> str:
        return f"{self.id}:{self.name}"


def test_same_instance_as_init() -> None:
    make = row_maker(Row)
    made, built = make(1, "a", ("x",)), Row(1, "a", ("x",))
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made.label == "1:a"  # cached properties still work
    with pytest.raises(FrozenInstanceError):
        made.id = 2  # type: ignore[misc]


def test_every_field_must_be_given() -> None:
    with pytest.raises(ValueError):
        row_maker(Row)(1, "a")


def test_refuses_what_it_cannot_build_the_same() -> None:
    @dataclass(frozen=True)
    class Checked:
        id: int

        def __post_init__(self) -> None:
            raise AssertionError

    @dataclass(frozen=True, slots=True)
    class Slotted:
        id: int

    for cls in (Checked, Slotted, int):
        with pytest.raises(TypeError):
            row_maker(cls)


@dataclass(frozen=True)
class Lazy(BuiltOnRead):
    id: int
    name: str


def test_a_pending_row_builds_once_on_first_read_and_equals_init() -> None:
    calls: list[int] = []

    def build(raw: tuple[int, str]) -> dict[str, object]:
        calls.append(raw[0])
        return {"id": raw[0], "name": raw[1].upper()}

    row = pending_row(Lazy, build, (7, "ann"))
    assert calls == []
    assert row == Lazy(7, "ANN") and row.name == "ANN" and hash(row) == hash(Lazy(7, "ANN"))
    assert calls == [7]  # built once, then plain attributes
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        row.nope  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError):
        Lazy(1, "b").nope  # type: ignore[attr-defined]  # noqa: B018


def test_a_build_that_fails_fails_again_on_the_next_read() -> None:
    """The error is not swallowed into "no attribute": the row stays pending."""
    attempts: list[int] = []

    def build() -> dict[str, object]:
        attempts.append(1)
        raise KeyError("no such priority")

    row = pending_row(Lazy, build)
    for _ in range(2):
        with pytest.raises(KeyError, match="no such priority"):
            row.id  # noqa: B018
    assert len(attempts) == 2
