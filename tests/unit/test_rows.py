"""row_maker builds the same frozen instances as the dataclass's own __init__."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from functools import cached_property

import pytest

from app.rows import row_maker


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
