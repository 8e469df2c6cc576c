import pytest

from tangkal.core import demo as core_demo
from tangkal.influencers import demo
from tangkal.influencers.models import ASNProfile, SocialAccount
from tangkal.influencers.selectors import is_eligible

pytestmark = pytest.mark.django_db


def test_the_demo_world_has_eligible_and_ineligible_asn_and_is_idempotent():
    ctx = core_demo.build_context()
    core_demo.seed(ctx)
    demo.seed(ctx)
    count = ASNProfile.objects.count()
    assert 195 <= count <= 205
    influencer = ASNProfile.objects.get(user__email="influencer@kemkes.go.id")
    assert influencer.agency.code == "kemenkes" and is_eligible(influencer)
    assert influencer.accounts.filter(verification="verified").count() == 2
    assert ASNProfile.objects.filter(eligible=True).count() > 20
    assert ASNProfile.objects.filter(eligible=False, accounts__followers__lt=500).exists()
    assert ASNProfile.objects.values("agency").distinct().count() == len(ctx.agencies)
    accounts = SocialAccount.objects.count()
    demo.seed(core_demo.build_context())
    assert ASNProfile.objects.count() == count and SocialAccount.objects.count() == accounts
