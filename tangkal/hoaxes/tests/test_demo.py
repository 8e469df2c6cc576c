import pytest

from tangkal.core.demo import build_context
from tangkal.core.demo import seed as core_seed
from tangkal.hoaxes import demo
from tangkal.hoaxes.models import Claim, Clarification, FeedSource, Report

pytestmark = pytest.mark.django_db


def test_demo_clusters_reports_publishes_clarifications_and_is_idempotent():
    ctx = build_context()
    core_seed(ctx)
    demo.seed(ctx)
    assert Report.objects.count() == 12
    assert Claim.objects.count() == 4
    assert Clarification.objects.filter(status="published").count() == 3
    assert FeedSource.objects.count() == 1
    demo.seed(ctx)
    assert Report.objects.count() == 12
