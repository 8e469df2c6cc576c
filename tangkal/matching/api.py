"""REST: POST /api/v1/check — the Cek Hoaks answer for programs (public, rate limited)."""

from __future__ import annotations

import json
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError

from tangkal.api.auth import limit_public
from tangkal.matching import selectors

router = Router(tags=["cek hoaks"])
PREFIX = ""


class MessageCheckIn(Schema):
    text: str = Field("", max_length=settings.MATCHING_MAX_TEXT_CHARS, description="Pesan yang diteruskan, apa adanya")
    url: str = Field("", max_length=1000, description="Tautan yang ikut beredar (tidak dibuka, hanya dicocokkan)")
    limit: int = Field(5, ge=1, le=10, description="Jumlah hasil paling banyak")


class MessageMatchOut(Schema):
    clarification_id: UUID
    slug: str
    url: str
    verdict: str
    headline: str
    score: float


class MessageCheckOut(Schema):
    decision: str = Field(..., description="cocok | mungkin | tidak_ditemukan")
    decision_label: str
    confidence: float = Field(..., description="Perkiraan peluang hasil teratas adalah klarifikasi yang tepat (0–1)")
    matches: list[MessageMatchOut]
    notices: list[str] = Field(..., description="empty | truncated | no_words | url_only | other_language")
    messages: list[str]
    took_ms: float


class MessageCheckError(Schema):
    code: str
    message: str


class MessageCheckErrorOut(Schema):
    error: MessageCheckError


def _request_body_schema() -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": MessageCheckIn.model_json_schema()}}}}


@router.post("/check", auth=None, summary="Cek pesan: klarifikasi yang sudah terbit untuk pesan ini",
             response={200: MessageCheckOut, 400: MessageCheckErrorOut, 413: MessageCheckErrorOut, 422: MessageCheckErrorOut, 429: MessageCheckErrorOut},
             openapi_extra=_request_body_schema())
def check_text(request):
    """Ranked published clarifications for a forwarded message, with the decision:
    `cocok` (confident: this is that hoax), `mungkin` (possibly related — a person should compare) or
    `tidak_ditemukan` (no clarification yet). Nothing sent here is stored."""
    limit_public(request, "check")
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > settings.MATCHING_MAX_BODY_BYTES:
        raise HttpError(413, _too_large())
    body = request.body[: settings.MATCHING_MAX_BODY_BYTES + 1]
    if len(body) > settings.MATCHING_MAX_BODY_BYTES:
        raise HttpError(413, _too_large())
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, _("Isi permintaan bukan JSON yang sah. Kirim objek JSON dengan kolom text.")) from None
    if not isinstance(data, dict):
        raise HttpError(400, _("Kirim objek JSON, misalnya {\"text\": \"isi pesan\"}."))
    try:
        payload = MessageCheckIn.model_validate(data)
    except PydanticValidationError as exc:
        return Status(422, {"error": {"code": "invalid", "message": _describe(exc)}})
    if not payload.text.strip() and not payload.url.strip():
        raise HttpError(400, _("Kirim isi pesan (text) atau tautan (url) yang ingin dicek."))
    outcome = selectors.check_message(text=payload.text, url=payload.url, limit=payload.limit)
    return Status(200, {
        "decision": outcome.decision, "decision_label": outcome.decision_label, "confidence": outcome.confidence,
        "matches": [{"clarification_id": m.clarification.public_id, "slug": m.clarification.slug, "url": m.url,
                     "verdict": m.clarification.get_verdict_display(), "headline": m.clarification.headline,
                     "score": m.score} for m in outcome.matches],
        "notices": list(outcome.notices), "messages": outcome.notice_messages, "took_ms": outcome.took_ms,
    })


def _too_large() -> str:
    return _("Isi permintaan terlalu besar (maksimal %(kb)s KB). Kirim bagian awal pesannya saja — klaimnya "
             "biasanya ada di sana.") % {"kb": settings.MATCHING_MAX_BODY_BYTES // 1024}


def _describe(exc: PydanticValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        field = ".".join(str(p) for p in error.get("loc", ())) or "body"
        if error.get("type") == "string_too_long":
            parts.append(_("%(field)s: terlalu panjang (batas %(max)s karakter)")
                         % {"field": field, "max": error.get("ctx", {}).get("max_length")})
        else:
            parts.append(f"{field}: {error.get('msg', '')}")
    return _("Data tidak valid — %(details)s") % {"details": "; ".join(parts)}
