"""`eval_matching`: the contract other tools rely on, on a tiny corpus written here."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

CORPUS = [
    {"id": "d1", "title": "[SALAH] Kucing bisa terbang setelah makan cabai", "text": "Tidak ada bukti ilmiah.",
     "label": "SALAH", "date": "2026-01-02", "url": "https://contoh.id/d1"},
    {"id": "d2", "title": "[PENIPUAN] Lowongan kerja PT Sentosa Makmur", "text": "Tautan lowongan itu palsu.",
     "label": "PENIPUAN", "date": "2026-01-03", "url": "https://contoh.id/d2"},
    {"id": "d3", "title": "[SALAH] Tarif listrik naik tiga kali lipat bulan depan",
     "text": "Perusahaan listrik membantah kenaikan tarif.", "label": "SALAH", "date": "2026-01-04",
     "url": "https://contoh.id/d3", "category": "ekonomi"},
]
QUERIES = [
    {"qid": "q1", "text": "SEBARKAN!! kucing bs terb4ng stlh makan cabai 😱", "relevant": ["d1"], "variant": "noisy"},
    {"qid": "q2", "text": "Dibuka lowongan kerja PT Sentosa Makmur, daftar sekarang", "relevant": ["d2"],
     "variant": "raw", "source": "ignored extra field"},
    {"qid": "q3", "text": "Tarif listrik naik tiga kali lipat", "relevant": ["d3"], "variant": "partial"},
    {"qid": "q4", "text": "Gempa besar akan melanda kota Sukamaju malam ini", "relevant": [], "variant": "raw"},
    {"qid": "q5", "text": "", "relevant": ["d1"], "variant": "raw"},
]
METRICS = {"queries", "recall_at_1", "recall_at_5", "mrr_at_10", "confident_match_precision", "false_match_rate",
           "latency_ms_p50", "latency_ms_p99", "queries_per_second", "index_build_seconds"}


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "corpus.jsonl", CORPUS), write_jsonl(tmp_path / "queries.jsonl", QUERIES)


def run(*args) -> str:
    out = StringIO()
    call_command("eval_matching", *args, stdout=out)
    return out.getvalue()


def test_it_prints_one_json_object_with_the_metrics_and_the_baseline(files):
    corpus, queries = files
    result = json.loads(run("--corpus", corpus, "--queries", queries, "--json"))
    assert set(result) >= METRICS
    assert set(result["baseline"]) >= METRICS
    assert result["queries"] == 5 and result["documents"] == 3
    assert set(result["by_variant"]) == {"noisy", "raw", "partial"}
    assert {"recall_at_1", "mrr_at_10", "latency_ms_p99"} <= set(result["by_variant"]["raw"])
    assert result["recall_at_1"] >= 0.75  # the empty query counts as a miss
    assert result["false_match_rate"] == 0.0  # q4's hoax is absent from the corpus: no "cocok"
    assert result["baseline"]["false_match_rate"] is None  # plain BM25 does not decide


def test_it_never_touches_the_application_database(files, django_assert_num_queries, db):
    corpus, queries = files
    with django_assert_num_queries(0):
        run("--corpus", corpus, "--queries", queries, "--json", "--no-baseline")


def test_it_goes_through_the_production_service(files, monkeypatch):
    from tangkal.matching.checking import MatchingService

    calls = []
    original = MatchingService.check

    def spy(self, text, url="", **kwargs):
        calls.append(text)
        return original(self, text, url, **kwargs)

    monkeypatch.setattr(MatchingService, "check", spy)
    corpus, queries = files
    run("--corpus", corpus, "--queries", queries, "--json", "--no-baseline")
    assert len(calls) == len(QUERIES)


def test_a_readable_table_without_json(files):
    corpus, queries = files
    out = run("--corpus", corpus, "--queries", queries)
    assert "recall_at_1" in out and "bm25" in out


def test_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not found"):
        run("--corpus", str(tmp_path / "nope.jsonl"), "--queries", str(tmp_path / "nope.jsonl"))
