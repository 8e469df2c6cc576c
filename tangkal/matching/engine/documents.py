"""Plain data types shared by the matching engine (no Django here, on purpose: the engine is
used by the web app, the evaluation command and the benchmarks alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["cocok", "mungkin", "tidak_ditemukan"]


@dataclass(frozen=True)
class Document:
    """A published clarification (debunk) as the engine sees it."""

    id: str
    title: str
    text: str = ""
    label: str = ""
    url: str = ""
    date: str = ""
    category: str = ""

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Document:
        # Extra keys are ignored so that corpus files may carry more fields than we use.
        return cls(
            id=str(row["id"]),
            title=str(row.get("title") or ""),
            text=str(row.get("text") or ""),
            label=str(row.get("label") or ""),
            url=str(row.get("url") or ""),
            date=str(row.get("date") or ""),
            category=str(row.get("category") or ""),
        )


@dataclass(frozen=True)
class Match:
    """One ranked candidate.  ``score`` is the re-ranker's score (higher is better);
    ``features`` carries what the decision and debugging need."""

    doc_id: str
    score: float
    title: str = ""
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    confidence: float
    match: Match | None = None
    reason: str = ""
