"""Who may do what at the hoax desk. Verifiers and admins work the desk; coordinators see (and
comment on) the claims routed to their agency; anyone signed in may report."""

from tangkal.core.permissions import is_admin, is_coordinator, is_verifier, rule


def _desk(user) -> bool:
    return is_admin(user) or is_verifier(user)


@rule("hoaxes.desk_view")
def desk_view(user, obj) -> bool:
    return _desk(user) or is_coordinator(user)


@rule("hoaxes.claim_view")
def claim_view(user, claim) -> bool:
    if _desk(user):
        return True
    return is_coordinator(user) and claim is not None and claim.agency_id is not None \
        and claim.agency_id == user.agency_id


@rule("hoaxes.claim_triage")
def claim_triage(user, claim) -> bool:
    return _desk(user)


@rule("hoaxes.claim_note")
def claim_note(user, claim) -> bool:
    return claim_view(user, claim)


@rule("hoaxes.clarification_edit")
def clarification_edit(user, clar) -> bool:
    return _desk(user)


@rule("hoaxes.clarification_view")
def clarification_view(user, clar) -> bool:
    if _desk(user):
        return True
    return clar is not None and clar.claim is not None and claim_view(user, clar.claim)


@rule("hoaxes.clarification_approve")
def clarification_approve(user, clar) -> bool:
    """The two-person rule: neither the author nor the last editor approves."""
    if not _desk(user) or clar is None:
        return False
    return user.pk not in (clar.author_id, clar.last_editor_id)


@rule("hoaxes.clarification_withdraw")
def clarification_withdraw(user, clar) -> bool:
    return _desk(user)


@rule("hoaxes.metrics_view")
def metrics_view(user, obj) -> bool:
    return _desk(user)


@rule("hoaxes.report_own")
def report_own(user, obj) -> bool:
    return bool(user.is_authenticated)
