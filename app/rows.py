"""Frozen row dataclasses built fast, for the read models' queue pages.

A frozen dataclass's generated ``__init__`` sets each field with
``object.__setattr__``: about a quarter of a microsecond per field, which adds
up to most of a queue page's Python time at a few hundred rows of 10 to 25
fields. :func:`row_maker` builds the same instances in one step.

A page is also read a third at a time: a screen shows about 30 of its 100 to 200
rows. A row class that derives from :class:`BuiltOnRead` can be handed out by
:func:`pending_row` holding only its columns; its fields are built the first time
any of them is read, which gives the same row as building it at once when the
builder reads nothing that changes (the columns, a fixed ``now``, an immutable
setup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["BuiltOnRead", "pending_row", "row_maker"]

_T = TypeVar("_T")


def row_maker(cls: type[_T]) -> Callable[..., _T]:
    """A function ``make(*values)`` returning ``cls(*values)``, all fields given in order.

    ``cls`` must be a dataclass without ``__post_init__`` and without ``__slots__``
    (the instance dictionary is filled directly); every field must be passed.
    """
    if not is_dataclass(cls) or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} is not a plain dataclass")
    spec = fields(cls)
    if any(not f.init for f in spec):
        raise TypeError(f"{cls.__name__} has fields that __init__ does not set")
    names = tuple(f.name for f in spec)
    new, set_dict = object.__new__, object.__setattr__

    def make(*values: Any) -> _T:
        obj = new(cls)
        set_dict(obj, "__dict__", dict(zip(names, values, strict=True)))
        return obj

    return make


class BuiltOnRead:
    """Base of a row dataclass whose fields :func:`pending_row` may leave to the first
    read. A row built through ``__init__`` (or :func:`row_maker`) is an ordinary one:
    the hook below only runs for a name missing from the instance dictionary."""

    if not TYPE_CHECKING:  # mypy would take every attribute of a row for valid

        def __getattr__(self, name: str) -> Any:
            state = self.__dict__
            pending = state.get("_pending")
            if pending is not None:
                # The fields first, the marker after: a second thread reading meanwhile
                # builds the same values again rather than finding neither, and a build
                # that raises leaves the row pending, so the next read raises it again.
                build, args = pending
                state.update(build(*args))
                state.pop("_pending", None)
                if name in state:
                    return state[name]
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def pending_row(cls: type[_T], build: Callable[..., dict[str, Any]], *args: Any) -> _T:
    """An instance of ``cls`` (a :class:`BuiltOnRead` dataclass) whose fields are
    ``build(*args)``, a dict of every field, called on the first read of any field,
    on whichever thread reads it."""
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", {"_pending": (build, args)})
    return obj
