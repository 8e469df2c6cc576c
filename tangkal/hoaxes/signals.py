"""Signals other apps listen to. Sent by the services inside their transaction, with keyword
`clarification=` (and `correction=` for corrections); receivers that talk to the outside world should
defer that work with `transaction.on_commit`.

- clarification_published: a clarification became public (own, approved, or imported from a feed)
- clarification_changed: a published clarification's text changed (corrections included)
- clarification_corrected: a correction note was added after publication; campaigns built on it
  should tell everyone who shared them
- clarification_withdrawn: a clarification is no longer public
"""

from django.dispatch import Signal

clarification_published = Signal()
clarification_changed = Signal()
clarification_corrected = Signal()
clarification_withdrawn = Signal()
