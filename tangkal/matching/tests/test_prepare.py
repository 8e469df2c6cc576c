"""What the service makes of odd input before the engine sees it."""

from __future__ import annotations

import time

import pytest

from tangkal.matching import checking
from tangkal.matching.checking import MatchingService, prepare_query
from tangkal.matching.engine import Document


@pytest.mark.parametrize(("text", "url", "notices"), [
    ("", "", (checking.EMPTY,)),
    ("   \n\t ", "", (checking.EMPTY,)),
    (None, "", (checking.EMPTY,)),
    ("😀🔥🙏", "", (checking.NO_WORDS,)),
    ("https://bit.ly/abc", "", (checking.URL_ONLY,)),
    ("", "https://bit.ly/abc", (checking.URL_ONLY,)),
    ("The vaccine will change your DNA and the government is hiding it from you", "", (checking.OTHER_LANGUAGE,)),
    ("这是一个完全不同语言的句子", "", (checking.OTHER_LANGUAGE,)),
    ("Listrik se-Jawa dan Bali akan dipadamkan tiga hari, ini bukan hoaks", "", ()),
    ("kata " * 2000, "", (checking.TRUNCATED,)),
])
def test_notices(text, url, notices):
    assert prepare_query(text, url).notices == notices


def test_binary_and_control_characters_are_cleaned():
    query = prepare_query(b"\x00\xff listrik \x07padam")
    assert "\x00" not in query.text and "\x07" not in query.text and "listrik" in query.text


def test_the_link_joins_the_text_once():
    assert prepare_query("cek ini https://bit.ly/x", "https://bit.ly/x").text == "cek ini https://bit.ly/x"
    assert prepare_query("cek ini", "https://bit.ly/x").text == "cek ini\nhttps://bit.ly/x"


@pytest.mark.parametrize("text", ["", "x" * 1_000_000, bytes(range(256)) * 4000, "😀" * 100_000, None])
def test_the_service_answers_bad_input_quickly(text):
    service = MatchingService.from_documents([Document("a", "[SALAH] Kucing bisa terbang", "Tidak benar.")])
    start = time.perf_counter()
    result = service.check(text)
    assert result.verdict != "cocok" and time.perf_counter() - start < 2.0
