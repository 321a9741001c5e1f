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
    # app.security.pii.CiphertextMismatch (issue 20 #19)
    (
        r"(\w+) row (\d+): the stored (\w+) does not decrypt under its own row and column "
        r"\(altered, copied from another row, or written under another key\); it is not shown\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "{0} row {1}: the stored {2} does not decrypt under its own row and column "
            "(altered, copied from another row, or written under another key); it is not shown.",
        ),
    ),
    (
        r"The master key of this database was changed since this workstation opened personal "
        r"data\. Log out and in again \(an administrator gives this workstation the new key: "
        r"Admin > Master key\)\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "The master key of this database was changed since this workstation opened personal "
            "data. Log out and in again (an administrator gives this workstation the new key: "
            "Admin > Master key).",
        ),
    ),
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
    (
        r"The current password is wrong\.",
        QT_TRANSLATE_NOOP("ServiceMessages", "The current password is wrong."),
    ),
    (
        r"The password is wrong\.",
        QT_TRANSLATE_NOOP("ServiceMessages", "The password is wrong."),
    ),
    # app.security.passwords.check_policy, as ValidationError("password", ...)
    (
        r"password: must be at least (\d+) characters long",
        QT_TRANSLATE_NOOP("ServiceMessages", "The password must be at least {0} characters long."),
    ),
    (
        r"password: must not start or end with spaces",
        QT_TRANSLATE_NOOP("ServiceMessages", "The password must not start or end with spaces."),
    ),
    # app.kyc.master_key and app.security.master_key_export
    (
        r"master key: does not open this database's personal data",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "This key does not open this database's personal data; check that it is the "
            "master key of this database.",
        ),
    ),
    # app.customers.reveal.RevealLimitReached
    (
        r"You have revealed (\d+) personal data values in the last hour, the most allowed\. "
        r"An administrator has been alerted\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "You have revealed {0} personal data values in the last hour, the most allowed. "
            "An administrator has been alerted.",
        ),
    ),
    # app.security.keywrap (the passphrase that wraps the master key)
    (
        r"The master-key passphrase is wrong\.",
        QT_TRANSLATE_NOOP("ServiceMessages", "The master-key passphrase is wrong."),
    ),
    (
        r"The master-key passphrase must have at least (\d+) characters\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "The master-key passphrase must have at least {0} characters."
        ),
    ),
    # app.loans.disbursement_reversal (issue 13 #6)
    (
        r"(\S+) was disbursed on (\S+); only a disbursement of the business day \((\S+)\) can be "
        r"reversed\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "{0} was disbursed on {1}; only a disbursement of the business day ({2}) can be reversed.",  # noqa: E501
        ),
    ),
    (
        r"Payment (.+) was posted on (\S+); its disbursement cannot be reversed\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "Payment {0} was posted on {1}; its disbursement cannot be reversed.",
        ),
    ),
    (
        r"Four eyes: you \((.+)\) asked for this reversal; another person approves it\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "Four eyes: you ({0}) asked for this reversal; another person approves it.",
        ),
    ),
    (
        r"Four eyes: you \((.+)\) disbursed (\S+); another person approves its reversal\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "Four eyes: you ({0}) disbursed {1}; another person approves its reversal.",
        ),
    ),
    (
        r"A reversal of (\S+) is already waiting for a second person\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "A reversal of {0} is already waiting for a second person.",
        ),
    ),
    (
        r"This workstation does not hold the master key of this database\.",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "This workstation does not hold the master key of this database."
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


def reads_chinese() -> bool:
    """Does the user read the client in Chinese? For text that lives in the database in
    both languages (template labels), which no catalogue translates. The Chinese
    catalogue translates this marker; nothing else says which catalogue is installed.
    Main thread."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Language", "English") != "English"


def pick_label(english: str, chinese: str | None) -> str:
    """The label in the reader's language; the English one where no Chinese exists."""
    return chinese if chinese and reads_chinese() else english
