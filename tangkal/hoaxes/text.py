"""Near-duplicate detection for report text and links.

Chain messages arrive truncated, re-typed, with emoji and "forwarded many times" noise, so text is
normalised, cut into character 5-gram shingles and summarised by a 64-value MinHash. Banding the
MinHash (32 bands of 2 values) gives LSH keys stored in the database: any process finds candidate
claims with one indexed query, then confirms with the exact shingle overlap.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

SHINGLE = 5
NUM_HASHES = 64
BAND_ROWS = 2
MAX_CHARS = 4000  # longer texts add little: the start of a chain message identifies it
MIN_SHINGLES = 12  # below this a text is too short to cluster on its own

_rng = np.random.default_rng(20240214)
_A = (_rng.integers(1, 2**63, size=NUM_HASHES, dtype=np.uint64) | np.uint64(1))
_B = _rng.integers(0, 2**63, size=NUM_HASHES, dtype=np.uint64)

_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_REPEAT = re.compile(r"(.)\1{2,}")
# Chain-letter boilerplate that says nothing about which hoax it is.
_NOISE = re.compile(
    r"\b(diteruskan|forwarded|many times|berkali kali|sebarkan|viralkan|share|bagikan|copas|copy paste|"
    r"info dari grup sebelah|dari grup sebelah|mohon disebarluaskan|penting)\b"
)


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; links, emoji and punctuation removed."""
    text = unicodedata.normalize("NFKD", text[: MAX_CHARS * 2]).encode("ascii", "ignore").decode()
    text = _URL_RE.sub(" ", text.lower())
    text = _NON_WORD.sub(" ", text)
    text = _REPEAT.sub(r"\1\1", text)  # "bahayaaaa" → "bahayaa"
    text = _NOISE.sub(" ", text)
    return " ".join(text.split())[:MAX_CHARS]


def shingles(normalised: str) -> set[str]:
    if len(normalised) < SHINGLE:
        return {normalised} if normalised else set()
    return {normalised[i : i + SHINGLE] for i in range(len(normalised) - SHINGLE + 1)}


def fingerprint(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode(), digest_size=16).hexdigest() if normalised else ""


def minhash(shingle_set: set[str]) -> np.ndarray:
    values = np.fromiter((zlib.crc32(s.encode()) for s in shingle_set), dtype=np.uint64, count=len(shingle_set))
    # Multiply-shift hashing: one odd multiplier per hash function, high 32 bits kept.
    with np.errstate(over="ignore"):
        hashed = (np.outer(_A, values) + _B[:, None]) >> np.uint64(32)
    return hashed.min(axis=1)


def band_keys(signature: np.ndarray) -> list[str]:
    keys = []
    for band in range(NUM_HASHES // BAND_ROWS):
        chunk = signature[band * BAND_ROWS : (band + 1) * BAND_ROWS].tobytes()
        keys.append(f"{band:02d}{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def similarity(a: set[str], b: set[str]) -> float:
    """Overlap coefficient: a truncated copy of a message still scores high against the full one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|igshid|igsh|si|s|ref|ref_src|mibextid|feature|share_id|_rdr)$")


def canonical_url(url: str) -> str:
    """The same link however it was shared: no tracking parameters, www, fragment or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    path = parts.path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _TRACKING_PARAMS.match(k)]
    if host == "youtu.be" and path:
        host, query, path = "youtube.com", [("v", path.lstrip("/"))], "/watch"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def url_key(url: str) -> str:
    """A hash of the canonical link, or "" for links that name a whole site rather than one post."""
    canonical = canonical_url(url)
    if not canonical or urlsplit(canonical).path in ("", "/") and not urlsplit(canonical).query:
        return ""
    return hashlib.sha256(canonical.encode()).hexdigest()


def word_count(text: str) -> int:
    return len(text.split())
