"""Indonesian text normalisation for claim matching.

Forwarded chain messages are written in every spelling imaginable: decorative Unicode letters,
leetspeak (``P3merint4h``), chat abbreviations (``yg``, ``tdk``), stretched letters
(``bangeeet``), emoji and "Forwarded many times" markers.  Everything here maps such text to
two token streams:

* ``words`` - cleaned surface words (no stemming, stop words kept) for character n-grams;
* ``terms`` - stemmed content words (stop words removed) for word-level ranking.

The per-word work (leetspeak, squeezing, slang, Sastrawi stemming) is cached per raw token,
because Sastrawi is slow and building an index over 100k documents sees the same few hundred
thousand tokens again and again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Queries and documents are cut here before any regex runs, so a 1 MB paste costs the same as
# a long chain message.  Real forwarded messages rarely exceed a couple of thousand characters.
MAX_CHARS = 6000

_LEET = str.maketrans(
    {"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "6": "g", "9": "g", "8": "b"}
)
# Tokens that legitimately mix letters and digits and must not be "de-leeted".
_KEEP_MIXED = frozenset(
    {"h5n1", "h1n1", "g20", "4g", "5g", "3g", "mp3", "mp4", "b20", "u20", "u23", "u17", "covid19", "4wd"}
)

_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9-]++\.)++(?:com|id|net|org|info|xyz|site|online|link|me|ly|co|io|app|top|"
    r"shop|store|click|my|cc|biz|live|vip|pro|icu|tk|ml)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_TLD_HINT_RE = re.compile(
    r"\.(?:com|id|net|org|info|xyz|site|online|link|me|ly|co|io|app|top|"
    r"shop|store|click|my|cc|biz|live|vip|pro|icu|tk|ml)\b"
)
# Emoji, pictographs and other symbols; anything that is not a letter, digit or separator
# is dropped later anyway, this only keeps emoji glued to words from forming tokens.
_NON_WORD_RE = re.compile(r"[^\w\s]|_", re.UNICODE)
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
# "teman2", "sebanyak2nya": the Indonesian reduplication shorthand, not leetspeak.
# The literal "2" comes first so the engine scans for it instead of trying the look-behind at
# every position (20x faster on long texts, same matches).
_REDUP_RE = re.compile(r"2(?<=[^\W\d_]{2}2)(?=[^\W\d_]|\b)")
_SQUEEZE_RE = re.compile(r"(.)\1{2,}")
_DOUBLE_RE = re.compile(r"(.)\1")
_DIGIT_RUN_RE = re.compile(r"\d+")
_CLAIM_QUOTE_RE = re.compile(r"[\"“”„«»]([^\"“”„«»\n]{12,240})[\"“”„«»]")
_LABEL_RE = re.compile(r"^\s*\[[^\]]{1,20}\]\s*")


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _load_slang() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in _read_lines("slang.tsv"):
        informal, _, standard = line.partition("\t")
        if standard:
            table[informal.strip()] = tuple(standard.split())
    return table


def _load_boilerplate() -> re.Pattern[str]:
    patterns = [f"(?:{p.strip()})" for p in _read_lines("boilerplate.txt")]
    # Anchored at a word start: the engine then tries the alternation only where a word
    # begins instead of at every character (5x faster on long texts).
    return re.compile(r"\b(?:" + "|".join(patterns) + ")", re.IGNORECASE)


SLANG: dict[str, tuple[str, ...]] = _load_slang()
BOILERPLATE_RE: re.Pattern[str] = _load_boilerplate()
_STEMMER = StemmerFactory().create_stemmer()


def _collapse_doubles(word: str) -> str:
    # Noisy copies double letters at random ("yanng", "usahha"); Indonesian has few genuine
    # doubles (maaf, saat, Allah), so collapsing on both sides loses almost nothing.
    return _DOUBLE_RE.sub(r"\1", word)


STOPWORDS: frozenset[str] = frozenset(_collapse_doubles(w.strip()) for w in _read_lines("stopwords.txt"))


@dataclass(frozen=True)
class NormalizedText:
    words: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def _deleet(token: str) -> tuple[str, ...]:
    """Undo leetspeak inside a word, or split letter/number compounds such as ``rp901``."""
    if token.isalpha() or token.isdigit() or token in _KEEP_MIXED:
        return (token,)
    digit_runs = _DIGIT_RUN_RE.findall(token)
    letters = sum(ch.isalpha() for ch in token)
    digits = sum(len(run) for run in digit_runs)
    if letters >= 2 and letters > digits and all(len(run) == 1 for run in digit_runs):
        mapped = token.translate(_LEET)
        if mapped.isalpha():
            return (mapped,)
    # "rp901", "10rb", "covid19": a unit glued to a number; keep both halves.
    return tuple(part for part in re.split(r"(\d+)", token) if part)


_PREFIXES = ("me", "di", "ke", "be", "te", "pe", "se", "ku", "ka")
_SUFFIXES = ("kan", "an", "i", "nya", "lah", "kah", "tah", "pun", "ku", "mu")
# Prefix forms and the root-initial letter a nasal prefix may have swallowed
# (menulis <- tulis, memukul <- pukul, menyapu <- sapu, mengirim <- kirim).
_PREFIX_FORMS: tuple[tuple[str, str], ...] = (
    ("meny", "s"),
    ("meng", "k"),
    ("meng", ""),
    ("mem", "p"),
    ("mem", ""),
    ("men", "t"),
    ("men", ""),
    ("me", ""),
    ("peny", "s"),
    ("peng", "k"),
    ("peng", ""),
    ("pem", "p"),
    ("pem", ""),
    ("pen", "t"),
    ("pen", ""),
    ("per", ""),
    ("pe", ""),
    ("ber", ""),
    ("be", ""),
    ("ter", ""),
    ("te", ""),
    ("di", ""),
    ("ke", ""),
    ("se", ""),
    ("ku", ""),
    ("kau", ""),
    ("ka", ""),
    ("pel", ""),
)
_SUFFIX_FORMS = (
    "",
    "kan",
    "an",
    "i",
    "nya",
    "lah",
    "kah",
    "tah",
    "pun",
    "ku",
    "mu",
    "kannya",
    "annya",
    "inya",
    "kanlah",
    "nyalah",
)
_ROOTS: frozenset[str] = frozenset(
    getattr(getattr(_STEMMER, "delegatedStemmer", None), "dictionary", None).words
    if hasattr(_STEMMER, "delegatedStemmer")
    else ()
)


def _may_have_root(word: str) -> bool:
    """Cheap necessary condition for Sastrawi to find a root: stripping up to three prefix
    forms and one suffix form leaves a dictionary word (Sastrawi returns unknown words as they
    are, after ~1 ms of trying)."""
    if not _ROOTS:
        return True
    for suffix in _SUFFIX_FORMS:
        if suffix and not word.endswith(suffix):
            continue
        if _strip_prefixes(word[: len(word) - len(suffix)] if suffix else word, 3):
            return True
    return False


def _strip_prefixes(body: str, depth: int) -> bool:
    if body in _ROOTS:
        return True
    if depth == 0:
        return False
    for prefix, restore in _PREFIX_FORMS:
        if (
            prefix
            and body.startswith(prefix)
            and len(body) > len(prefix) + 1
            and _strip_prefixes(restore + body[len(prefix) :], depth - 1)
        ):
            return True
    return False


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    # Sastrawi tries dozens of prefix rules on every word it does not know, ~1 ms each; names
    # are such words.  A word with no Indonesian prefix or suffix cannot be reduced, so skip it.
    if not word.startswith(_PREFIXES) and not word.endswith(_SUFFIXES):
        return word
    if not _may_have_root(word):
        return word
    return str(_STEMMER.stem(word)) or word


@lru_cache(maxsize=300_000)
def normalize_token(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Map one raw token to (surface words, stemmed content terms)."""
    words: list[str] = []
    terms: list[str] = []
    for part in _deleet(token):
        part = _SQUEEZE_RE.sub(r"\1", part)
        expanded = SLANG.get(part)
        if expanded is None:
            expanded = SLANG.get(_collapse_doubles(part), (part,))
        for word in expanded:
            words.append(word)
            if word.isdigit():
                # Bare numbers only help when long enough to be specific (amounts, phone parts).
                if len(word) >= 2:
                    terms.append(word)
                continue
            if len(word) < 2 or _collapse_doubles(word) in STOPWORDS:
                continue
            term = _collapse_doubles(stem(word))
            if term and term not in STOPWORDS:
                terms.append(term)
    return tuple(words), tuple(terms)


def clean(text: str, boilerplate: bool = True) -> tuple[str, list[str]]:
    """NFKC, case-fold, pull out URLs and (for messages) strip chain-message boilerplate."""
    text = text[:MAX_CHARS]
    text = unicodedata.normalize("NFKC", text).casefold()
    urls: list[str] = []
    # The full URL pattern is slow on long texts; most texts have no link at all.
    if "http" in text or "www" in text or _TLD_HINT_RE.search(text):
        urls = [m.group(0) for m in _URL_RE.finditer(text)]
        text = _URL_RE.sub(" ", text)
    if boilerplate:
        text = BOILERPLATE_RE.sub(" ", text)
    text = _REDUP_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", text)
    return text, urls


def url_hosts(urls: list[str]) -> list[str]:
    hosts = []
    for url in urls:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0].strip(".,;:)")
        if host:
            hosts.append(host)
    return hosts


def normalize(text: str | bytes | None, *, message: bool = True) -> NormalizedText:
    """Normalise arbitrary input; never raises, cost bounded by MAX_CHARS.

    ``message=False`` is for debunks, which carry no forwarding boilerplate to strip."""
    if text is None:
        return NormalizedText()
    if isinstance(text, bytes):
        text = text[: MAX_CHARS * 4].decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = str(text)
    cleaned, urls = clean(text, boilerplate=message)
    tokens = _TOKEN_RE.findall(cleaned)
    if tokens and max(map(len, tokens)) > 40:  # base64 blobs, hashes, binary junk
        tokens = [token for token in tokens if len(token) <= 40]
    # map/chain keep the per-token loop in C: this is most of the cost of indexing a debunk.
    pairs = list(map(normalize_token, tokens))
    words = list(chain.from_iterable(map(itemgetter(0), pairs)))
    terms = list(chain.from_iterable(map(itemgetter(1), pairs)))
    return NormalizedText(words=words, terms=terms, urls=url_hosts(urls))


def strip_label(title: str) -> str:
    """``"[SALAH] Vaksin ..."`` -> ``"Vaksin ..."``: the label is not part of the claim."""
    return _LABEL_RE.sub("", title or "")


def quoted_claims(text: str) -> list[str]:
    """Quoted phrases in a debunk (search keywords, the claim as circulated, headlines)."""
    return [m.group(1) for m in _CLAIM_QUOTE_RE.finditer(text[: MAX_CHARS * 4])]


def char_ngrams(words: list[str], low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of each word padded with boundary marks, robust to typos."""
    grams: list[str] = []
    for word in words:
        padded = f"#{word}#"
        size = len(padded)
        for n in range(low, high + 1):
            if size < n:
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams
