"""The claim-matching index: candidate generation (BM25F + character n-grams) and re-ranking.

Documents live in "slots" (column numbers of the term matrices).  Slots are never reused, so
removing a document only flips its ``alive`` bit; the postings are dropped at the next merge.
"""

from __future__ import annotations

import math
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from .analysis import (
    FIELDS,
    MAX_QUERY_TERMS,
    AnalysedDoc,
    FieldWeights,
    analyse,
    bm25f_row,
    gram_counts,
    query_gram_words,
    with_bigrams,
    word_grams,
)
from .decide import DecisionThresholds, decide, semantic_thresholds
from .documents import Decision, Document, Match
from .normalize import normalize, strip_label
from .postings import TermMatrix, bm25_idf, sublinear, tfidf_idf
from .rerank import RerankWeights, host_match, score, title_features
from .semantic import Encoder, VectorStore, load_encoder, passage_text, standardise

# Bump when the analysis or the pickled layout changes: a stale pickle must be rebuilt, not
# silently used with different tokenisation.
INDEX_FORMAT_VERSION = 2
# Query terms this many positions in weigh ~1.4x instead of 2x (see ``_word_scores``).
POSITION_DECAY = 20.0
# Terms in more than this share of documents (and at least MIN_DF) are scored for candidates
# only.  Below ~20k documents nothing is deferred, so small indexes rank exactly.
COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN_DF = 1000
# The headline of a message: where the claim usually is.
HEAD_TERMS = 15


@dataclass(frozen=True)
class EngineConfig:
    fields: FieldWeights = field(default_factory=FieldWeights)
    rerank: RerankWeights = field(default_factory=RerankWeights)
    thresholds: DecisionThresholds = field(default_factory=DecisionThresholds)
    candidates: int = 40  # taken from each retriever before fusion
    rerank_depth: int = 30  # fused candidates that get the (costlier) features
    ngram_share: float = 0.5  # weight of the n-gram retriever in fusion
    merge_after: int = 2000  # delta documents before they are folded into main
    # With a semantic model (see semantic.py): weight of the standardised cosine in the final
    # score (one parameter, fitted on the dev set on top of the lexical weights), and how many of
    # the model's nearest documents join the candidates.
    semantic_weight: float = 0.25
    semantic_candidates: int = 10
    semantic_thresholds: DecisionThresholds = field(default_factory=semantic_thresholds)


class IndexVersionError(RuntimeError):
    pass


class Index:
    def __init__(self, config: EngineConfig | None = None, encoder: Encoder | None = None) -> None:
        self.config = config or EngineConfig()
        # The encoder itself is not pickled (it wraps a native model); its spec is, and a loaded
        # index gets the same model back from ``load_encoder``.
        self._encoder = encoder
        self.semantic_spec = encoder.spec if encoder is not None else ""
        self._vectors = VectorStore(encoder.dim) if encoder is not None else None
        self._docs: list[Document | None] = []
        self._slot_of: dict[str, int] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._words = TermMatrix()
        self._grams = TermMatrix()
        self._avg_len: dict[str, float] = {"title": 8.0, "claims": 10.0, "text": 150.0}
        # Document frequency of terms among titles only: template words ("tautan",
        # "lowongan") are frequent there, company and person names are not.
        self._title_df: Counter[str] = Counter()

    # -- size ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot_of

    def get(self, doc_id: str) -> Document | None:
        slot = self._slot_of.get(doc_id)
        return None if slot is None else self._docs[slot]

    # -- building ------------------------------------------------------------------------------

    def build(self, docs: Iterable[Document], *, reuse: Index | None = None) -> None:
        """Index ``docs`` from scratch (later duplicates of an id replace earlier ones).

        Streams the documents into flat arrays and computes all weights with numpy at the
        end, so memory stays near the size of the final matrices.  With a semantic model,
        documents that ``reuse`` holds unchanged keep its vectors instead of being embedded
        again (embedding is by far the slowest part of a rebuild)."""
        unique: dict[str, Document] = {}
        for doc in docs:
            unique[doc.id] = doc
        ordered = list(unique.values())
        n = len(ordered)
        self._words.reset()
        self._grams.reset()
        word_ids, gram_ids = array("i"), array("i")
        tf = {name: array("f") for name in FIELDS}
        gram_tf = array("f")
        lengths = {name: np.zeros(n, dtype=np.float32) for name in FIELDS}
        word_counts = np.zeros(n, dtype=np.int64)
        gram_counts_per_doc = np.zeros(n, dtype=np.int64)
        word_vocab, gram_vocab = self._words.vocab, self._grams.vocab
        _title_terms.cache_clear()
        self._title_df = Counter()
        gram_ids_of: dict[str, tuple[int, ...]] = {}
        for i, doc in enumerate(ordered):
            a = analyse(doc)
            terms = list({**a.counts["text"], **a.counts["claims"], **a.counts["title"]})
            ids = list(map(word_vocab.get, terms))
            if None in ids:
                ids = [
                    tid if tid is not None else word_vocab.setdefault(t, len(word_vocab))
                    for tid, t in zip(ids, terms, strict=True)
                ]
            word_ids.extend(ids)
            for name in FIELDS:
                counter = a.counts[name]
                tf[name].extend(map(counter.get, terms, repeat(0)))
                lengths[name][i] = a.lengths[name]
            word_counts[i] = len(terms)
            # Gram ids per distinct word are cached: a corpus repeats its words far more
            # often than it introduces new ones, so this skips most per-gram dict work.
            ids: list[int] = []
            for word in a.gram_words:
                word_ids_ = gram_ids_of.get(word)
                if word_ids_ is None:
                    word_ids_ = tuple(gram_vocab.setdefault(g, len(gram_vocab)) for g in word_grams(word))
                    gram_ids_of[word] = word_ids_
                ids.extend(word_ids_)
            uniq, counts = np.unique(np.asarray(ids, dtype=np.int32), return_counts=True)
            gram_ids.frombytes(uniq.tobytes())
            gram_tf.frombytes(counts.astype(np.float32).tobytes())
            gram_counts_per_doc[i] = len(uniq)
            self._title_df.update(_title_terms(doc.title))
        self._docs = list(ordered)
        self._slot_of = {doc.id: i for i, doc in enumerate(ordered)}
        self._alive = np.ones(n, dtype=bool)
        if n:
            self._avg_len = {name: max(float(lengths[name].mean()), 1.0) for name in FIELDS}
        # Word level: BM25F (see analysis.bm25f_row, the same formula for one document).
        doc_of_word = np.repeat(np.arange(n, dtype=np.int32), word_counts)
        fw = self.config.fields
        boost = {
            "title": (fw.title, fw.b_title),
            "claims": (fw.claims, fw.b_claims),
            "text": (fw.text, fw.b_text),
        }
        pseudo = np.zeros(len(word_ids), dtype=np.float32)
        for name in FIELDS:
            weight, b = boost[name]
            norm = 1.0 - b + b * lengths[name] / self._avg_len[name]
            pseudo += weight * np.frombuffer(tf[name], dtype=np.float32) / norm[doc_of_word]
        values = pseudo * (fw.k1 + 1.0) / (pseudo + fw.k1)
        self._words.load_arrays(np.frombuffer(word_ids, dtype=np.int32), doc_of_word, values, n)
        # Character level: sublinear tf x idf, L2-normalised per document.
        g_ids = np.frombuffer(gram_ids, dtype=np.int32)
        doc_of_gram = np.repeat(np.arange(n, dtype=np.int32), gram_counts_per_doc)
        df = np.bincount(g_ids, minlength=max(len(self._grams.vocab), 1))
        g_values = (1.0 + np.log(np.frombuffer(gram_tf, dtype=np.float32))) * tfidf_idf(n, df[g_ids])
        norms = np.sqrt(np.bincount(doc_of_gram, weights=g_values**2, minlength=n))
        g_values = g_values / np.maximum(norms[doc_of_gram], 1e-9)
        self._grams.load_arrays(g_ids, doc_of_gram, g_values, n)
        if self._encoder is not None and self._vectors is not None:
            self._vectors.load(self._embed_all(ordered, reuse))

    def _embed_all(self, docs: list[Document], reuse: Index | None) -> np.ndarray:
        assert self._encoder is not None
        rows = np.zeros((len(docs), self._encoder.dim), dtype=np.float32)
        todo = []
        for i, doc in enumerate(docs):
            known = reuse.vector_of(doc, self.semantic_spec) if reuse is not None else None
            if known is None:
                todo.append(i)
            else:
                rows[i] = known
        if todo:
            rows[todo] = self._encoder.passages([passage_text(docs[i].title, docs[i].text) for i in todo])
        return rows

    def vector_of(self, doc: Document, spec: str) -> np.ndarray | None:
        """The stored vector of ``doc`` when this index holds that exact document under model ``spec``."""
        slot = self._slot_of.get(doc.id)
        if slot is None or self._vectors is None or spec != self.semantic_spec or self._docs[slot] != doc:
            return None
        return self._vectors.row(slot)

    def _gram_row(self, counts: Counter[str], n_docs: int) -> dict[str, float]:
        if not counts:
            return {}
        grams = list(counts)
        ids, pos = self._grams.lookup_positions(grams)
        idf = np.ones(len(grams), dtype=np.float32) * float(np.log(n_docs + 1) + 1.0)
        if len(ids):
            idf[pos] = tfidf_idf(n_docs, self._grams.df(ids))
        weights = np.asarray([sublinear(counts[g]) for g in grams], dtype=np.float32) * idf
        weights /= float(np.linalg.norm(weights)) or 1.0
        return dict(zip(grams, weights.tolist(), strict=True))

    def add(self, doc: Document) -> None:
        """Add or replace one document; searchable immediately."""
        if doc.id in self._slot_of:
            self.remove(doc.id)
        analysed = analyse(doc)
        slot = len(self._docs)
        self._docs.append(doc)
        self._slot_of[doc.id] = slot
        self._alive = np.append(self._alive, True)
        self._words.add(slot, bm25f_row(analysed, self._avg_len, self.config.fields))
        self._grams.add(slot, self._gram_row(gram_counts(analysed.gram_words), len(self) or 1))
        self._title_df.update(_title_terms(doc.title))
        if self._encoder is not None and self._vectors is not None:
            self._vectors.put(slot, self._encoder.passages([passage_text(doc.title, doc.text)])[0])
        if self._words.delta_size >= self.config.merge_after:
            self._merge()

    def remove(self, doc_id: str) -> bool:
        """Withdraw a document; returns False when it was not indexed."""
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return False
        doc = self._docs[slot]
        assert doc is not None
        analysed: AnalysedDoc = analyse(doc)
        terms = set().union(*(c.keys() for c in analysed.counts.values()))
        self._words.remove(terms)
        self._grams.remove(gram_counts(analysed.gram_words).keys())
        self._title_df.subtract(_title_terms(doc.title))
        self._alive[slot] = False
        self._docs[slot] = None
        return True

    def _merge(self) -> None:
        self._words.merge(self._alive)
        self._grams.merge(self._alive)

    def compact(self) -> None:
        """Fold incremental changes into the main segment (optional; bounded cost)."""
        self._merge()

    # -- search --------------------------------------------------------------------------------

    def search(self, text: str | bytes | None, k: int = 10) -> list[Match]:
        """Ranked matches for a forwarded message; never raises on odd input."""
        n_slots = len(self._docs)
        if n_slots == 0 or len(self) == 0 or k <= 0:
            return []
        query = normalize(text)
        terms = with_bigrams(query.terms)
        term_counts = Counter(terms)
        if len(term_counts) > MAX_QUERY_TERMS:
            keep = set(list(term_counts)[:MAX_QUERY_TERMS])
            terms = [t for t in terms if t in keep]
            term_counts = Counter(terms)
        n_docs = len(self)
        bm_parts = self._word_scores(terms, n_docs, n_slots)
        ng_parts = self._gram_scores(query_gram_words(query), n_docs, n_slots)
        bm, ng = bm_parts.dense, ng_parts.dense
        bm[~self._alive] = 0.0
        ng[~self._alive] = 0.0
        cfg = self.config
        cand = set(_top(bm, cfg.candidates, bm_parts.support).tolist()) | set(
            _top(ng, cfg.candidates, ng_parts.support).tolist()
        )
        cand = {s for s in cand if self._alive[s] and (bm[s] > 0 or ng[s] > 0)}
        semantic = self._semantic_scores(text, n_slots)
        nearest: list[int] = []
        if semantic is not None:
            top = _top(np.where(self._alive, semantic, -np.inf), cfg.semantic_candidates).tolist()
            nearest = [s for s in top if self._alive[s]]
            cand |= set(nearest)
        if not cand:
            return []
        slots = np.fromiter(sorted(cand), dtype=np.int64)
        bm_parts.complete(slots)
        ng_parts.complete(slots)
        bm_max = float(bm[slots].max()) or 1.0
        fused = (1 - cfg.ngram_share) * bm[slots] / bm_max + cfg.ngram_share * ng[slots]
        order = slots[np.argsort(-fused, kind="stable")][: max(cfg.rerank_depth, k)]
        if nearest:
            # The model's nearest documents are re-ranked even when the lexical scores are low.
            ranked = set(order.tolist())
            extra = [s for s in nearest if s not in ranked]
            order = np.concatenate([order, np.asarray(extra, dtype=order.dtype)])
        query_terms = frozenset(term_counts)
        ng_max = float(ng[slots].max()) or 1.0
        mass = self._query_mass(term_counts, n_docs)
        weights = cfg.rerank.vector()
        max_idf = _idf(n_docs, 1)
        query_pairs = frozenset(zip(query.terms, query.terms[1:], strict=False))
        head_terms = frozenset(query.terms[:HEAD_TERMS])
        query_cover = self._query_cover(term_counts, order, n_docs, n_slots)
        matches = []
        for i, slot in enumerate(order.tolist()):
            doc = self._docs[slot]
            assert doc is not None
            title_terms = _title_terms(doc.title)
            title_idf = np.asarray([_idf(n_docs, self._title_df[t]) for t in title_terms])
            cover, miss, hit = title_features(title_terms, title_idf, query_terms, max_idf)
            feats = {
                "bm25_rel": float(bm[slot]) / bm_max,
                "bm25_share": float(bm[slot]) / mass,
                "ngram": float(ng[slot]),
                "ngram_rel": float(ng[slot]) / ng_max,
                "title_cover": cover,
                "title_miss": miss,
                "title_hit": hit,
                "host": host_match(query.urls, doc.text) if query.urls else 0.0,
                "title_pairs": _pair_share(title_terms, query_pairs),
                "head_cover": title_features(title_terms, title_idf, head_terms, max_idf)[0],
                "query_cover": float(query_cover[i]),
            }
            total = score(feats, weights)
            if semantic is not None:
                feats["semantic"] = float(semantic[slot])
                total += cfg.semantic_weight * feats["semantic"]
            matches.append(Match(doc_id=doc.id, score=total, title=doc.title, features=feats))
        matches.sort(key=lambda m: -m.score)
        return matches[:k]

    def _semantic_scores(self, text: str | bytes | None, n_slots: int) -> np.ndarray | None:
        """Standardised cosine of every slot to the message, or None without a model."""
        if self._encoder is None or self._vectors is None:
            return None
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if not text or not text.strip():
            return None
        query = self._encoder.queries([text])[0]
        return standardise(self._vectors.similarities(query, n_slots), self._alive)

    def decide(self, matches: list[Match]) -> Decision:
        semantic = self._encoder is not None
        return decide(matches, self.config.semantic_thresholds if semantic else self.config.thresholds)

    def _word_scores(self, terms: list[str], n_docs: int, n_slots: int) -> _Scores:
        counts = Counter(terms)
        if not counts:
            return _Scores.empty(n_slots)
        unique = list(counts)  # Counter keeps first-occurrence order
        ids, pos = self._words.lookup_positions(unique)
        if not len(ids):
            return _Scores.empty(n_slots)
        qtf = np.asarray([counts[unique[p]] for p in pos.tolist()], dtype=np.float32)
        first = _first_positions(terms, unique)[pos]
        # Chain messages repeat their key words: saturate repetition.  And they put the claim
        # first (headline, then the story, then calls to share), so early words weigh more.
        weights = (
            bm25_idf(n_docs, self._words.df(ids))
            * (2.0 * qtf / (1.0 + qtf))
            * (1.0 + np.exp(-first / POSITION_DECAY))
        )
        return self._split_scores(self._words, ids, weights, n_docs, n_slots)

    def _split_scores(
        self, matrix: TermMatrix, ids: np.ndarray, weights: np.ndarray, n_docs: int, n_slots: int
    ) -> _Scores:
        """Score rare terms over the whole index, frequent ones only for candidates later.

        At 100k documents a handful of frequent terms own most postings but barely change
        the ranking; deferring them keeps latency flat as the corpus grows."""
        cutoff = max(COMMON_TERM_MIN_DF, int(n_docs * COMMON_TERM_SHARE))
        common = matrix.df(ids) > cutoff
        dense, support = matrix.scores_with_support(ids[~common], weights[~common], n_slots)
        return _Scores(dense, matrix, ids[common], weights[common], n_slots, support)

    def _gram_scores(self, words: list[str], n_docs: int, n_slots: int) -> _Scores:
        counts = gram_counts(words)
        if not counts:
            return _Scores.empty(n_slots)
        grams = list(counts)
        ids, pos = self._grams.lookup_positions(grams)
        if not len(ids):
            return _Scores.empty(n_slots)
        tf = np.asarray([sublinear(counts[g]) for g in grams], dtype=np.float32)
        idf_all = np.full(len(grams), float(np.log(n_docs + 1) + 1.0), dtype=np.float32)
        idf_all[pos] = tfidf_idf(n_docs, self._grams.df(ids))
        weights = tf * idf_all
        # Normalise by the whole query (unknown grams included) so the score is a cosine.
        norm = float(np.linalg.norm(weights)) or 1.0
        return self._split_scores(self._grams, ids, weights[pos] / norm, n_docs, n_slots)

    def _query_cover(self, counts: Counter[str], slots: np.ndarray, n_docs: int, n_slots: int) -> np.ndarray:
        """idf-weighted share of the query's terms that each candidate contains."""
        ids, _ = self._words.lookup_positions(list(counts))
        if not len(ids):
            return np.zeros(len(slots), dtype=np.float32)
        idf = bm25_idf(n_docs, self._words.df(ids))
        present = self._words.presence(ids, slots, n_slots)
        return (idf @ present) / max(float(idf.sum()), 1e-9)

    def _query_mass(self, counts: Counter[str], n_docs: int) -> float:
        """Sum of the query's term weights: what a perfect document could collect."""
        ids, pos = self._words.lookup_positions(list(counts))
        if not len(ids):
            return 1.0
        return float(bm25_idf(n_docs, self._words.df(ids)).sum()) or 1.0

    # -- persistence ---------------------------------------------------------------------------

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_encoder"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if self.semantic_spec:
            self._encoder = load_encoder(self.semantic_spec)

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as fh:
            pickle.dump(
                {"version": INDEX_FORMAT_VERSION, "index": self}, fh, protocol=pickle.HIGHEST_PROTOCOL
            )

    @classmethod
    def load(cls, path: str | Path) -> Index:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)  # noqa: S301 - only our own index files are loaded
        if not isinstance(payload, dict) or payload.get("version") != INDEX_FORMAT_VERSION:
            raise IndexVersionError("index file has another format version; rebuild it")
        index = payload["index"]
        if not isinstance(index, cls):
            raise IndexVersionError("index file does not contain an Index")
        return index

    def stats(self) -> dict[str, int]:
        return {
            "documents": len(self),
            "slots": len(self._docs),
            "word_postings": self._words.nnz(),
            "gram_postings": self._grams.nnz(),
            "word_vocab": len(self._words.vocab),
            "gram_vocab": len(self._grams.vocab),
            "semantic_model": self.semantic_spec or None,
        }


@lru_cache(maxsize=50_000)
def _title_terms(title: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(strip_label(title)).terms))


def _pair_share(title_terms: tuple[str, ...], query_pairs: frozenset[tuple[str, str]]) -> float:
    pairs = list(zip(title_terms, title_terms[1:], strict=False))
    if not pairs:
        return 0.0
    return sum(1 for p in pairs if p in query_pairs) / len(pairs)


class _Scores:
    """Dense scores of the rare terms plus deferred frequent terms (added for candidates)."""

    def __init__(
        self,
        dense: np.ndarray,
        matrix: TermMatrix | None = None,
        ids: np.ndarray | None = None,
        weights: np.ndarray | None = None,
        n_slots: int = 0,
        support: np.ndarray | None = None,
    ) -> None:
        self.dense = dense
        # Slots with a non-zero score (None: unknown, look at all of them).
        self.support = support
        self._matrix = matrix
        self._ids = ids
        self._weights = weights
        self._n_slots = n_slots

    @classmethod
    def empty(cls, n_slots: int) -> _Scores:
        return cls(np.zeros(n_slots, dtype=np.float32))

    def complete(self, slots: np.ndarray) -> None:
        if self._matrix is None or self._ids is None or self._weights is None:
            return
        if len(self._ids):
            values = self._matrix.values(self._ids, slots, self._n_slots)
            self.dense[slots] += self._weights.astype(np.float32) @ values


def _first_positions(terms: list[str], unique: list[str]) -> np.ndarray:
    first: dict[str, int] = {}
    for i, term in enumerate(terms):
        first.setdefault(term, i)
    return np.asarray([first[t] for t in unique], dtype=np.float32)


def _idf(n_docs: int, df: int) -> float:
    return math.log1p((n_docs - df + 0.5) / (df + 0.5))


def _top(scores: np.ndarray, k: int, support: np.ndarray | None = None) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    # Only documents sharing a rare term score above zero: partition those, not the index.
    nonzero = np.flatnonzero(scores) if support is None else support
    if len(nonzero) <= k:
        return nonzero
    part = nonzero[np.argpartition(-scores[nonzero], k)[:k]]
    return part[scores[part] > 0]
