from tangkal.core.permissions import is_admin, is_coordinator, rule


@rule("reports.view")
def _view(user, agency) -> bool:
    """Admins see every agency; a coordinator only their own (agency None means national)."""
    if is_admin(user):
        return True
    return is_coordinator(user) and agency is not None and agency.pk == user.agency_id


@rule("reports.manage")
def _manage(user, obj) -> bool:
    return is_admin(user)
