"""A term x document sparse matrix that supports cheap incremental updates.

Scoring a query is a sparse (1 x terms) by (terms x docs) product, which scipy does in C and
which only touches the postings of the query's terms, so cost grows with those postings and not
with the corpus.  The bulk of the postings lives in a "main" CSR matrix built once; documents
added later go to a small "delta" segment rebuilt lazily, and removed documents are masked out
by the caller.  ``merge`` folds the delta into main (and drops dead columns) when it grows, so a
clarification published or withdrawn is searchable at once without a full rebuild.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import sparse


class TermMatrix:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._df = np.zeros(1024, dtype=np.int32)
        self._main: sparse.csr_matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
        self._delta_rows: list[tuple[int, np.ndarray, np.ndarray]] = []
        self._delta: sparse.csr_matrix | None = None

    # -- vocabulary and document frequencies -------------------------------------------------

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def term_id(self, term: str) -> int:
        return self._term_id(term)

    def load_arrays(
        self, term_ids: np.ndarray, doc_idx: np.ndarray, values: np.ndarray, n_slots: int
    ) -> None:
        """Replace main by COO arrays (vocabulary already filled through ``term_id``)."""
        self._delta_rows = []
        self._delta = None
        n_terms = len(self.vocab)
        self._df = np.bincount(term_ids, minlength=max(n_terms, 1)).astype(np.int32)
        self._main = sparse.csr_matrix(
            (values.astype(np.float32), (term_ids, doc_idx)), shape=(n_terms, n_slots)
        )
        self._main.sort_indices()  # ``_main_values`` binary-searches the posting lists

    def _term_id(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = len(self.vocab)
            self.vocab[term] = tid
            if tid >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(len(self._df), dtype=np.int32)])
        return tid

    def lookup(self, terms: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Known term ids for ``terms`` (unknown ones dropped) and their document frequencies."""
        ids = [tid for tid in (self.vocab.get(t) for t in terms) if tid is not None]
        arr = np.asarray(ids, dtype=np.int64)
        return arr, self._df[arr] if len(arr) else np.zeros(0, dtype=np.int32)

    def lookup_positions(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Like ``lookup`` but also returns, for each kept id, its position in ``terms``."""
        pos: list[int] = []
        ids: list[int] = []
        for i, term in enumerate(terms):
            tid = self.vocab.get(term)
            if tid is not None:
                pos.append(i)
                ids.append(tid)
        return np.asarray(ids, dtype=np.int64), np.asarray(pos, dtype=np.int64)

    def df(self, ids: np.ndarray) -> np.ndarray:
        return self._df[ids]

    # -- loading -------------------------------------------------------------------------------

    def bulk_load(self, n_slots: int, rows: Iterable[tuple[int, dict[str, float]]]) -> None:
        """Replace everything by ``rows`` of (slot, {term: doc-side weight})."""
        self.vocab = {}
        self._df = np.zeros(1024, dtype=np.int32)
        self._delta_rows = []
        self._delta = None
        term_idx: list[int] = []
        doc_idx: list[int] = []
        values: list[float] = []
        term_id = self._term_id
        for slot, row in rows:
            ids = [term_id(t) for t in row]
            term_idx.extend(ids)
            doc_idx.extend([slot] * len(ids))
            values.extend(row.values())
        t = np.asarray(term_idx, dtype=np.int32)
        self._df = np.bincount(t, minlength=max(len(self._df), len(self.vocab))).astype(np.int32)
        self._main = sparse.csr_matrix(
            (np.asarray(values, dtype=np.float32), (t, np.asarray(doc_idx, dtype=np.int32))),
            shape=(len(self.vocab), n_slots),
        )
        self._main.sort_indices()

    def add(self, slot: int, row: dict[str, float]) -> None:
        ids = np.asarray([self._term_id(t) for t in row], dtype=np.int32)
        self._df[ids] += 1
        self._delta_rows.append((slot, ids, np.asarray(list(row.values()), dtype=np.float32)))
        self._delta = None

    def remove(self, terms: Iterable[str]) -> None:
        """Forget one document's terms in the frequencies; its column is masked by the caller."""
        ids, _ = self.lookup(set(terms))
        if len(ids):
            self._df[ids] = np.maximum(self._df[ids] - 1, 0)

    @property
    def delta_size(self) -> int:
        return len(self._delta_rows)

    def _delta_matrix(self, n_slots: int) -> sparse.csr_matrix:
        if self._delta is None or self._delta.shape[1] < n_slots:
            rows = [ids for _, ids, _ in self._delta_rows]
            cols = [np.full(len(ids), slot, dtype=np.int32) for slot, ids, _ in self._delta_rows]
            vals = [v for _, _, v in self._delta_rows]
            self._delta = sparse.csr_matrix(
                (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                shape=(len(self.vocab), n_slots),
            )
        return self._delta

    def merge(self, alive: np.ndarray) -> None:
        """Fold the delta segment into main and drop the postings of dead slots."""
        n_slots = len(alive)
        main = self._main.tocoo()
        parts = [(main.row, main.col, main.data)]
        if self._delta_rows:
            delta = self._delta_matrix(n_slots).tocoo()
            parts.append((delta.row, delta.col, delta.data))
        row = np.concatenate([p[0] for p in parts])
        col = np.concatenate([p[1] for p in parts])
        data = np.concatenate([p[2] for p in parts])
        keep = alive[col]
        self._main = sparse.csr_matrix((data[keep], (row[keep], col[keep])), shape=(len(self.vocab), n_slots))
        self._main.sort_indices()
        self._delta_rows = []
        self._delta = None

    # -- scoring -------------------------------------------------------------------------------

    def scores(self, ids: np.ndarray, weights: np.ndarray, n_slots: int) -> np.ndarray:
        """Dense score per slot: sum over query terms of weight x doc-side value."""
        return self.scores_with_support(ids, weights, n_slots)[0]

    def scores_with_support(
        self, ids: np.ndarray, weights: np.ndarray, n_slots: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Dense scores plus the slots that received any (the only ones worth ranking)."""
        out = np.zeros(n_slots, dtype=np.float32)
        support: list[np.ndarray] = []
        if not len(ids):
            return out, np.zeros(0, dtype=np.int64)
        n_main_terms, n_main_slots = self._main.shape
        in_main = ids < n_main_terms
        if in_main.any() and n_main_slots:
            q = sparse.csr_matrix(
                (weights[in_main].astype(np.float32), ids[in_main], [0, int(in_main.sum())]),
                shape=(1, n_main_terms),
            )
            r = q @ self._main
            out[r.indices] += r.data
            support.append(r.indices)
        if self._delta_rows:
            delta = self._delta_matrix(n_slots)
            q = sparse.csr_matrix((weights.astype(np.float32), ids, [0, len(ids)]), shape=(1, delta.shape[0]))
            r = q @ delta
            out[r.indices] += r.data
            support.append(r.indices)
        if not support:
            return out, np.zeros(0, dtype=np.int64)
        return out, (support[0] if len(support) == 1 else np.union1d(*support)).astype(np.int64)

    def values(self, ids: np.ndarray, slots: np.ndarray, n_slots: int) -> np.ndarray:
        """(len(ids) x len(slots)) doc-side weights, touching only the postings of ``ids``."""
        out = np.zeros((len(ids), len(slots)), dtype=np.float32)
        if not len(ids) or not len(slots):
            return out
        self._main_values(ids, slots, out)
        if self._delta_rows:
            out += self._delta_matrix(n_slots)[ids][:, slots].toarray()
        return out

    def presence(self, ids: np.ndarray, slots: np.ndarray, n_slots: int) -> np.ndarray:
        """(len(ids) x len(slots)) 0/1 matrix: does slot contain term?  Touches only the
        postings of ``ids``, so it replaces re-analysing candidate documents."""
        return (self.values(ids, slots, n_slots) != 0).astype(np.float32)

    def _main_values(self, ids: np.ndarray, slots: np.ndarray, out: np.ndarray) -> None:
        """Look the few candidate slots up in each term's sorted posting list (binary search on
        a view) instead of slicing rows and columns out of the matrix: a frequent term's row
        is never copied, which is what dominated query time at 100k documents."""
        main = self._main
        n_terms, n_main_slots = main.shape
        if not n_main_slots:
            return
        if not main.has_sorted_indices:  # an index pickled before this was sorted
            main.sort_indices()
        indptr, indices, data = main.indptr, main.indices, main.data
        needles = np.asarray(slots, dtype=indices.dtype)
        for i, tid in enumerate(ids.tolist()):
            if tid >= n_terms:
                continue
            start, end = int(indptr[tid]), int(indptr[tid + 1])
            if start == end:
                continue
            row = indices[start:end]
            pos = np.minimum(np.searchsorted(row, needles), end - start - 1)
            hit = row[pos] == needles
            if hit.any():
                out[i, hit] = data[start:end][pos[hit]]

    def nnz(self) -> int:
        return int(self._main.nnz) + sum(len(ids) for _, ids, _ in self._delta_rows)


def bm25_idf(n_docs: int, df: np.ndarray) -> np.ndarray:
    return np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


def tfidf_idf(n_docs: int, df: np.ndarray) -> np.ndarray:
    return (np.log((n_docs + 1) / (df + 1)) + 1.0).astype(np.float32)


def sublinear(count: int) -> float:
    return 1.0 + math.log(count)
