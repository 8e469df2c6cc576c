"""The holder's page and the coordinators' queue, through the browser views."""

from __future__ import annotations

import pytest

from tangkal.badges.models import Badge
from tangkal.badges.testing import issue_badge

pytestmark = pytest.mark.django_db


def test_an_asn_requests_and_the_coordinator_approves(actors, client_for, prerequisites_met):
    asn = client_for("influencer")
    html = asn.get("/lencana/saya/").content.decode()
    assert "Ajukan lencana" in html
    asn.post("/lencana/saya/ajukan/", {"show_accounts_publicly": "on"})
    badge = Badge.objects.get(holder=actors.influencer)
    assert badge.status == Badge.Status.PENDING and badge.show_accounts_publicly
    assert "MENUNGGU PERSETUJUAN" in asn.get("/lencana/saya/").content.decode()

    coordinator = client_for("coord_a")
    assert actors.influencer.full_name in coordinator.get("/lencana/kelola/").content.decode()
    response = coordinator.post(f"/lencana/kelola/{badge.public_id}/setujui/")
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE
    html = asn.get("/lencana/saya/").content.decode()
    assert f"/b/{badge.short_code}" in html  # the "link in bio"


def test_unmet_prerequisites_show_what_is_missing(client_for, prerequisites_met):
    prerequisites_met["eligible"] = False
    html = client_for("influencer").get("/lencana/saya/").content.decode()
    assert "Pengikut belum memenuhi syarat." in html
    assert "Ajukan lencana" not in html


def test_another_agencys_coordinator_sees_nothing(actors, client_for):
    badge = Badge.objects.create(holder=actors.influencer, agency=actors.agency_a)
    coordinator_b = client_for("coord_b")
    assert actors.influencer.full_name not in coordinator_b.get("/lencana/kelola/").content.decode()
    assert coordinator_b.get(f"/lencana/kelola/{badge.public_id}/").status_code == 404
    assert coordinator_b.post(f"/lencana/kelola/{badge.public_id}/setujui/").status_code == 404


def test_an_admin_suspends_with_a_reason_from_the_page(actors, client_for):
    badge = issue_badge(actors.influencer)
    admin = client_for("admin")
    response = admin.post(f"/lencana/kelola/{badge.public_id}/tangguhkan/", {"reason": ""}, follow=True)
    assert "Tuliskan alasan" in response.content.decode()
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE
    admin.post(f"/lencana/kelola/{badge.public_id}/tangguhkan/", {"reason": "Diduga kampanye politik"})
    badge.refresh_from_db()
    assert badge.status == Badge.Status.SUSPENDED


def test_the_coordinator_cannot_suspend(actors, client_for):
    badge = issue_badge(actors.influencer)
    response = client_for("coord_a").post(f"/lencana/kelola/{badge.public_id}/tangguhkan/",
                                          {"reason": "Bukan wewenang koordinator"})
    assert response.status_code == 403
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE
