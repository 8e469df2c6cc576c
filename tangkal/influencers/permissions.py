from tangkal.core.permissions import is_admin, is_coordinator, is_influencer, rule, same_agency


def _agency_id(obj):
    """The agency an enrolment object belongs to (profile, account, flag, cohort, import or agency)."""
    for path in ("agency_id", "profile.agency_id", "account.profile.agency_id"):
        current = obj
        try:
            for part in path.split("."):
                current = getattr(current, part)
        except AttributeError:
            continue
        return current
    return getattr(obj, "pk", None)


@rule("influencers.manage_roster")
def _manage_roster(user, obj) -> bool:
    """Coordinators manage their own agency's ASN; programme admins every agency's."""
    if is_admin(user):
        return True
    if not is_coordinator(user):
        return False
    return obj is None or same_agency(user, _agency_id(obj))


@rule("influencers.transfer")
def _transfer(user, profile) -> bool:
    """A transfer (mutasi) is recorded by the releasing side: programme admins for any ASN, and the
    coordinator of the agency the ASN is leaving. The receiving agency has no say here; it is told."""
    if is_admin(user):
        return True
    return is_coordinator(user) and profile is not None and same_agency(user, _agency_id(profile))


@rule("influencers.set_policy")
def _set_policy(user, obj) -> bool:
    return is_admin(user)


@rule("influencers.enrol")
def _enrol(user, obj) -> bool:
    return is_influencer(user)


@rule("influencers.own_account")
def _own_account(user, obj) -> bool:
    return is_influencer(user) and obj is not None and obj.profile.user_id == user.pk


@rule("influencers.own_data")
def _own_data(user, obj) -> bool:
    """Exporting and erasing personal data: the ASN themself only. Staff accounts are closed by an admin."""
    return is_influencer(user) and (obj is None or obj.pk == user.pk)
