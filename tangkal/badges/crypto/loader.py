"""Offline JSON-LD document loader and RDFC-1.0 canonicalisation.

Signatures cover the RDF graph a credential denotes, and that graph depends on the JSON-LD
contexts the credential names. Fetching contexts at run time would let whoever controls (or
intercepts) those URLs change what a signature means, and would make signing depend on the
network. So only the pinned copies in ``tangkal/badges/contexts/`` are ever served; every
other URL is refused.
"""

from __future__ import annotations

import json
import re
import threading
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

__all__ = [
    "CONTEXTS_DIR",
    "CREDENTIALS_V2_URL",
    "CREDENTIALS_EXAMPLES_V2_URL",
    "OB_V3P0_CONTEXT_URL",
    "PINNED_CONTEXTS",
    "CanonicalizationError",
    "ContextNotAllowedError",
    "canonicalize",
    "document_loader",
]

CONTEXTS_DIR: Final = Path(__file__).resolve().parent.parent / "contexts"

CREDENTIALS_V2_URL: Final = "https://www.w3.org/ns/credentials/v2"
CREDENTIALS_EXAMPLES_V2_URL: Final = "https://www.w3.org/ns/credentials/examples/v2"
OB_V3P0_CONTEXT_URL: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# The single source of truth for which contexts exist. Exact-match only: no redirects,
# no trailing-slash or http/https variants, so the allow-list cannot be widened by accident.
PINNED_CONTEXTS: Final = MappingProxyType(
    {
        CREDENTIALS_V2_URL: "credentials-v2.jsonld",
        CREDENTIALS_EXAMPLES_V2_URL: "credentials-examples-v2.jsonld",
        OB_V3P0_CONTEXT_URL: "ob-context-3.0.3.json",
    }
)

# pyld keeps resolved contexts in a process-wide cache keyed only by URL, shared by every
# caller whatever loader it used. A private cache keeps other pyld users in the process
# (possibly with a network loader) from feeding us their version of a pinned URL, and it
# also keeps our parsed contexts warm between calls, which is most of the speed-up.
_RESOLVED_CONTEXTS: dict[str, Any] = {}
# pyld's per-context caches are cachetools LRUCaches, which are not thread-safe. The work is
# CPU-bound under the GIL anyway, so serialising it costs nothing in a threaded server.
_PYLD_LOCK = threading.Lock()

# RDFC-1.0 escapes these control characters in canonical N-Quads (\b, \f, \uXXXX) but
# pyld's URDNA2015 serialiser emits them raw, so a document containing them would hash
# differently here than in other implementations. Refusing them keeps us interoperable.
_UNPORTABLE_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ABSOLUTE_IRI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# RDFC-1.0 is exponential on "poison" graphs of look-alike blank nodes, and verification
# runs on untrusted input. Real credentials need a handful of N-degree hashes at most
# (blank nodes with distinct content are labelled by the cheap first-degree hash).
MAX_N_DEGREE_HASHES: Final = 256


class ContextNotAllowedError(ValueError):
    """A document referenced a JSON-LD context URL that is not pinned locally."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not pinned; refusing to load it "
            f"(allowed: {', '.join(sorted(PINNED_CONTEXTS))})"
        )
        self.url = url


class CanonicalizationError(ValueError):
    """The document cannot be canonicalised safely (bad JSON-LD or data that would be lost)."""


@cache
def _context_text(filename: str) -> str:
    return (CONTEXTS_DIR / filename).read_text(encoding="utf-8")


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld ``documentLoader`` that serves pinned contexts only."""
    filename = PINNED_CONTEXTS.get(url)
    if filename is None:
        raise ContextNotAllowedError(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # A fresh parse per call: pyld must never be able to mutate a shared copy.
        "document": json.loads(_context_text(filename)),
        # pyld only reuses a resolved context across operations when the remote document
        # carries a tag; our files are immutable, hence "static".
        "tag": "static",
    }


def _options() -> dict[str, Any]:
    return {
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_RESOLVED_CONTEXTS, document_loader),
        "processingMode": "json-ld-1.1",
        # With base "" pyld resolves relative IRIs against http://example.org/base/, so a
        # relative id would be signed as a made-up IRI that other implementations drop.
        # None keeps them relative, and _check_expanded rejects them.
        "base": None,
    }


def canonicalize(document: dict[str, Any]) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Expansion runs in a "safe mode": any property that JSON-LD would silently drop, and any
    relative IRI (which RDF conversion silently drops), is an error, because data that is
    not in the canonical form is not covered by the signature and could be altered freely.
    """
    with _PYLD_LOCK:
        return _canonicalize_locked(document)


def _canonicalize_locked(document: dict[str, Any]) -> str:
    expanded = _expand_safely(document)
    _check_expanded(expanded)
    try:
        dataset = jsonld.JsonLdProcessor().to_rdf(expanded, _options())
        # pyld names the algorithm URDNA2015; RDFC-1.0 is its standardised form and
        # produces identical output for the characters _check_expanded allows.
        return _BoundedRdfc().main(dataset, {"format": "application/n-quads"})
    except Exception as exc:  # pyld also raises bare KeyError/TypeError on odd input
        raise _unwrap(exc) from exc


class _BoundedRdfc(URDNA2015):
    """pyld's canonicaliser with a cap on N-degree hashing work (denial-of-service guard)."""

    def __init__(self) -> None:
        super().__init__()
        self._n_degree_calls = 0

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._n_degree_calls += 1
        if self._n_degree_calls > MAX_N_DEGREE_HASHES:
            raise CanonicalizationError(
                "blank-node structure too complex to canonicalise (possible poison graph)"
            )
        return super().hash_n_degree_quads(id_, issuer)


def _expand_safely(document: dict[str, Any]) -> list[Any]:
    def refuse_dropped(expanded_property: str | None) -> None:
        raise CanonicalizationError(
            f"property {expanded_property!r} is not defined by the document's contexts "
            "and would be dropped from the signed data"
        )

    processor = jsonld.JsonLdProcessor(on_property_dropped=refuse_dropped)
    try:
        return processor.expand(document, _options())
    except (CanonicalizationError, ContextNotAllowedError):
        raise
    except Exception as exc:  # pyld also raises bare KeyError/TypeError on odd input
        raise _unwrap(exc) from exc


def _unwrap(exc: BaseException) -> Exception:
    """Surface our own errors from inside pyld's exception chain, else wrap pyld's."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ContextNotAllowedError | CanonicalizationError):
            return cause
        cause = cause.__cause__
    return CanonicalizationError(f"JSON-LD processing failed: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    # pyld nests the useful message (e.g. "protected term redefinition") several causes deep.
    messages = []
    cause: BaseException | None = exc
    while cause is not None:
        message = getattr(cause, "message", None) or repr(cause)
        code = getattr(cause, "code", None)
        messages.append(f"{message} [{code}]" if code else message)
        cause = cause.__cause__
    return " <- ".join(messages)


def _check_expanded(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _check_expanded(item)
        return
    if isinstance(node, str):
        _check_text(node)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        _check_text(key)
        if key == "@id":
            _check_iri(value, what="@id")
        elif key == "@type":
            for type_iri in value if isinstance(value, list) else [value]:
                if type_iri != "@json":
                    _check_iri(type_iri, what="@type")
        elif key == "@value" and node.get("@type") == "@json":
            continue  # JSON literals are canonicalised as JCS text, not walked as JSON-LD.
        _check_expanded(value)


def _check_iri(value: Any, *, what: str) -> None:
    if not isinstance(value, str) or not (value.startswith("_:") or _ABSOLUTE_IRI.match(value)):
        raise CanonicalizationError(f"{what} {value!r} is not an absolute IRI; RDF conversion would drop it")


def _check_text(value: str) -> None:
    if _UNPORTABLE_CHARS.search(value):
        raise CanonicalizationError(
            "string contains a control character that RDFC-1.0 and pyld escape differently"
        )
