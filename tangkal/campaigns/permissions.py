"""Who may do what with campaigns.

National campaigns (no owning agency) are run by programme admins and the hoax desk; a
coordinator's campaign reaches only their own agency. Approval is always by a second staff
member: the creator can never approve their own campaign.
"""

from __future__ import annotations

from tangkal.core.permissions import is_admin, is_coordinator, is_influencer, is_staff_role, is_verifier, rule


def _runs(user, campaign) -> bool:
    """May work on this campaign: admins all, the desk national ones, a coordinator their agency's."""
    if is_admin(user):
        return True
    if campaign.agency_id is None:
        return is_verifier(user)
    return is_coordinator(user) and user.agency_id == campaign.agency_id


@rule("campaigns.create")
def _create(user, obj) -> bool:
    return is_staff_role(user)


@rule("campaigns.view")
def _view(user, campaign) -> bool:
    # The hoax desk follows every campaign (read-only unless it runs it).
    if _runs(user, campaign) or is_verifier(user) or (campaign.created_by_id == user.pk and is_staff_role(user)):
        return True
    # Coordinators follow national campaigns once launched, seeing their own agency's part.
    return (is_coordinator(user) and campaign.agency_id is None
            and campaign.status in ("launched", "closed"))


@rule("campaigns.edit")
def _edit(user, campaign) -> bool:
    return campaign.is_editable and (_runs(user, campaign) or campaign.created_by_id == user.pk)


@rule("campaigns.approve")
def _approve(user, campaign) -> bool:
    return campaign.created_by_id != user.pk and _runs(user, campaign)


@rule("campaigns.launch")
def _launch(user, campaign) -> bool:
    return _runs(user, campaign) or (campaign.created_by_id == user.pk and is_staff_role(user))


@rule("campaigns.override")
def _override(user, campaign) -> bool:
    return is_admin(user)


@rule("campaigns.guardrails")
def _guardrails(user, obj) -> bool:
    return is_admin(user)


@rule("campaigns.assignment")
def _assignment(user, assignment) -> bool:
    return is_influencer(user) and assignment.user_id == user.pk


@rule("campaigns.inbox")
def _inbox(user, obj) -> bool:
    return is_influencer(user)
