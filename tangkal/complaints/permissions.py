from tangkal.core.permissions import is_admin, rule


@rule("complaints.review")
def _review(user, obj) -> bool:
    return is_admin(user)


@rule("complaints.decide")
def _decide(user, complaint) -> bool:
    return is_admin(user)
