"""The one code path every check goes through: Cek Hoaks, the API, the Telegram bot, report
triage and the evaluation command.

`MatchingService` wraps an engine `Index` with input sanitising and the decision. It knows nothing
of the database: production uses `tangkal.matching.live.LiveMatchingService`, which keeps the index
in step with the published clarifications; `eval_matching` builds one from a corpus file.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from tangkal.matching.engine import Decision, Document, Index, Match
from tangkal.matching.engine.semantic import Encoder

# The engine reads this much of a message (the claim sits at the top of a chain message); what
# lies beyond is ignored and the answer says so.
QUERY_CHARS = 6000
DEFAULT_K = 10

# Notices: facts about the input the answer should mention. Codes are stable (API clients see them).
EMPTY = "empty"
TRUNCATED = "truncated"
NO_WORDS = "no_words"
URL_ONLY = "url_only"
OTHER_LANGUAGE = "other_language"

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_LATIN_RE = re.compile(r"[a-zA-Z\u00c0-\u024f]")
# A handful of very common function words is enough to tell Indonesian from English.
_ID_WORDS = frozenset({
    "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "tidak", "dari", "akan", "ke", "ada",
    "pada", "adalah", "bisa", "kita", "sudah", "juga", "atau", "karena", "oleh", "saat", "bahwa",
    "agar", "jika", "kami", "anda", "mereka", "telah", "dalam", "bagi",
})
_EN_WORDS = frozenset({
    "the", "and", "is", "of", "to", "in", "that", "will", "for", "are", "this", "with", "from",
    "be", "have", "was", "you", "it", "on", "they", "not", "by", "at", "has", "were", "which",
    "their", "would",
})


@dataclass(frozen=True)
class Query:
    text: str  # what the engine reads
    notices: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.text


def prepare_query(text: str | bytes | None, url: str = "") -> Query:
    """Clean a pasted message (and optional link) into what the engine reads, noting what was odd."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _CONTROL_RE.sub(" ", text).strip()
    url = _CONTROL_RE.sub("", str(url or "")).strip()[:1000]
    notices: list[str] = []
    if len(text) > QUERY_CHARS:
        text = text[:QUERY_CHARS]
        notices.append(TRUNCATED)
    combined = f"{text}\n{url}".strip() if url and url not in text else text
    if not combined:
        return Query("", (EMPTY,))
    words = _WORD_RE.findall(_URL_RE.sub(" ", combined))
    has_url = bool(url) or bool(_URL_RE.search(combined))
    if not words:
        notices.append(URL_ONLY if has_url else NO_WORDS)
    elif _other_language(words):
        notices.append(OTHER_LANGUAGE)
    return Query(combined, tuple(notices))


def _other_language(words: list[str]) -> bool:
    latin = sum(1 for w in words if _LATIN_RE.match(w))
    if latin < len(words) / 2:
        return True  # mostly another script
    lowered = [w.lower() for w in words]
    english = sum(1 for w in lowered if w in _EN_WORDS)
    indonesian = sum(1 for w in lowered if w in _ID_WORDS)
    return english >= 3 and english > 2 * indonesian


@dataclass(frozen=True)
class CheckResult:
    decision: Decision
    matches: list[Match]
    notices: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        return self.decision.verdict

    @property
    def confidence(self) -> float:
        return self.decision.confidence

    @property
    def took_ms(self) -> float:
        return round(self.seconds * 1000.0, 2)


@dataclass
class MatchingService:
    """An engine index behind a lock, answering checks. Safe to share between threads."""

    index: Index = field(default_factory=Index)
    k: int = DEFAULT_K
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def from_documents(cls, docs: Iterable[Document], *, encoder: Encoder | None = None, **kwargs) -> MatchingService:
        index = Index(encoder=encoder)
        index.build(docs)
        return cls(index=index, **kwargs)

    def before_search(self) -> None:
        """Hook for subclasses that keep the index in step with a source of truth."""

    def check(self, text: str | bytes | None, url: str = "", *, k: int | None = None) -> CheckResult:
        start = time.perf_counter()
        query = prepare_query(text, url)
        if query.is_empty:
            return CheckResult(Decision("tidak_ditemukan", 0.0, None, "empty"), [], query.notices,
                               time.perf_counter() - start)
        self.before_search()
        with self._lock:
            matches = self.index.search(query.text, k=k or self.k)
            decision = self.index.decide(matches)
        return CheckResult(decision, matches, query.notices, time.perf_counter() - start)

    # Mutations take the same lock as searches: the engine's arrays are updated in place.
    def upsert(self, doc: Document) -> None:
        with self._lock:
            self.index.add(doc)

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            return self.index.remove(doc_id)

    def __len__(self) -> int:
        return len(self.index)
