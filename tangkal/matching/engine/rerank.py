"""Re-ranking of the fused candidates with a few interpretable features.

Why these features: a debunk's title *is* the claim, so a query that contains most of the
distinctive words of a title is very likely about that debunk ("title cover").  Scam debunks
share one template ("Tautan pendaftaran lowongan kerja PT X") and differ in the company, so
title words are weighted by their rarity *among titles*: template words count for little, the
company name for a lot, and a title whose company is missing from the message is pushed down
("title miss").  Scam links in a message are often quoted in the debunk ("host").

The weights are a linear model fitted offline on the dev set (listwise softmax loss, checked
with hoax-grouped two-fold cross-validation); they are few and the features are bounded, so they carry
over to other corpora of debunks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = (
    "bm25_rel",  # BM25F score / best BM25F score among candidates
    "bm25_share",  # BM25F score / the query's own maximum attainable mass
    "ngram",  # cosine of character n-grams (title + quoted claims)
    "ngram_rel",  # n-gram cosine / best among candidates
    "title_cover",  # title-rarity-weighted share of title terms present in the query
    "title_miss",  # rarest title term absent from the query (0..1)
    "title_hit",  # rarest title term present in the query (0..1)
    "host",  # a link host in the message appears in the debunk
    "title_pairs",  # share of the title's adjacent term pairs found adjacent in the query
    "head_cover",  # title cover against the message's first terms only
    "query_cover",  # idf-weighted share of the query's terms found anywhere in the debunk
)


@dataclass(frozen=True)
class RerankWeights:
    # Fitted with a listwise (softmax) loss on the dev queries; rounded.  ``host`` never fired
    # on the dev set, so its weight is a prior, not a fit.
    bm25_rel: float = 1.15
    bm25_share: float = 0.0
    ngram: float = 1.17
    ngram_rel: float = 0.05
    title_cover: float = 0.2
    title_miss: float = -0.18
    title_hit: float = 0.12
    host: float = 0.5
    title_pairs: float = 0.27
    head_cover: float = 0.78
    query_cover: float = 1.24

    def vector(self) -> np.ndarray:
        return np.asarray([getattr(self, name) for name in FEATURES], dtype=np.float64)


def title_features(
    title_terms: tuple[str, ...],
    title_idf: np.ndarray,
    query_terms: frozenset[str],
    max_idf: float,
) -> tuple[float, float, float]:
    """(cover, miss, hit) for one title; ``title_idf`` aligned with ``title_terms``."""
    if not title_terms:
        return 0.0, 0.0, 0.0
    present = np.fromiter((t in query_terms for t in title_terms), dtype=bool, count=len(title_terms))
    total = float(title_idf.sum())
    cover = float(title_idf[present].sum()) / total if total > 0 else 0.0
    scale = max_idf if max_idf > 0 else 1.0
    missing = title_idf[~present]
    hit = title_idf[present]
    miss = float(missing.max()) / scale if len(missing) else 0.0
    best = float(hit.max()) / scale if len(hit) else 0.0
    return cover, miss, best


def host_match(query_hosts: list[str], doc_text: str) -> float:
    # Compare hosts, not whole URLs: the path usually differs per victim.
    for host in query_hosts:
        if len(host) >= 6 and host in doc_text:
            return 1.0
    return 0.0


def score(features: dict[str, float], weights: np.ndarray) -> float:
    return float(np.dot(weights, [features[name] for name in FEATURES]))
