"""Keeping every process's index in step with the published clarifications, on any number of web
processes and workers on any number of machines.

Writers: the hoaxes signals (sent inside the publishing transaction) append an `IndexChange` row in
that same transaction, and bump a cache counter once it commits.

Readers: before a search a process reads the log when the counter moved, or at least every
MATCHING_SYNC_SECONDS (with a per-process cache the counter cannot be trusted, so it polls). One
indexed SELECT: rows after the newest one applied, plus every row of the last
MATCHING_CHANGE_WINDOW_SECONDS, because sequence numbers are handed out at insert time and a
transaction that took a lower number may commit after a higher one became visible. Applying a row
re-reads that clarification's current state, so replaying a row is harmless.

A new process starts from the newest snapshot (`rebuild_matching_index`) and replays the log after
it, or builds from the database. A "rebuild" row makes running processes reload in the background
while they keep serving the old index. If the newest row applied disappears from the log, the
database was restored or replaced, and the process rebuilds.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Q
from django.db.models.functions import Now

from tangkal.matching.checking import MatchingService
from tangkal.matching.engine import INDEX_FORMAT_VERSION, Index, IndexVersionError
from tangkal.matching.engine.semantic import Encoder, load_encoder

logger = logging.getLogger(__name__)

# Bumped after every commit that changed the log; its value means nothing, only its change does.
GENERATION_KEY = "matching:seq"
RESYNC_CHUNK = 500


# --- writers --------------------------------------------------------------------------------------

def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set: any new value differs from what readers remember
        cache.set(GENERATION_KEY, secrets.randbits(48), timeout=None)
    except Exception:  # a cache outage only delays other processes until their next poll
        logger.warning("matching generation bump failed", exc_info=True)


def record_change(*, op: str, clarification_id) -> None:
    """Append one change in the caller's transaction; never break the caller's publishing."""
    from tangkal.matching.models import IndexChange

    try:
        with transaction.atomic():
            IndexChange.objects.create(op=op, clarification_id=clarification_id)
    except DatabaseError:
        logger.exception("matching change not recorded; run rebuild_matching_index",
                         extra={"clarification": str(clarification_id)})
        return
    transaction.on_commit(bump_generation)


def _read_generation():
    try:
        return cache.get(GENERATION_KEY)
    except Exception:
        return None


def cache_is_shared() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


# --- readers --------------------------------------------------------------------------------------

@dataclass
class SyncState:
    high: int = 0  # every row up to here is applied (or is older than the window)
    loaded_seq: int = 0  # rebuild rows up to here are already reflected in the index
    seen: dict[int, datetime] = field(default_factory=dict)  # rows of the window already applied
    anchor: tuple[int, datetime] | None = None  # newest row applied; if it vanishes, the database changed
    last_read: float = 0.0  # monotonic time of the last log read
    generation: object = None
    source: str = "empty"  # "snapshot", "database" (for stats and logs)


def _window() -> timedelta:
    return timedelta(seconds=settings.MATCHING_CHANGE_WINDOW_SECONDS)


def log_marks() -> tuple[int, int]:
    """(newest row older than the window, newest row): replaying after the first is always safe."""
    from tangkal.matching.models import IndexChange

    safe = IndexChange.objects.filter(created_at__lt=Now() - _window()).aggregate(m=Max("seq"))["m"] or 0
    top = IndexChange.objects.aggregate(m=Max("seq"))["m"] or 0
    return safe, top


def semantic_spec() -> str:
    """The semantic model named in settings ("" when the engine is lexical only)."""
    return (settings.MATCHING_SEMANTIC_MODEL or "").strip()


def configured_encoder() -> Encoder | None:
    return load_encoder(semantic_spec())


def build_from_database(*, reuse: Index | None = None) -> tuple[Index, SyncState]:
    from tangkal.matching.documents import published_documents

    replay_after, top = log_marks()  # before reading the documents: what follows is replayed
    index = Index(encoder=configured_encoder())
    index.build(published_documents(), reuse=reuse)
    return index, SyncState(high=replay_after, loaded_seq=top, source="database")


class LiveMatchingService(MatchingService):
    """The production service: lazily loaded, caught up with the change log before each search."""

    def __init__(self, *, snapshot_dir: str | Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.snapshot_dir = Path(snapshot_dir) if snapshot_dir else None
        self.state = SyncState()
        self.loaded = False
        self._sync_lock = threading.Lock()
        self._reloading = False
        self.applied = 0  # rows applied since start (stats)

    # -- loading -----------------------------------------------------------------------------------

    def _vector_source(self) -> Index | None:
        """Vectors to keep when rebuilding with a semantic model: this process's index, else a snapshot."""
        if not semantic_spec():
            return None
        if self.loaded and self.index.semantic_spec == semantic_spec():
            return self.index
        return vector_source(self.snapshot_dir)

    def load(self) -> None:
        index, state = None, None
        if self.snapshot_dir is not None:
            found = load_snapshot(self.snapshot_dir)
            if found is not None:
                index, state = found
        if index is None or state is None:
            index, state = build_from_database(reuse=self._vector_source())
        with self._lock:
            self.index = index
            self.state = state
            self.loaded = True
        logger.info("matching index loaded", extra={"source": state.source, "documents": len(index),
                                                    "replay_after": state.high})

    def _reload_in_background(self) -> None:
        if self._reloading:
            return
        self._reloading = True

        def job() -> None:
            try:
                found = load_snapshot(self.snapshot_dir) if self.snapshot_dir else None
                index, state = found or build_from_database(reuse=self._vector_source())
                with self._sync_lock, self._lock:
                    self.index, self.state = index, state
            except Exception:
                logger.exception("matching index reload failed; serving the previous index")
            finally:
                self._reloading = False
                connection.close()  # this thread's own connection

        threading.Thread(target=job, name="matching-reload", daemon=True).start()

    # -- catching up -------------------------------------------------------------------------------

    def before_search(self) -> None:
        try:
            self.sync()
        except DatabaseError:
            if not self.loaded:
                raise
            logger.warning("matching log unreadable; answering from the index as it is", exc_info=True)

    def sync(self, *, force: bool = False) -> int:
        """Apply new log rows; returns how many clarifications were re-read."""
        if not self.loaded:
            with self._sync_lock:
                if not self.loaded:
                    self.load()
            force = True
        generation = _read_generation()
        if not force:
            since = time.monotonic() - self.state.last_read
            if generation is not None and generation == self.state.generation:
                # Nothing committed since our last read, as far as a shared cache knows.
                limit = settings.MATCHING_MAX_STALE_SECONDS if cache_is_shared() else settings.MATCHING_SYNC_SECONDS
            elif generation is not None and self.state.generation is not None:
                limit = 0.0  # someone committed a change: read now
            else:
                limit = settings.MATCHING_SYNC_SECONDS
            if since < limit:
                return 0
        if not self._sync_lock.acquire(blocking=force):
            return 0  # another thread is reading the log; this search uses the index as it is
        try:
            return self._read_log(generation)
        finally:
            self._sync_lock.release()

    def _read_log(self, generation) -> int:
        from tangkal.matching.models import IndexChange

        st = self.state
        condition = Q(seq__gt=st.high) | Q(created_at__gte=Now() - _window())
        if st.anchor is not None:
            condition |= Q(seq=st.anchor[0])
        rows = list(IndexChange.objects.filter(condition).order_by("seq")
                    .values_list("seq", "op", "clarification_id", "created_at"))
        st.last_read = time.monotonic()
        st.generation = generation
        if st.anchor is not None and not any(r[0] == st.anchor[0] and r[3] == st.anchor[1] for r in rows):
            logger.warning("matching log does not contain the last applied change; rebuilding")
            return self._reload_now(generation)
        anchor_seq = st.anchor[0] if st.anchor else None
        fresh = [r for r in rows if r[0] > st.high or (r[0] != anchor_seq and st.seen.get(r[0]) != r[3])]
        if any(r[1] == "rebuild" and r[0] > st.loaded_seq for r in fresh):
            st.loaded_seq = max(r[0] for r in fresh)
            if not settings.MATCHING_RELOAD_IN_BACKGROUND:
                return self._reload_now(generation)
            self._reload_in_background()  # meanwhile the current index keeps following the log
        ids = list(dict.fromkeys(r[2] for r in fresh if r[2] is not None))
        for start in range(0, len(ids), RESYNC_CHUNK):
            self._resync(ids[start:start + RESYNC_CHUNK])
        if rows:
            st.high = max(st.high, rows[-1][0])
            st.anchor = (rows[-1][0], rows[-1][3])
        st.seen = {r[0]: r[3] for r in rows}
        self.applied += len(ids)
        return len(ids)

    def _reload_now(self, generation) -> int:
        self.load()
        return self._read_log(generation)

    def _resync(self, ids: list) -> None:
        from tangkal.hoaxes.models import Clarification
        from tangkal.matching.documents import clarification_document, is_indexable

        current = {c.public_id: c for c in Clarification.objects.filter(public_id__in=ids)}
        for doc_id in ids:
            clar = current.get(doc_id)
            if clar is not None and is_indexable(clar):
                self.upsert(clarification_document(clar))
            else:
                self.remove(str(doc_id))

    def stats(self) -> dict:
        return {"documents": len(self.index), "high": self.state.high, "source": self.state.source,
                "applied": self.applied, "loaded": self.loaded}


# --- snapshots --------------------------------------------------------------------------------------

def snapshot_write(directory: str | Path, *, keep: int = 3, reload: bool = True) -> dict:
    """Build the index from the database and save it for new processes.

    With `reload`, the log gets a "rebuild" row and every running process reloads too (after an
    engine change, or to repair edits made outside the services); without, only a "snapshot" row
    that new processes anchor to."""
    from tangkal.matching.models import IndexChange

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    index, state = build_from_database(reuse=vector_source(directory))
    build_seconds = time.perf_counter() - started
    tmp = directory / f".index-{uuid.uuid4().hex}.tmp"
    index.save(tmp)
    with transaction.atomic():
        row = IndexChange.objects.create(op=IndexChange.Op.REBUILD if reload else IndexChange.Op.SNAPSHOT)
    row.refresh_from_db(fields=["created_at"])
    meta = {"format_version": INDEX_FORMAT_VERSION, "anchor_seq": row.seq, "anchor_created_at": row.created_at.isoformat(),
            "replay_after": state.high, "loaded_seq": row.seq, "documents": len(index),
            "build_seconds": round(build_seconds, 3), "semantic_model": index.semantic_spec}
    pickle_path = directory / f"index-{row.seq:012d}.pkl"
    os.replace(tmp, pickle_path)
    meta_tmp = directory / f".index-{row.seq:012d}.json.tmp"
    meta_tmp.write_text(json.dumps(meta))
    os.replace(meta_tmp, directory / f"index-{row.seq:012d}.json")  # its presence marks the pair complete
    if reload:
        bump_generation()
    for old in sorted(directory.glob("index-*.json"))[:-keep]:
        old.unlink(missing_ok=True)
        old.with_suffix(".pkl").unlink(missing_ok=True)
    return {**meta, "path": str(pickle_path)}


def _snapshots(directory: Path):
    """(meta path, meta) of the readable snapshots made with this engine format and the configured
    semantic model (vectors of another model, or none, would not fit), newest first."""
    for meta_path in sorted(directory.glob("index-*.json"), reverse=True):
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError) as exc:
            logger.warning("matching snapshot skipped", extra={"path": str(meta_path), "error": str(exc)[:200]})
            continue
        if meta.get("format_version") == INDEX_FORMAT_VERSION and meta.get("semantic_model", "") == semantic_spec():
            yield meta_path, meta


def vector_source(directory: str | Path | None) -> Index | None:
    """With a semantic model: the newest readable snapshot built with it, whatever database it came
    from, so that a rebuild embeds only new or changed debunks. None without a model."""
    if not semantic_spec() or directory is None or not Path(directory).is_dir():
        return None
    for meta_path, _meta in _snapshots(Path(directory)):
        try:
            return Index.load(meta_path.with_suffix(".pkl"))
        except (OSError, ValueError, IndexVersionError, EOFError):
            continue
    return None


def load_snapshot(directory: str | Path) -> tuple[Index, SyncState] | None:
    """The newest snapshot that belongs to this database, or None."""
    from tangkal.matching.models import IndexChange

    directory = Path(directory)
    if not directory.is_dir():
        return None
    for meta_path, meta in _snapshots(directory):
        try:
            anchor = IndexChange.objects.filter(seq=meta["anchor_seq"], op__in=["rebuild", "snapshot"]).values_list(
                "created_at", flat=True).first()
            if anchor is None or anchor.isoformat() != meta["anchor_created_at"]:
                continue  # written against another database
            index = Index.load(meta_path.with_suffix(".pkl"))
        except (OSError, ValueError, KeyError, IndexVersionError, EOFError) as exc:
            logger.warning("matching snapshot skipped", extra={"path": str(meta_path), "error": str(exc)[:200]})
            continue
        state = SyncState(high=int(meta["replay_after"]), loaded_seq=int(meta["loaded_seq"]),
                          anchor=(int(meta["anchor_seq"]), anchor), source="snapshot")
        return index, state
    return None


# --- the process-wide service -------------------------------------------------------------------------

_service: LiveMatchingService | None = None
_service_lock = threading.Lock()


def live_service() -> LiveMatchingService:
    global _service
    if _service is None:
        with _service_lock:
            if _service is None:
                _service = LiveMatchingService(snapshot_dir=settings.MATCHING_SNAPSHOT_DIR or None)
    return _service


def reset_live_service() -> None:
    """Forget this process's index (tests; a fresh database)."""
    global _service
    with _service_lock:
        _service = None
