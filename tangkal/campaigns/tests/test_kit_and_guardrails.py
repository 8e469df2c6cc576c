from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tangkal.campaigns import kit, launch, services
from tangkal.campaigns.models import BlackoutWindow, Campaign, ProgrammeSettings, WatchWord
from tangkal.core.models import AuditEntry

LONG = ("Pemerintah memastikan bantuan sosial disalurkan langsung ke rekening penerima tanpa perantara dan tanpa "
        "potongan apa pun; jika ada yang meminta biaya pencairan, itu penipuan dan harus dilaporkan ke 110. ") * 3


def test_generated_kits_fit_every_platform_limit_and_carry_the_disclosure():
    texts = kit.build(kind="counter_hoax", stamp="HOAKS", headline="Bansos dipotong biaya admin", summary=LONG,
                      hashtags=["#CekFakta", "#LawanHoaks"], disclosure="#InfoASN")
    assert kit.validate(texts, disclosure="#InfoASN") == []
    assert all(len(v) == kit.VARIANTS and len(set(v)) == kit.VARIANTS for v in texts.values())
    assert all(kit.x_weight(t) <= 280 for t in texts["x"])


def test_x_counts_links_as_23_characters():
    assert kit.x_weight("a {tautan}") == 2 + 23
    assert kit.x_weight("https://contoh.go.id/" + "x" * 100) == 23


def test_a_kit_text_over_the_platform_limit_is_refused_with_a_clear_message(actors, make_campaign):
    campaign = make_campaign("draft")
    texts = dict(campaign.kit)
    texts["x"] = ["#InfoASN {tautan} " + "a" * 300] + texts["x"][1:]
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=actors.verifier, kit=texts)
    assert "Teks X variasi 1 terlalu panjang" in str(error.value)
    campaign.refresh_from_db()
    assert len(campaign.kit["x"][0]) < 300


def test_a_kit_text_without_the_disclosure_or_link_is_refused(actors, make_campaign):
    campaign = make_campaign("draft")
    texts = dict(campaign.kit)
    texts["whatsapp"] = ["Teks tanpa tanda"] + texts["whatsapp"][1:]
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, by=actors.verifier, kit=texts)
    assert "#InfoASN" in str(error.value) and "{tautan}" in str(error.value)


def test_the_disclosure_chosen_by_the_admin_is_in_every_text(actors, make_campaign):
    services.programme_settings_update(by=actors.admin, disclosure="#ASNBerbagiFakta")
    campaign = make_campaign("draft")
    assert campaign.disclosure == "#ASNBerbagiFakta"
    assert all("#ASNBerbagiFakta" in t for texts in campaign.kit.values() for t in texts)
    assert ProgrammeSettings.current().disclosure == "#ASNBerbagiFakta"


def test_editing_an_approved_campaign_sends_it_back_to_draft(actors, make_campaign):
    campaign = make_campaign("pending_approval")
    services.campaign_update(campaign=campaign, by=actors.verifier, headline="Judul baru")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_launching_inside_a_blackout_window_needs_an_audited_admin_override(actors, make_campaign,
                                                                          influencer_factory):
    influencer_factory()
    now = timezone.now()
    services.blackout_create(by=actors.admin, name="Pilkada 2026", starts_at=now - timedelta(days=1),
                             ends_at=now + timedelta(days=1))
    campaign = make_campaign("approved")
    with pytest.raises(ValidationError, match="Pilkada 2026"):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    assert not campaign.assignments.exists()
    with pytest.raises(Exception):  # noqa: B017,PT011 - only programme admins may override
        services.campaign_override(campaign=campaign, by=actors.verifier, reason="Informasi bencana mendesak")
    services.campaign_override(campaign=campaign, by=actors.admin, reason="Informasi bencana mendesak")
    launch.campaign_launch(campaign=campaign, by=actors.verifier)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    entry = AuditEntry.objects.get(action="campaign.override")
    assert entry.actor == actors.admin and "bencana" in entry.note


def test_a_watch_word_in_the_kit_needs_an_override(actors, make_campaign, influencer_factory):
    influencer_factory()
    services.watch_word_add(by=actors.admin, word="Partai Contoh")
    campaign = make_campaign("approved", summary="Partai Contoh mendukung program ini. Daftar di situs resmi.")
    with pytest.raises(ValidationError, match="partai contoh"):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    assert WatchWord.objects.count() == 1


def test_an_override_does_not_cover_a_new_window(actors, make_campaign):
    now = timezone.now()
    services.watch_word_add(by=actors.admin, word="kampanye politik")
    campaign = make_campaign("approved", summary="Bukan kampanye politik; informasi vaksin gratis untuk semua.")
    services.campaign_override(campaign=campaign, by=actors.admin, reason="Kalimat ini justru menegaskan netral")
    BlackoutWindow.objects.create(name="Pemilu", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    with pytest.raises(ValidationError, match="Pemilu"):
        launch.campaign_launch(campaign=campaign, by=actors.admin)


def test_every_state_change_is_audited(actors, make_campaign, influencer_factory):
    influencer_factory()
    campaign = make_campaign("launched")
    actions = set(AuditEntry.objects.filter(object_id=str(campaign.pk), object_type="campaigns.campaign")
                  .values_list("action", flat=True))
    assert {"campaign.create", "campaign.submit", "campaign.approve", "campaign.launch"} <= actions


def test_the_launch_button_twice_in_the_browser_launches_once(actors, make_campaign, influencer_factory, client_for,
                                                             django_capture_on_commit_callbacks):
    influencer_factory()
    campaign = make_campaign("approved", by=actors.coord_a)
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/kampanye/{campaign.public_id}/luncurkan/", follow=True)
        second = client.post(f"/kampanye/{campaign.public_id}/luncurkan/", follow=True)
    assert "Diluncurkan ke 1 influencer" in first.content.decode()
    assert "sudah diluncurkan" in second.content.decode()
    assert campaign.assignments.count() == 1


def test_a_coordinator_sees_only_their_agencys_part_of_a_national_campaign(actors, make_campaign,
                                                                          influencer_factory, client_for):
    influencer_factory(actors.agency_a)
    influencer_factory(actors.agency_b)
    campaign = make_campaign("launched")
    html_a = client_for("coord_a").get(f"/kampanye/{campaign.public_id}/dasbor/").content.decode()
    assert "Instansi Uji A" in html_a and "Instansi Uji B" not in html_a
    html_admin = client_for("admin").get(f"/kampanye/{campaign.public_id}/dasbor/").content.decode()
    assert "Instansi Uji B" in html_admin


def test_coord_b_cannot_see_agency_a_campaigns(actors, make_campaign, client_for):
    campaign = make_campaign("launched", by=actors.coord_a, approver=actors.admin)
    assert client_for("coord_b").get(f"/kampanye/{campaign.public_id}/").status_code == 404
    assert client_for("coord_b").get(f"/kampanye/{campaign.public_id}/dasbor/").status_code == 404
    assert campaign.headline not in client_for("coord_b").get("/kampanye/").content.decode()


def test_the_published_clarification_page_offers_to_build_a_campaign(actors, clarification, client_for):
    body = client_for("verifier").get(f"/meja-hoaks/klarifikasi/{clarification.public_id}/").content.decode()
    assert f"/kampanye/baru/?klarifikasi={clarification.public_id}" in body
