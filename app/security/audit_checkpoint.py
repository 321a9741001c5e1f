"""The audit chain's head anchored outside the database: a signed checkpoint file.

After each commit that appends audit events, the workstation records, per chain, how
many events the chain had, the link of the last one, its global seq and the chain's
key epoch, signed (HMAC) with a key derived from the master key. The file lives next
to a SQLite database (so ``backup`` and ``restore`` carry it) and, for a server, in
the user's data directory under the database's identity. ``verify`` then finds a
chain that no longer reaches the checkpointed head (tail deleted, head rewound,
truncated, reset, epoch moved), which the database alone cannot show.

The checkpoint only grows: chains are merged by their event count, so concurrent
writers and other workstations never move it back. Where the workstation has a
keyring, it also remembers the counts it last wrote there, so an older checkpoint put
back over the newest one is noticed; a workstation without a keyring remembers them in
a file of its own in the user's data directory (owner-only), away from the database
folder and its backups, so copying an old checkpoint beside the database is noticed
there too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from app.errors import P2PDeskError
from app.paths import data_dir
from app.security.audit_keys import AuditKeys, identity_digest
from app.security.keys import SecretStore
from app.security.keywrap import write_private
from db.sqlite_files import CHECKPOINT_SUFFIX

log = logging.getLogger(__name__)
FORMAT = "p2pdesk-audit-checkpoint/1"
_WRITE_LOCK = threading.Lock()
_ANCHOR_LOCK = threading.Lock()  # taken inside _WRITE_LOCK, never the other way


class CheckpointError(P2PDeskError):
    """The checkpoint file is missing, unreadable, edited or another database's."""


@dataclass(frozen=True)
class ChainMark:
    """One chain as a commit left it: ``count`` events, the last one's ``link`` and
    global ``event`` seq."""

    count: int
    link: str
    event: int


@dataclass(frozen=True)
class Checkpoint:
    install_id: str
    written_at: str
    chains: dict[int, ChainMark]
    epochs: dict[int, int]  # chain -> first keyed chain_seq, as first seen

    @property
    def events(self) -> int:
        return sum(m.count for m in self.chains.values())


def checkpoint_path(bind: object) -> Path | None:
    """Where this workstation keeps the checkpoint of ``bind``'s database (None for
    an in-memory SQLite database)."""
    url = bind if isinstance(bind, URL) else getattr(bind, "engine", bind).url  # type: ignore[attr-defined]
    if url.get_backend_name() == "sqlite":
        name = url.database
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return Path(name + CHECKPOINT_SUFFIX)
    return data_dir() / "audit-checkpoints" / f"{identity_digest(bind)}.json"


def _mac(key: bytes, body: dict[str, object]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _body(cp: Checkpoint) -> dict[str, object]:
    return {
        "format": FORMAT,
        "install_id": cp.install_id,
        "written_at": cp.written_at,
        "chains": {str(c): [m.count, m.link, m.event] for c, m in sorted(cp.chains.items())},
        "epochs": {str(c): n for c, n in sorted(cp.epochs.items())},
    }


def read_checkpoint(path: Path, keys: AuditKeys) -> Checkpoint:
    """The checkpoint at ``path``, its signature checked; CheckpointError naming why not."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = {k: data[k] for k in ("format", "install_id", "written_at", "chains", "epochs")}
        mac = str(data["mac"])
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"the audit checkpoint {path} is unreadable ({exc})") from exc
    if body["install_id"] != keys.install_id:
        raise CheckpointError(f"the audit checkpoint {path} belongs to another database")
    if body["format"] != FORMAT or not hmac.compare_digest(mac, _mac(keys.checkpoint, body)):
        raise CheckpointError(
            f"the audit checkpoint {path} was edited (its signature does not match)"
        )
    try:
        chains = {
            int(c): ChainMark(int(v[0]), str(v[1]), int(v[2]))
            for c, v in dict(body["chains"]).items()  # type: ignore[call-overload]
        }
        epochs = {
            int(c): int(n)
            for c, n in dict(body["epochs"]).items()  # type: ignore[call-overload]
        }
    except (ValueError, TypeError, IndexError) as exc:
        raise CheckpointError(f"the audit checkpoint {path} is unreadable ({exc})") from exc
    return Checkpoint(str(body["install_id"]), str(body["written_at"]), chains, epochs)


def write_checkpoint(
    path: Path, keys: AuditKeys, chains: dict[int, ChainMark], epochs: dict[int, int]
) -> Checkpoint:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cp = Checkpoint(keys.install_id, now, chains, epochs)
    body = _body(cp)
    write_private(path, json.dumps({**body, "mac": _mac(keys.checkpoint, body)}, indent=1))
    return cp


def advance_checkpoint(
    bind: object, keys: AuditKeys, marks: dict[int, ChainMark], epochs: dict[int, int]
) -> None:
    """Merge ``marks`` (chains a commit just appended to) into the checkpoint: a chain
    moves forward only, and a chain's key epoch, once recorded, never changes. An
    edited checkpoint is left as it is, for verify to report."""
    path = checkpoint_path(bind)
    if path is None or not marks:
        return
    with _WRITE_LOCK:
        try:
            old = read_checkpoint(path, keys)
            chains, known = dict(old.chains), dict(old.epochs)
        except FileNotFoundError:
            chains, known = {}, {}
        except CheckpointError as exc:
            if "another database" not in str(exc):
                log.warning("not advancing the audit checkpoint: %s", exc)
                return
            chains, known = {}, {}
        for chain, mark in marks.items():
            before = chains.get(chain)
            if before is None or mark.count >= before.count:
                chains[chain] = mark
        write_checkpoint(path, keys, chains, {**epochs, **known})
        _raise_anchor(bind, keys, chains)


# -- the workstation's memory of its newest checkpoint (keyring, else a file) --------


class AnchorFile:
    """A SecretStore over one owner-only JSON file in the user's data directory: where
    a workstation without a keyring remembers its newest checkpoint counts."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "audit-anchors.json"

    def available(self) -> bool:
        return True

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        with _ANCHOR_LOCK:
            data = self._read()
            data[name] = value
            write_private(self.path, json.dumps(data, sort_keys=True))

    def delete(self, name: str) -> None:
        with _ANCHOR_LOCK:
            data = self._read()
            if data.pop(name, None) is not None:
                write_private(self.path, json.dumps(data, sort_keys=True))


def anchor_store(store: SecretStore) -> SecretStore:
    """Where this workstation remembers its newest checkpoint: the keyring when it has
    one, else its own anchor file."""
    return store if store.available() else AnchorFile()


def _anchor_name(bind: object) -> str:
    return f"audit-anchor:{identity_digest(bind)}"


def remembered_counts(bind: object, keys: AuditKeys) -> dict[int, int]:
    """The event counts per chain this workstation last checkpointed (its keyring)."""
    store = keys.anchor_store
    if store is None:
        return {}
    text = store.get(_anchor_name(bind))
    if not text:
        return {}
    try:
        data = json.loads(text)
        if data.get("install_id") != keys.install_id:
            return {}
        return {int(c): int(n) for c, n in data["counts"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def _raise_anchor(bind: object, keys: AuditKeys, chains: dict[int, ChainMark]) -> None:
    store = keys.anchor_store
    if store is None:
        return
    counts = remembered_counts(bind, keys)
    for chain, mark in chains.items():
        counts[chain] = max(counts.get(chain, 0), mark.count)
    try:
        store.set(
            _anchor_name(bind),
            json.dumps({"install_id": keys.install_id, "counts": counts}, sort_keys=True),
        )
    except Exception:  # keyring backends raise their own kinds; the file still anchors
        log.exception("could not remember the audit checkpoint in the keyring")


def forget_anchor(bind: object, store: SecretStore) -> None:
    """After a restore the backup's checkpoint is the newest one again."""
    try:
        anchor_store(store).delete(_anchor_name(bind))
    except Exception:
        log.exception("could not reset the audit checkpoint memory")
