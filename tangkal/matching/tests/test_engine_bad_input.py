"""Odd input never raises and stays fast."""

import time

import pytest

from tangkal.matching.engine import Document, Index, normalize

BAD_INPUTS = [
    "",
    "    \n\t ",
    "😀🔥🙏👇" * 100,
    "https://bit.ly/abc123",
    "x" * 1_000_000,
    "kata " * 200_000,
    bytes(range(256)) * 100,
    "\x00\x01\x02\ufffd",
    "The quick brown fox jumps over the lazy dog in London today.",
    "这是一个完全不同语言的句子。" * 20,
    None,
]


@pytest.fixture(scope="module")
def index() -> Index:
    idx = Index()
    idx.build(
        [
            Document("a", "[SALAH] Kucing bisa terbang", "Tidak ada kucing yang terbang."),
            Document("b", "[PENIPUAN] Hadiah pulsa dari operator", "Tautan hadiah pulsa palsu."),
        ]
    )
    return idx


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_an_answer_quickly(index, text):
    start = time.perf_counter()
    matches = index.search(text, k=5)
    decision = index.decide(matches)
    elapsed = time.perf_counter() - start
    assert decision.verdict in {"cocok", "mungkin", "tidak_ditemukan"}
    assert decision.verdict != "cocok"
    assert elapsed < 1.0  # generous: shared CI machines


def test_normalise_bounds_huge_input():
    assert len(normalize("kata " * 1_000_000).words) < 2000


def test_empty_index_answers_nothing():
    assert Index().search("apa saja") == []
