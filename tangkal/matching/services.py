"""Writes of claim matching: linking incoming reports to existing clarifications."""

from __future__ import annotations

import logging

from tangkal.hoaxes import services as hoax_services
from tangkal.hoaxes.models import Clarification, Report
from tangkal.matching.selectors import CheckOutcome, check_message

logger = logging.getLogger(__name__)


def report_match(*, report: Report) -> CheckOutcome | None:
    """Match a new report; a confident match answers the reporter, a possible one is shown to the desk.

    Registered as the hoaxes report matcher (called after the report is stored and clustered).
    """
    if not (report.text or "").strip() and not report.url:
        return None  # an image-only report: nothing to match on
    outcome = check_message(text=report.text, url=report.url)
    if outcome.best is None:
        return outcome
    answered = report.claim_id is not None and Clarification.objects.filter(
        claim_id=report.claim_id, status=Clarification.Status.PUBLISHED).exists()
    confident = outcome.decision == "cocok"
    # The desk's own answer to this claim already goes to the reporter; the Telegram bot answers
    # a confident match in its reply. Either way one message, not two.
    notify = confident and not answered and report.channel != Report.Channel.TELEGRAM
    hoax_services.report_link_clarification(report=report, clarification=outcome.best, confident=confident,
                                            notify_reporter=notify)
    logger.info("report matched", extra={"decision": outcome.decision, "notified": notify})
    return outcome


def telegram_check(text: str) -> Clarification | None:
    """The hoaxes text checker: the clarification the bot may answer with, only when confident."""
    outcome = check_message(text=text)
    return outcome.best if outcome.decision == "cocok" else None


def report_match_hook(report: Report) -> None:
    report_match(report=report)
