from django_tasks import task

from tangkal.accounts import services


@task()
def send_password_reset(user_id: int, language: str) -> bool:
    return services.password_reset_email_send(user_id=user_id, language=language)


@task()
def send_email_change_link(user_id: int, old_email: str, new_email: str, language: str) -> bool:
    return services.email_change_link_send(user_id=user_id, old_email=old_email, new_email=new_email,
                                           language=language)


@task()
def send_email_change_notice(user_id: int, old_email: str, new_email: str, language: str) -> bool:
    return services.email_change_notice_send(user_id=user_id, old_email=old_email, new_email=new_email,
                                             language=language)
