"""Request, approval, suspension, reinstatement, revocation and renewal of a badge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tangkal.badges import services
from tangkal.badges.crypto.status_list import StatusList as Bits
from tangkal.badges.models import Badge, StatusList
from tangkal.badges.tasks import remind_expiring_badges
from tangkal.badges.testing import issue_badge
from tangkal.badges.verification import verify
from tangkal.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def bit(status_list_id: int, index: int) -> bool:
    return Bits.decode(StatusList.objects.get(pk=status_list_id).credential["credentialSubject"]["encodedList"]).get(index)


def test_a_request_waits_for_the_coordinator_and_tells_them(actors, prerequisites_met,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        badge = services.badge_request(holder=actors.influencer, by=actors.influencer, show_accounts_publicly=True)
    assert badge.status == Badge.Status.PENDING and badge.credential is None
    assert [message.to for message in mail.outbox] == [[actors.coord_a.email]]


def test_the_coordinator_of_the_holders_agency_approves(actors, prerequisites_met,
                                                       django_capture_on_commit_callbacks):
    badge = services.badge_request(holder=actors.influencer, by=actors.influencer)
    with django_capture_on_commit_callbacks(execute=True):
        badge = services.badge_approve(badge=badge, by=actors.coord_a)
    assert badge.status == Badge.Status.ACTIVE
    assert badge.approved_by == actors.coord_a
    assert badge.valid_until - badge.valid_from == timedelta(days=365)
    assert badge.tier == "perunggu"  # 2,000 verified followers
    assert {(a.platform, a.handle) for a in badge.accounts.all()} == {("instagram", "asn_teladan"),
                                                                      ("tiktok", "asn.teladan")}
    assert verify(badge.credential).ok
    assert AuditEntry.objects.filter(action="badge.issue", object_id=str(badge.pk), actor=actors.coord_a).exists()
    assert mail.outbox[-1].to == [actors.influencer.email]
    assert "/v/" in mail.outbox[-1].body


def test_it_rejects_approval_by_another_agencys_coordinator(actors, prerequisites_met):
    badge = services.badge_request(holder=actors.influencer, by=actors.influencer)
    with pytest.raises(PermissionDenied):
        services.badge_approve(badge=badge, by=actors.coord_b)
    assert Badge.objects.get(pk=badge.pk).status == Badge.Status.PENDING


def test_auto_approval_issues_at_once(actors, prerequisites_met, settings):
    settings.BADGE_AUTO_APPROVE = True
    badge = services.badge_request(holder=actors.influencer, by=actors.influencer)
    assert badge.status == Badge.Status.ACTIVE and badge.approved_by is None


def test_unmet_prerequisites_are_explained_in_indonesian(actors, prerequisites_met):
    prerequisites_met["trained"] = False
    with pytest.raises(services.BadgeError) as excinfo:
        services.badge_request(holder=actors.influencer, by=actors.influencer)
    assert excinfo.value.code == "prerequisites_not_met"
    assert "pelatihan wajib" in excinfo.value.message
    assert not Badge.objects.exists()


def test_a_second_request_is_refused(actors, prerequisites_met):
    services.badge_request(holder=actors.influencer, by=actors.influencer)
    with pytest.raises(services.BadgeError, match="sudah memiliki lencana"):
        services.badge_request(holder=actors.influencer, by=actors.influencer)


def test_suspension_and_reinstatement_flip_the_suspension_bit(actors, django_capture_on_commit_callbacks):
    badge = issue_badge(actors.influencer)
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_suspend(badge=badge, by=actors.admin, reason="Diduga kampanye politik")
    badge.refresh_from_db()
    assert badge.status == Badge.Status.SUSPENDED
    assert bit(badge.suspension_list_id, badge.suspension_index) is True
    assert verify(badge.credential).get("status:suspension").code == "suspended"
    assert "ditangguhkan" in mail.outbox[-1].subject
    services.badge_reinstate(badge=badge, by=actors.admin, reason="Tidak terbukti setelah klarifikasi")
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE
    assert bit(badge.suspension_list_id, badge.suspension_index) is False
    assert verify(badge.credential).ok
    actions = list(AuditEntry.objects.filter(object_id=str(badge.pk)).values_list("action", "note"))
    assert ("badge.suspend", "Diduga kampanye politik") in actions
    assert ("badge.reinstate", "Tidak terbukti setelah klarifikasi") in actions


def test_revocation_is_final_and_audited(actors):
    badge = issue_badge(actors.influencer)
    services.badge_revoke(badge=badge, by=actors.admin, reason="Terbukti menyebarkan hoaks")
    badge.refresh_from_db()
    assert badge.status == Badge.Status.REVOKED
    assert bit(badge.revocation_list_id, badge.revocation_index) is True
    entry = AuditEntry.objects.get(action="badge.revoke")
    assert entry.before["status"] == "active" and entry.after["status"] == "revoked"
    with pytest.raises(services.BadgeError) as excinfo:
        services.badge_reinstate(badge=badge, by=actors.admin, reason="coba pulihkan")
    assert excinfo.value.code == "wrong_status"


def test_only_programme_admins_moderate(actors):
    badge = issue_badge(actors.influencer)
    for actor in (actors.coord_a, actors.coord_b, actors.verifier, actors.influencer):
        with pytest.raises(PermissionDenied):
            services.badge_suspend(badge=badge, by=actor, reason="tidak berhak")


def test_only_the_holder_withdraws_their_own_badge_and_is_not_notified(actors, django_capture_on_commit_callbacks):
    badge = issue_badge(actors.influencer)
    for actor in (actors.admin, actors.coord_a, actors.verifier):
        with pytest.raises(PermissionDenied):
            services.badge_withdraw_by_holder(badge=badge, by=actor, reason="bukan pemegangnya")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_withdraw_by_holder(badge=badge, by=actors.influencer, reason="Menghapus data saya")
    badge.refresh_from_db()
    assert badge.status == Badge.Status.REVOKED
    assert bit(badge.revocation_list_id, badge.revocation_index) is True
    assert AuditEntry.objects.filter(action="badge.revoke", actor=actors.influencer).exists()
    assert len(mail.outbox) == sent


def test_a_reason_is_required(actors):
    badge = issue_badge(actors.influencer)
    with pytest.raises(services.BadgeError, match="alasan"):
        services.badge_revoke(badge=badge, by=actors.admin, reason=" ")


def test_renewal_rechecks_followers_and_supersedes_the_old_credential(actors, prerequisites_met):
    old = issue_badge(actors.influencer)
    prerequisites_met["accounts"] = [("instagram", "asn_teladan", 15000)]
    new = services.badge_renew(badge=old, by=actors.influencer)
    old.refresh_from_db()
    assert old.status == Badge.Status.SUPERSEDED and new.replaces == old
    assert new.tier == "perak"
    assert verify(new.credential).ok
    # The superseded copy can no longer be passed off as valid.
    assert verify(old.credential).get("status:revocation").code == "revoked"


def test_renewal_fails_when_followers_dropped(actors, prerequisites_met):
    old = issue_badge(actors.influencer)
    prerequisites_met["eligible"] = False
    with pytest.raises(services.BadgeError):
        services.badge_renew(badge=old, by=actors.influencer)
    old.refresh_from_db()
    assert old.status == Badge.Status.ACTIVE


def test_a_transfer_reissues_for_the_new_agency_without_rechecking_or_extending(actors, prerequisites_met,
                                                                              django_capture_on_commit_callbacks):
    old = issue_badge(actors.influencer, accounts=(("instagram", "asn_teladan", 2500),))
    prerequisites_met["eligible"] = False  # followers dropped since: a move is not a renewal, so no re-check
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.badge_transfer_agency(holder=actors.influencer, to_agency=actors.agency_b, by=actors.coord_a,
                                               reason="SK mutasi 800/1")
    old.refresh_from_db()
    new = moved.badge
    assert moved.outcome == "reissued" and new.replaces == old and new.agency == actors.agency_b
    assert old.status == Badge.Status.SUPERSEDED and "mutasi" in old.status_reason
    assert new.valid_until == old.valid_until and new.tier == old.tier
    assert {(a.platform, a.handle, a.followers) for a in new.accounts.all()} == {("instagram", "asn_teladan", 2500)}
    assert verify(new.credential).ok
    assert verify(old.credential).get("status:revocation").code == "revoked"
    assert [message.to for message in mail.outbox] == [[actors.influencer.email]]  # the new page, to the holder
    assert AuditEntry.objects.filter(action="badge.supersede", object_id=str(old.pk), note="SK mutasi 800/1").exists()


def test_a_suspended_badge_stays_suspended_when_reissued_for_the_new_agency(actors):
    old = issue_badge(actors.influencer)
    services.badge_suspend(badge=old, by=actors.admin, reason="Diduga kampanye politik")
    mail.outbox.clear()
    moved = services.badge_transfer_agency(holder=actors.influencer, to_agency=actors.agency_b, by=actors.admin,
                                           reason="SK mutasi 800/2")
    new = moved.badge
    assert new.status == Badge.Status.SUSPENDED and new.status_reason == "Diduga kampanye politik"
    assert new.agency == actors.agency_b
    assert verify(new.credential).get("status:suspension").code == "suspended"
    assert mail.outbox == []


def test_a_pending_request_is_readdressed_to_the_new_agency(actors, django_capture_on_commit_callbacks):
    pending = Badge.objects.create(holder=actors.influencer, agency=actors.agency_a)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.badge_transfer_agency(holder=actors.influencer, to_agency=actors.agency_b, by=actors.coord_a,
                                               reason="SK mutasi 800/3")
    assert moved == services.AgencyMove("moved", pending)
    pending.refresh_from_db()
    assert pending.agency == actors.agency_b and pending.status == Badge.Status.PENDING
    assert [message.to for message in mail.outbox] == [[actors.coord_b.email]]


def test_expiry_reminders_go_out_once_thirty_days_ahead(actors):
    badge = issue_badge(actors.influencer)
    later = issue_badge(actors.coord_a.__class__.objects.create_user("asn2@a.go.id", "x", role="influencer",
                                                                     agency=actors.agency_a))
    Badge.objects.filter(pk=badge.pk).update(valid_until=timezone.now() + timedelta(days=20))
    mail.outbox.clear()
    remind_expiring_badges.enqueue()
    remind_expiring_badges.enqueue()
    assert [message.to for message in mail.outbox] == [[actors.influencer.email]]
    assert "Perbarui" in mail.outbox[0].subject or "perbarui" in mail.outbox[0].subject
    assert Badge.objects.get(pk=later.pk).reminder_sent_at is None
