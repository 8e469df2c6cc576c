"""Pure-Python claim-matching engine (no Django imports, usable from anywhere).

Typical use::

    index = Index()
    index.build(documents)
    matches = index.search(message, k=5)
    decision = index.decide(matches)   # "cocok" / "mungkin" / "tidak_ditemukan"
"""

from .decide import DecisionThresholds, decide
from .documents import Decision, Document, Match, Verdict
from .index import INDEX_FORMAT_VERSION, EngineConfig, Index, IndexVersionError
from .normalize import NormalizedText, normalize

__all__ = [
    "INDEX_FORMAT_VERSION",
    "Decision",
    "DecisionThresholds",
    "Document",
    "EngineConfig",
    "Index",
    "IndexVersionError",
    "Match",
    "NormalizedText",
    "Verdict",
    "decide",
    "normalize",
]
