from tangkal.core.permissions import is_admin, is_coordinator, is_influencer, rule, same_agency


@rule("training.learn")
def _learn(user, obj) -> bool:
    # Staff may take the training too, to know what their ASN learn.
    return bool(user.is_authenticated)


@rule("training.sessions")
def _sessions(user, obj) -> bool:
    return is_admin(user) or is_coordinator(user)


@rule("training.session_manage")
def _session_manage(user, session) -> bool:
    return is_admin(user) or (is_coordinator(user) and session is not None and same_agency(user, session.agency_id))


@rule("training.view_progress")
def _view_progress(user, obj) -> bool:
    return is_admin(user) or is_coordinator(user)


@rule("training.checkin")
def _checkin(user, obj) -> bool:
    return is_influencer(user)


@rule("training.certificate_download")
def _certificate_download(user, certificate) -> bool:
    if certificate is None or not user.is_authenticated:
        return False
    if certificate.user_id == user.pk or is_admin(user):
        return True
    return is_coordinator(user) and same_agency(user, certificate.user.agency_id)
