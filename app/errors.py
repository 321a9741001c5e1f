"""Errors that services raise and the UI and CLI turn into messages.

Every error carries a sentence a user can act on; none of them is ever shown
as a traceback.
"""

from __future__ import annotations


class P2PDeskError(Exception):
    """Base for errors whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(P2PDeskError):
    """Bad input. ``field`` names the field (or file row) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class PermissionDenied(P2PDeskError):
    """The acting user's roles do not grant the permission."""


class SessionRevoked(PermissionDenied):
    """The logged-in account was deactivated (or removed) since login: log out."""


class NotFound(P2PDeskError):
    """The entity asked for does not exist (or is not visible)."""


class ConflictError(P2PDeskError):
    """Someone else changed the record first (optimistic version check)."""


class StateError(P2PDeskError):
    """The action is not allowed in the entity's current state."""


class AuthenticationError(P2PDeskError):
    """Wrong user name or password, or a locked or inactive account."""


class SchemaMismatch(P2PDeskError):
    """The database schema is older or newer than this client."""

    def __init__(self, message: str, *, current: str | None, head: str, newer: bool) -> None:
        super().__init__(message)
        self.current = current
        self.head = head
        self.newer = newer
