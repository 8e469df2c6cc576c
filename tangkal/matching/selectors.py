"""Reads: a pasted message → the published clarifications that answer it.

Nothing the visitor pasted is stored or logged; only counts are.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangkal.hoaxes.models import Clarification
from tangkal.matching import checking
from tangkal.matching.live import live_service

logger = logging.getLogger(__name__)

DECISION_LABELS = {
    "cocok": gettext_lazy("Cocok"),
    "mungkin": gettext_lazy("Mungkin terkait — periksa sendiri"),
    "tidak_ditemukan": gettext_lazy("Belum ada klarifikasi"),
}
NOTICE_MESSAGES = {
    checking.EMPTY: gettext_lazy("Tempel isi pesan atau tautan yang ingin dicek."),
    checking.TRUNCATED: gettext_lazy("Pesan sangat panjang: hanya %(n)s karakter pertama yang dicocokkan."),
    checking.NO_WORDS: gettext_lazy("Pesan ini tidak berisi kata yang bisa dicocokkan (hanya emoji atau simbol)."),
    checking.URL_ONLY: gettext_lazy("Hanya tautan yang dicocokkan; isinya tidak kami buka. Tempel juga teks "
                                    "pesannya agar hasilnya lebih tepat."),
    checking.OTHER_LANGUAGE: gettext_lazy("Pesan ini tampaknya bukan berbahasa Indonesia; pencocokan kami dibuat "
                                          "untuk pesan berbahasa Indonesia, jadi hasilnya bisa kurang tepat."),
}


@dataclass(frozen=True)
class FoundClarification:
    clarification: Clarification
    score: float

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.clarification.get_absolute_url()


@dataclass(frozen=True)
class CheckOutcome:
    decision: str  # cocok | mungkin | tidak_ditemukan
    confidence: float
    matches: list[FoundClarification] = field(default_factory=list)
    notices: tuple[str, ...] = ()
    took_ms: float = 0.0

    @property
    def best(self) -> Clarification | None:
        return self.matches[0].clarification if self.matches and self.decision != "tidak_ditemukan" else None

    @property
    def decision_label(self) -> str:
        return str(DECISION_LABELS[self.decision])

    @property
    def notice_messages(self) -> list[str]:
        return [str(NOTICE_MESSAGES[code]) % {"n": checking.QUERY_CHARS} for code in self.notices]

    @property
    def is_empty(self) -> bool:
        return checking.EMPTY in self.notices


def check_message(*, text: str | bytes | None, url: str = "", limit: int | None = None) -> CheckOutcome:
    """Match a forwarded message against the published clarifications.

    The index may lag a withdrawal by up to a second on another process, so the matches are
    re-read from the database and anything no longer published is dropped.
    """
    limit = limit or settings.MATCHING_RESULTS
    result = live_service().check(text, url)
    ids = []
    for match in result.matches[: limit + 3]:
        try:
            ids.append(uuid.UUID(match.doc_id))
        except ValueError:
            continue
    rows = {c.public_id: c for c in Clarification.objects.filter(
        public_id__in=ids, status=Clarification.Status.PUBLISHED).select_related("source")}
    found = [FoundClarification(rows[uuid.UUID(m.doc_id)], round(float(m.score), 4))
             for m in result.matches if _known(m.doc_id, rows)][:limit]
    decision = result.verdict
    top_id = result.decision.match.doc_id if result.decision.match else None
    if decision != "tidak_ditemukan" and (not found or str(found[0].clarification.public_id) != top_id):
        decision = "mungkin" if found else "tidak_ditemukan"  # the top answer vanished: never claim "cocok"
    logger.debug("matching check", extra={"decision": decision, "matches": len(found),
                                         "took_ms": result.took_ms, "notices": ",".join(result.notices)})
    return CheckOutcome(decision=decision, confidence=round(float(result.confidence), 4), matches=found,
                        notices=result.notices, took_ms=result.took_ms)


def _known(doc_id: str, rows: dict) -> bool:
    try:
        return uuid.UUID(doc_id) in rows
    except ValueError:
        return False


def empty_message() -> str:
    return _("Tempel isi pesan atau tautan yang ingin dicek.")
