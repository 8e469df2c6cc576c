"""The hoaxes signals, turned into change-log rows (in the sender's transaction)."""

from __future__ import annotations

from tangkal.matching.live import record_change
from tangkal.matching.models import IndexChange


def on_published(sender, clarification, **kwargs) -> None:
    record_change(op=IndexChange.Op.PUBLISHED, clarification_id=clarification.public_id)


def on_changed(sender, clarification, **kwargs) -> None:
    record_change(op=IndexChange.Op.CHANGED, clarification_id=clarification.public_id)


def on_withdrawn(sender, clarification, **kwargs) -> None:
    record_change(op=IndexChange.Op.WITHDRAWN, clarification_id=clarification.public_id)
