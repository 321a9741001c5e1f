"""Translation helpers shared by the client."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it yet.

    The same as ``PySide6.QtCore.QT_TRANSLATE_NOOP``, typed ``str -> str`` for mypy.
    """
    return text


# Sentences the services raise (app/ has no Qt) that the login window shows. Numbers
# inside them become {0}; the translation keeps the placeholder.
_SERVICE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"Wrong user name or password\.",
        QT_TRANSLATE_NOOP("ServiceMessages", "Wrong user name or password."),
    ),
    (
        r"This account is deactivated\. Ask an administrator\.",
        QT_TRANSLATE_NOOP("ServiceMessages", "This account is deactivated. Ask an administrator."),
    ),
    (
        r"This account is locked after (\d+) failed logins\. Try again in (\d+) minutes or ask an "
        r"administrator\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "This account is locked after {0} failed logins. Try again in {1} minutes or ask an administrator.",  # noqa: E501
        ),
    ),
    (
        r"Wrong password\. The account is now locked for (\d+) minutes\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "Wrong password. The account is now locked for {0} minutes."
        ),
    ),
)


def translate_service_message(text: str) -> str:
    """The user's language for a sentence a service raised, when it is a known one;
    otherwise the sentence unchanged. GUI thread."""
    import re

    from PySide6.QtCore import QCoreApplication

    for pattern, source in _SERVICE_PATTERNS:
        match = re.fullmatch(pattern, text)
        if match is not None:
            translated = QCoreApplication.translate("ServiceMessages", source)
            return translated.format(*match.groups())
    return text
