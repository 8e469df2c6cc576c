"""Turn documents and queries into the weighted term rows the index stores.

Word level: BM25F over three fields of a debunk - the claim in the title (the strongest
signal: it is a summary of the hoax), quoted phrases from the text (search keywords and the
claim as it circulated) and the explanation text.  Character level: 3-5-grams of the title and
quoted phrases, which survive typos and obfuscation that defeat stemming.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .documents import Document
from .normalize import (
    STOPWORDS,
    NormalizedText,
    char_ngrams,
    normalize,
    quoted_claims,
    strip_label,
)

FIELDS = ("title", "claims", "text")


@dataclass(frozen=True)
class FieldWeights:
    title: float = 5.0
    claims: float = 1.0
    text: float = 0.3
    b_title: float = 0.3
    b_claims: float = 0.5
    b_text: float = 0.75
    k1: float = 6.0


@dataclass
class AnalysedDoc:
    """Per-field term counts and lengths of one document (kept only while building)."""

    counts: dict[str, Counter[str]]
    lengths: dict[str, int]
    gram_words: list[str]


# Bounds keep both the n-gram index and the query cost small at 100k documents.
MAX_GRAM_WORDS_DOC = 40
GRAM_TEXT = False
MAX_GRAM_WORDS_QUERY = 160
MAX_QUERY_TERMS = 160
BIGRAMS = False


def analyse(doc: Document) -> AnalysedDoc:
    title = normalize(strip_label(doc.title), message=False)
    claims = normalize(" . ".join(quoted_claims(doc.text)), message=False)
    text = normalize(doc.text, message=False)
    counts = {
        "title": Counter(with_bigrams(title.terms)),
        "claims": Counter(with_bigrams(claims.terms)),
        "text": Counter(with_bigrams(text.terms)),
    }
    lengths = {"title": len(title.terms), "claims": len(claims.terms), "text": len(text.terms)}
    return AnalysedDoc(
        counts, lengths, gram_source(title, claims, text) if GRAM_TEXT else gram_source(title, claims)
    )


def with_bigrams(terms: list[str]) -> list[str]:
    """Terms plus adjacent pairs: pairs reward messages that keep the claim's phrasing
    ("ambil alih", "dana hibah") over ones that merely share words."""
    if not BIGRAMS:
        return terms
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]


def gram_source(*parts: NormalizedText) -> list[str]:
    seen: dict[str, None] = {}
    for part in parts:
        for word in part.words:
            if len(word) > 1 and word not in STOPWORDS:
                seen.setdefault(word, None)
            if len(seen) >= MAX_GRAM_WORDS_DOC:
                return list(seen)
    return list(seen)


def bm25f_row(doc: AnalysedDoc, avg_len: dict[str, float], w: FieldWeights) -> dict[str, float]:
    """Doc-side BM25F weights: field-weighted, length-normalised tf, then saturated."""
    weights = {"title": (w.title, w.b_title), "claims": (w.claims, w.b_claims), "text": (w.text, w.b_text)}
    pseudo_tf: dict[str, float] = {}
    for name, counter in doc.counts.items():
        boost, b = weights[name]
        norm = 1.0 - b + b * doc.lengths[name] / max(avg_len.get(name, 1.0), 1.0)
        for term, tf in counter.items():
            pseudo_tf[term] = pseudo_tf.get(term, 0.0) + boost * tf / norm
    k1 = w.k1
    return {t: tf * (k1 + 1.0) / (tf + k1) for t, tf in pseudo_tf.items()}


@lru_cache(maxsize=200_000)
def word_grams(word: str) -> tuple[str, ...]:
    return tuple(char_ngrams([word]))


def gram_counts(words: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in words:
        counts.update(word_grams(word))
    return counts


def query_gram_words(query: NormalizedText) -> list[str]:
    words = [w for w in query.words if len(w) > 1 and w not in STOPWORDS]
    return words[:MAX_GRAM_WORDS_QUERY]
