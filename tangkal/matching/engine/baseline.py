"""Plain BM25 over ``title + text`` with naive tokenisation: the yardstick the engine must beat.

Deliberately simple (lower-case word tokens, no stemming, no stop words, no normalisation) so
the evaluation shows what the engine's normalisation and re-ranking are worth.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from .documents import Document, Match

_TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


class BM25Baseline:
    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._ids: list[str] = []
        self._titles: list[str] = []
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        self._avg = 1.0

    def build(self, docs: list[Document]) -> None:
        for i, doc in enumerate(docs):
            tokens = tokenize(f"{doc.title} {doc.text}")
            self._ids.append(doc.id)
            self._titles.append(doc.title)
            self._lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                self._postings[term].append((i, tf))
        self._avg = sum(self._lengths) / max(len(self._lengths), 1)

    def search(self, text: str, k: int = 10) -> list[Match]:
        n = len(self._ids)
        scores: dict[int, float] = defaultdict(float)
        for term in set(tokenize(text[:20000])):
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = math.log1p((n - len(postings) + 0.5) / (len(postings) + 0.5))
            for i, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self._lengths[i] / self._avg)
                scores[i] += idf * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:k]
        return [Match(doc_id=self._ids[i], score=s, title=self._titles[i]) for i, s in best]
