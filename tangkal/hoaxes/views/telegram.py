"""The Telegram webhook: only requests carrying our secret token get in."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tangkal.core.ratelimit import rate_limit
from tangkal.hoaxes.telegram.bot import handle_update

security_log = logging.getLogger("tangkal.security")
MAX_BODY = 1_000_000


@csrf_exempt
@require_POST
@rate_limit("telegram")
def webhook(request):
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        security_log.warning("telegram webhook without valid secret token")
        return JsonResponse({"error": {"code": "forbidden", "message": "Token rahasia webhook tidak sah."}},
                            status=403)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": {"code": "too_large", "message": "Pembaruan terlalu besar."}}, status=413)
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": {"code": "bad_request", "message": "Isi bukan JSON yang sah."}}, status=400)
    if not isinstance(update, dict):
        return JsonResponse({"error": {"code": "bad_request", "message": "Isi bukan objek pembaruan."}}, status=400)
    reply = handle_update(update)
    message = update.get("message") or update.get("channel_post") or {}
    chat_id = (message.get("chat") or {}).get("id") if isinstance(message, dict) else None
    if reply and chat_id is not None:
        # Answering in the webhook response costs no extra round trip to the Bot API.
        return JsonResponse({"method": "sendMessage", "chat_id": chat_id, "text": reply[:4096],
                             "reply_to_message_id": message.get("message_id")})
    return HttpResponse(status=200)
