from django_tasks import task

from tangkal.accounts import services


@task()
def send_password_reset(user_id: int, language: str) -> bool:
    return services.password_reset_email_send(user_id=user_id, language=language)
