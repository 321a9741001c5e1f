"""Workstation settings: a typed facade over QSettings, each key declared once.

Secrets never go here. A database password lives in the OS keyring under
service ``p2pdesk`` and the name :func:`db_password_name`; where no keyring
backend exists the client asks for it at each connect.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

KINDS = ("sqlite", "postgresql", "mysql")
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
LANGUAGES = ("en", "zh_CN")


@dataclass(frozen=True)
class _Key(Generic[T]):
    name: str
    default: T


# Every key the client stores, with its default, in one place.
LAST_PROFILE = _Key("connections/last", "")
LANGUAGE = _Key("view/language", "")  # "" = follow the system
WINDOW_GEOMETRY = _Key("window/geometry", QByteArray())
WINDOW_STATE = _Key("window/state", QByteArray())
DEMO_DATABASE = _Key("demo/database_path", "")  # the demo database this client created
_PROFILES = "connections/profiles"


@dataclass(frozen=True)
class ConnectionProfile:
    """How to reach one database. No password: see :func:`db_password_name`."""

    name: str
    kind: str = "sqlite"  # sqlite | postgresql | mysql
    path: str = ""  # SQLite file
    host: str = ""
    port: int = 0
    database: str = ""
    user: str = ""

    @property
    def is_server(self) -> bool:
        return self.kind != "sqlite"

    def describe(self) -> str:
        if self.kind == "sqlite":
            return self.path
        port = f":{self.port}" if self.port else ""
        return f"{self.kind}://{self.user}@{self.host}{port}/{self.database}"

    def renamed(self, name: str) -> ConnectionProfile:
        return replace(self, name=name)


def db_password_name(profile_name: str) -> str:
    """The keyring entry of a profile's database password."""
    return f"db:{profile_name}"


class AppSettings:
    """Typed access to the workstation settings. GUI thread only.

    ``path`` points at an INI file (tests pass a temporary one); without it the
    platform's per-user location is used.
    """

    def __init__(self, path: str | None = None) -> None:
        if path is None:
            self._qs = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "p2pdesk", "p2pdesk"
            )
        else:
            self._qs = QSettings(path, QSettings.Format.IniFormat)

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def sync(self) -> None:
        self._qs.sync()

    def _get_str(self, key: _Key[str]) -> str:
        value = self._qs.value(key.name, key.default)
        return value if isinstance(value, str) else key.default

    def _get_bytes(self, key: _Key[QByteArray]) -> QByteArray:
        value = self._qs.value(key.name, key.default)
        return value if isinstance(value, QByteArray) else QByteArray(key.default)

    # connection profiles -------------------------------------------------

    def profiles(self) -> list[ConnectionProfile]:
        result: list[ConnectionProfile] = []
        count = self._qs.beginReadArray(_PROFILES)
        for index in range(count):
            self._qs.setArrayIndex(index)
            kind = str(self._qs.value("kind", "sqlite"))
            try:
                port = int(str(self._qs.value("port", 0)))
            except ValueError:
                port = 0
            result.append(
                ConnectionProfile(
                    name=str(self._qs.value("name", "")),
                    kind=kind if kind in KINDS else "sqlite",
                    path=str(self._qs.value("path", "")),
                    host=str(self._qs.value("host", "")),
                    port=port,
                    database=str(self._qs.value("database", "")),
                    user=str(self._qs.value("user", "")),
                )
            )
        self._qs.endArray()
        return [p for p in result if p.name]

    def profile(self, name: str) -> ConnectionProfile | None:
        return next((p for p in self.profiles() if p.name == name), None)

    def _write_profiles(self, profiles: list[ConnectionProfile]) -> None:
        self._qs.remove(_PROFILES)
        self._qs.beginWriteArray(_PROFILES, len(profiles))
        for index, p in enumerate(profiles):
            self._qs.setArrayIndex(index)
            self._qs.setValue("name", p.name)
            self._qs.setValue("kind", p.kind)
            self._qs.setValue("path", p.path)
            self._qs.setValue("host", p.host)
            self._qs.setValue("port", p.port)
            self._qs.setValue("database", p.database)
            self._qs.setValue("user", p.user)
        self._qs.endArray()
        self._qs.sync()

    def save_profile(self, profile: ConnectionProfile, old_name: str | None = None) -> None:
        """Add ``profile`` or replace the one called ``old_name`` (or its own name)."""
        replaced = old_name or profile.name
        profiles = [p for p in self.profiles() if p.name not in (replaced, profile.name)]
        profiles.append(profile)
        profiles.sort(key=lambda p: p.name.casefold())
        self._write_profiles(profiles)

    def delete_profile(self, name: str) -> None:
        self._write_profiles([p for p in self.profiles() if p.name != name])
        if self.last_profile() == name:
            self.set_last_profile("")

    def last_profile(self) -> str:
        return self._get_str(LAST_PROFILE)

    def set_last_profile(self, name: str) -> None:
        self._qs.setValue(LAST_PROFILE.name, name)

    # window and view ------------------------------------------------------

    def window_geometry(self) -> QByteArray:
        return self._get_bytes(WINDOW_GEOMETRY)

    def window_state(self) -> QByteArray:
        return self._get_bytes(WINDOW_STATE)

    def set_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue(WINDOW_GEOMETRY.name, geometry)
        self._qs.setValue(WINDOW_STATE.name, state)
        self._qs.sync()

    def language(self) -> str:
        value = self._get_str(LANGUAGE)
        return value if value in LANGUAGES else ""

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self._qs.setValue(LANGUAGE.name, language)
        self._qs.sync()

    def demo_database(self) -> str:
        return self._get_str(DEMO_DATABASE)

    def set_demo_database(self, path: str) -> None:
        self._qs.setValue(DEMO_DATABASE.name, path)
        self._qs.sync()
