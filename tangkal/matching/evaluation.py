"""Offline evaluation through the production code path: `MatchingService.check` on an index built
from a corpus file. The metrics and the plain-BM25 baseline are the engine's own (`engine.evaluate`,
`engine.baseline`); only the loop is here, so that every query passes through the service exactly as
a Cek Hoaks request does (sanitising, truncation, search, decision)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tangkal.matching.checking import MatchingService
from tangkal.matching.engine.baseline import BM25Baseline
from tangkal.matching.engine.evaluate import load_corpus, load_queries, run_queries, summarise
from tangkal.matching.engine.semantic import load_encoder

# Keys that only make sense for a system that decides; the baseline only ranks.
DECISION_KEYS = ("confident_matches", "confident_match_precision", "false_match_rate", "cocok_rate", "found_rate")


def service_rows(service: MatchingService, queries: list[dict]) -> list[dict[str, Any]]:
    rows = []
    for q in queries:
        start = time.perf_counter()
        result = service.check(q["text"])
        seconds = time.perf_counter() - start
        ranked = [m.doc_id for m in result.matches]
        rows.append({"qid": q["qid"], "variant": q["variant"], "relevant": q["relevant"], "ranked": ranked,
                     "verdict": result.verdict, "seconds": seconds,
                     "top_correct": bool(ranked) and ranked[0] in q["relevant"]})
    return rows


def evaluate_files(corpus: str | Path, queries_path: str | Path, *, k: int = 10, baseline: bool = True,
                   semantic_model: str = "") -> dict:
    docs = load_corpus(corpus)
    queries = load_queries(queries_path)
    encoder = load_encoder(semantic_model)  # loading the model is not part of the build
    start = time.perf_counter()
    service = MatchingService.from_documents(docs, k=k, encoder=encoder)
    build_seconds = time.perf_counter() - start
    result = summarise(service_rows(service, queries))
    result["index_build_seconds"] = round(build_seconds, 3)
    result["documents"] = len(service)
    result["system"] = "tangkal.matching MatchingService (engine index + sanitising + calibrated decision)"
    result["semantic_model"] = semantic_model or None
    if baseline:
        result["baseline"] = evaluate_baseline(docs, queries, k=k)
    return result


def evaluate_baseline(docs: list, queries: list[dict], *, k: int = 10) -> dict:
    base = BM25Baseline()
    start = time.perf_counter()
    base.build(docs)
    build_seconds = time.perf_counter() - start
    result = summarise(run_queries(lambda text: base.search(text, k), None, queries))
    # Same shape as the engine's result; the decision metrics are null: plain BM25 does not decide.
    for part in (result, *result["by_variant"].values()):
        for key in DECISION_KEYS:
            if key in part:
                part[key] = None
    result["index_build_seconds"] = round(build_seconds, 3)
    result["documents"] = len(docs)
    result["system"] = "plain BM25 over title + text (engine.baseline)"
    return result
