"""Offline evaluation of the engine against a corpus and labelled queries (JSON Lines).

``evaluate`` returns one JSON-able dict, meant to be printed by a management command or a
benchmark.  ``fifth_removed`` builds the "hoax not in the corpus" scenario: a seeded fifth of
the hoaxes lose their clarifications, and their queries must then *not* get a confident match.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from .baseline import BM25Baseline
from .documents import Decision, Document, Match
from .index import EngineConfig, Index
from .semantic import Encoder

Query = dict[str, Any]


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_corpus(path: str | Path) -> list[Document]:
    return [Document.from_dict(row) for row in read_jsonl(path)]


def load_queries(path: str | Path) -> list[Query]:
    # Only the fields we need; anything else a query file carries is ignored.
    return [
        {
            "qid": str(row.get("qid", i)),
            "text": str(row.get("text") or ""),
            "relevant": [str(r) for r in row.get("relevant") or []],
            "variant": str(row.get("variant") or "all"),
        }
        for i, row in enumerate(read_jsonl(path))
    ]


def fifth_removed(
    docs: list[Document], queries: list[Query], *, seed: int = 2026, fraction: float = 0.2
) -> tuple[list[Document], list[Query], set[str]]:
    """Drop the clarifications of a seeded ``fraction`` of the hoaxes.

    A hoax is identified by its set of relevant ids (all variants of one message share it).
    Queries of a dropped hoax get ``relevant = []``.  Returns (docs, queries, removed ids).
    """
    groups = sorted({tuple(sorted(q["relevant"])) for q in queries if q["relevant"]})
    rng = random.Random(seed)
    chosen = rng.sample(groups, round(len(groups) * fraction))
    removed = {doc_id for group in chosen for doc_id in group}
    kept_docs = [d for d in docs if d.id not in removed]
    new_queries = [{**q, "relevant": [r for r in q["relevant"] if r not in removed]} for q in queries]
    return kept_docs, new_queries, removed


def _metrics(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """rows: {relevant, ranked ids, verdict, top_correct, seconds}."""
    answerable = [r for r in rows if r["relevant"]]
    unanswerable = [r for r in rows if not r["relevant"]]
    out: dict[str, Any] = {
        "queries": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }
    if answerable:
        ranks = [_first_rank(r["ranked"], r["relevant"]) for r in answerable]
        n = len(answerable)
        out["recall_at_1"] = round(sum(1 for x in ranks if x and x <= 1) / n, 4)
        out["recall_at_5"] = round(sum(1 for x in ranks if x and x <= 5) / n, 4)
        out["mrr_at_10"] = round(sum(1.0 / x for x in ranks if x and x <= 10) / n, 4)
        cocok = [r for r in answerable if r["verdict"] == "cocok"]
        out["cocok_rate"] = round(len(cocok) / n, 4)
        out["found_rate"] = round(sum(1 for r in answerable if r["verdict"] != "tidak_ditemukan") / n, 4)
    confident = [r for r in rows if r["verdict"] == "cocok"]
    out["confident_matches"] = len(confident)
    out["confident_match_precision"] = (
        round(sum(1 for r in confident if r["top_correct"]) / len(confident), 4) if confident else None
    )
    out["false_match_rate"] = (
        round(sum(1 for r in unanswerable if r["verdict"] == "cocok") / len(unanswerable), 4)
        if unanswerable
        else None
    )
    if rows and rows[0].get("seconds") is not None:
        ms = np.asarray([r["seconds"] * 1000.0 for r in rows])
        out["latency_ms_p50"] = round(float(np.percentile(ms, 50)), 3)
        out["latency_ms_p99"] = round(float(np.percentile(ms, 99)), 3)
        out["queries_per_second"] = round(len(rows) / (ms.sum() / 1000.0), 1) if ms.sum() else None
    return out


def _first_rank(ranked: list[str], relevant: list[str]) -> int | None:
    for i, doc_id in enumerate(ranked, start=1):
        if doc_id in relevant:
            return i
    return None


def run_queries(
    search: Callable[[str], list[Match]],
    decide: Callable[[list[Match]], Decision] | None,
    queries: Iterable[Query],
) -> list[dict[str, Any]]:
    rows = []
    for q in queries:
        start = time.perf_counter()
        matches = search(q["text"])
        verdict = decide(matches).verdict if decide else "mungkin"
        seconds = time.perf_counter() - start
        ranked = [m.doc_id for m in matches]
        rows.append(
            {
                "qid": q["qid"],
                "variant": q["variant"],
                "relevant": q["relevant"],
                "ranked": ranked,
                "verdict": verdict,
                "seconds": seconds,
                "top_correct": bool(ranked) and ranked[0] in q["relevant"],
            }
        )
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out = _metrics(rows)
    variants = sorted({r["variant"] for r in rows})
    out["by_variant"] = {v: _metrics([r for r in rows if r["variant"] == v]) for v in variants}
    return out


def evaluate_docs(
    docs: list[Document],
    queries: list[Query],
    *,
    config: EngineConfig | None = None,
    baseline: bool = True,
    k: int = 10,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    index = Index(config, encoder=encoder)
    start = time.perf_counter()
    index.build(docs)
    build_seconds = time.perf_counter() - start
    rows = run_queries(lambda text: index.search(text, k), index.decide, queries)
    result = summarise(rows)
    result["index_build_seconds"] = round(build_seconds, 3)
    result["documents"] = len(index)
    if baseline:
        base = BM25Baseline()
        start = time.perf_counter()
        base.build(docs)
        base_build = time.perf_counter() - start
        base_result = summarise(run_queries(lambda text: base.search(text, k), None, queries))
        for key in ("confident_matches", "confident_match_precision", "false_match_rate"):
            base_result.pop(key, None)
            for variant in base_result["by_variant"].values():
                variant.pop(key, None)
                variant.pop("cocok_rate", None)
                variant.pop("found_rate", None)
        base_result.pop("cocok_rate", None)
        base_result.pop("found_rate", None)
        base_result["index_build_seconds"] = round(base_build, 3)
        result["baseline"] = base_result
    return result


def evaluate(
    corpus_path: str | Path,
    queries_path: str | Path,
    *,
    config: EngineConfig | None = None,
    baseline: bool = True,
    with_fifth_removed: bool = False,
    seed: int = 2026,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    """Evaluate the engine (and the plain BM25 baseline) on a corpus and a query file."""
    docs = load_corpus(corpus_path)
    queries = load_queries(queries_path)
    result = evaluate_docs(docs, queries, config=config, baseline=baseline, encoder=encoder)
    if with_fifth_removed:
        result["fifth_removed"] = evaluate_fifth_removed(docs, queries, config=config, seed=seed, encoder=encoder)
    return result


def evaluate_fifth_removed(
    docs: list[Document],
    queries: list[Query],
    *,
    config: EngineConfig | None = None,
    seed: int = 2026,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    kept, new_queries, removed = fifth_removed(docs, queries, seed=seed)
    result = evaluate_docs(kept, new_queries, config=config, baseline=False, encoder=encoder)
    result["removed_documents"] = len(removed)
    result["seed"] = seed
    return result
