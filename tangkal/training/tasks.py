from django_tasks import task

from tangkal.training import services


@task()
def send_session_invitations(session_id: int) -> int:
    return services.session_send_invitation_emails(session_id=session_id)
