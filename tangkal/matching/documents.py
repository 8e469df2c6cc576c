"""How a clarification looks to the engine: the same shape as a corpus line of the evaluation data.

The engine weighs the title most: in debunk archives the title is "[LABEL] the claim". Our own
clarifications carry the claim in `claim_reviewed` and a rebuttal in `headline`, so the claim goes
in the title and the rebuttal, summary and body make the text (the claim is also quoted there,
which the engine indexes as a "circulating phrase").
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from tangkal.hoaxes.models import Clarification
from tangkal.matching.engine import Document


def is_indexable(clar: Clarification) -> bool:
    return clar.status == Clarification.Status.PUBLISHED


def clarification_document(clar: Clarification) -> Document:
    claim = (clar.claim_reviewed or "").strip()
    headline = (clar.headline or "").strip()
    label = clar.get_verdict_display()
    parts = [headline]
    if claim and claim != headline:
        parts.append(f"“{claim}”")
    parts += [clar.summary or "", clar.body or ""]
    return Document(
        id=str(clar.public_id),
        title=f"[{label}] {claim or headline}",
        text="\n".join(p for p in parts if p),
        label=label,
        url=clar.source_url or settings.SITE_URL + clar.get_absolute_url(),
        date=clar.published_at.date().isoformat() if clar.published_at else "",
        category=clar.topic or "",
    )


def published_documents(*, chunk: int = 2000) -> Iterator[Document]:
    """Every published clarification, own and imported from feeds, streamed."""
    rows = (Clarification.objects.filter(status=Clarification.Status.PUBLISHED)
            .only("public_id", "slug", "status", "verdict", "headline", "claim_reviewed", "summary", "body",
                  "topic", "published_at", "source_url")
            .order_by("pk"))
    for clar in rows.iterator(chunk_size=chunk):
        yield clarification_document(clar)
