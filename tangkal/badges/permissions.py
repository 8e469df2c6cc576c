from tangkal.core.permissions import is_admin, is_coordinator, is_influencer, rule, same_agency


@rule("badges.request")
def _request(user, holder) -> bool:
    return is_influencer(user) and (holder is None or holder.pk == user.pk)


@rule("badges.view_own")
def _view_own(user, badge) -> bool:
    return is_influencer(user) and (badge is None or badge.holder_id == user.pk)


@rule("badges.manage_list")
def _manage_list(user, obj) -> bool:
    return is_admin(user) or is_coordinator(user)


@rule("badges.view_manage")
def _view_manage(user, badge) -> bool:
    return is_admin(user) or (is_coordinator(user) and (badge is None or same_agency(user, badge.agency_id)))


@rule("badges.approve")
def _approve(user, badge) -> bool:
    """Programme admins, and the coordinator of the holder's own agency only."""
    return is_admin(user) or (is_coordinator(user) and badge is not None and same_agency(user, badge.agency_id))


@rule("badges.moderate")
def _moderate(user, badge) -> bool:
    """Suspension, reinstatement and revocation are programme-admin decisions."""
    return is_admin(user)


@rule("badges.renew")
def _renew(user, badge) -> bool:
    return is_admin(user) or (is_influencer(user) and badge is not None and badge.holder_id == user.pk)
