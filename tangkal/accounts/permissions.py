from tangkal.core.permissions import is_staff_role, rule


@rule("api.token.manage")
def _manage_tokens(user, token) -> bool:
    if not is_staff_role(user):
        return False
    return token is None or token.user_id == user.pk
