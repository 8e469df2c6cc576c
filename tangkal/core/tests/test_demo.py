import pytest
from django.core.management import call_command

from tangkal.accounts.models import Role, User


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_every_role():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = User.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert User.objects.count() == first
    roles = set(User.objects.values_list("role", flat=True))
    assert {Role.ADMIN, Role.COORDINATOR, Role.VERIFIER, Role.INFLUENCER} <= roles
    assert User.objects.filter(role=Role.COORDINATOR).values("agency").distinct().count() >= 2
