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


# What a field's value is told when it is wrong (app.customers.identity and the
# intake's checks): shown under the field, or after the field's name ("resident ID:
# ..."). The English is the exact sentence the service uses.
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"is required", QT_TRANSLATE_NOOP("ServiceMessages", "is required")),
    (
        r"must be 17 digits followed by a digit or X",
        QT_TRANSLATE_NOOP("ServiceMessages", "must be 17 digits followed by a digit or X"),
    ),
    (
        r"contains an impossible birth date",
        QT_TRANSLATE_NOOP("ServiceMessages", "contains an impossible birth date"),
    ),
    (
        r"contains a birth date in the future",
        QT_TRANSLATE_NOOP("ServiceMessages", "contains a birth date in the future"),
    ),
    (
        r"has a wrong check digit \(the last character, GB 11643\)",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "has a wrong check digit (the last character, GB 11643)"
        ),
    ),
    (
        r"has an unknown region code \(the first six digits\)",
        QT_TRANSLATE_NOOP("ServiceMessages", "has an unknown region code (the first six digits)"),
    ),
    (
        r"must be 18 characters from 0-9 and A-Y \(no I, O, S, V, Z\)",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "must be 18 characters from 0-9 and A-Y (no I, O, S, V, Z)"
        ),
    ),
    (
        r"has a wrong check character \(the last one, GB 32100\)",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "has a wrong check character (the last one, GB 32100)"
        ),
    ),
    (
        r"is not a bank card number: 12 to 19 digits passing the Luhn check",
        QT_TRANSLATE_NOOP(
            "ServiceMessages", "is not a bank card number: 12 to 19 digits passing the Luhn check"
        ),
    ),
    (
        r"is not a mainland China mobile number \(11 digits from 13 to 19, \+86 allowed\)",
        QT_TRANSLATE_NOOP(
            "ServiceMessages",
            "is not a mainland China mobile number (11 digits from 13 to 19, +86 allowed)",
        ),
    ),
    (
        r"birth date (\S+) is in the future",
        QT_TRANSLATE_NOOP("ServiceMessages", "birth date {0} is in the future"),
    ),
    (
        r"birth date (\S+) makes the borrower (\d+), under (\d+)",
        QT_TRANSLATE_NOOP("ServiceMessages", "birth date {0} makes the borrower {1}, under {2}"),
    ),
    (
        r"birth date (\S+) makes the borrower (\d+), over (\d+)",
        QT_TRANSLATE_NOOP("ServiceMessages", "birth date {0} makes the borrower {1}, over {2}"),
    ),
)

# The field names the services put before such a sentence (app.kyc.checks).
_FIELD_NAMES: dict[str, str] = {
    "resident ID": QT_TRANSLATE_NOOP("ServiceMessages", "resident ID"),
    "unified social credit code": QT_TRANSLATE_NOOP(
        "ServiceMessages", "unified social credit code"
    ),
    "ID number": QT_TRANSLATE_NOOP("ServiceMessages", "ID number"),
    "mobile number": QT_TRANSLATE_NOOP("ServiceMessages", "mobile number"),
    "bank card": QT_TRANSLATE_NOOP("ServiceMessages", "bank card"),
}


def _translated(patterns: tuple[tuple[str, str], ...], text: str) -> str | None:
    import re

    from PySide6.QtCore import QCoreApplication

    for pattern, source in patterns:
        match = re.fullmatch(pattern, text)
        if match is not None:
            translated = QCoreApplication.translate("ServiceMessages", source)
            return translated.format(*match.groups())
    return None


def translate_service_message(text: str) -> str:
    """The user's language for a sentence a service raised, when it is a known one
    (also a field's problem, alone or after the field's name: "resident ID: has a
    wrong check digit ..."); otherwise the sentence unchanged. GUI thread."""
    from PySide6.QtCore import QCoreApplication

    found = _translated(_SERVICE_PATTERNS, text) or _translated(_FIELD_PATTERNS, text)
    if found is not None:
        return found
    name, colon, problem = text.partition(": ")
    reason = _translated(_FIELD_PATTERNS, problem) if colon else None
    if reason is None:
        return text
    # a CSV column's name ("id_number") stays as the file has it
    label = (
        QCoreApplication.translate("ServiceMessages", _FIELD_NAMES[name])
        if name in _FIELD_NAMES
        else name
    )
    return QCoreApplication.translate("ServiceMessages", "{0}: {1}").format(label, reason)


def translate_service_messages(text: str, separator: str = "; ") -> str:
    """:func:`translate_service_message` of each ``separator``-joined sentence (an
    import row's problems)."""
    return separator.join(translate_service_message(part) for part in text.split(separator))


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


# The encodings a CSV import reads (app.csvfile codec -> name shown to the user).
_ENCODINGS = {
    "utf-8": QT_TRANSLATE_NOOP("FileEncoding", "UTF-8"),
    "utf-8-sig": QT_TRANSLATE_NOOP("FileEncoding", "UTF-8 with BOM"),
    "gbk": QT_TRANSLATE_NOOP("FileEncoding", "GBK"),
    "gb18030": QT_TRANSLATE_NOOP("FileEncoding", "GB18030"),
}


def encoding_name(codec: str) -> str:
    """The name of the encoding a file was read in, in the reader's language. GUI thread."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("FileEncoding", _ENCODINGS.get(codec, codec))
