"""Who may reach each of this app's routes; the access test walks every route against this list."""

from __future__ import annotations

from tangkal.core.access import ADMIN_VERIFIER, EVERYONE, NOBODY, SIGNED_IN, Route

DESK = frozenset({"admin", "verifier", "coord_a", "coord_b"})
# A claim routed to agency A: coordinator B must not see it.
DESK_A = frozenset({"admin", "verifier", "coord_a"})


def build(world) -> None:
    from conftest import make_user
    from tangkal.accounts.models import Role
    from tangkal.hoaxes import publishing, services
    from tangkal.hoaxes.models import Claim, Clarification

    author = make_user("penulis-hoaks@komdigi.go.id", Role.VERIFIER)
    report = services.report_submit(text="Beredar pesan bahwa air kelapa dicampur garam menyembuhkan demam berdarah "
                                         "dalam satu malam, sebarkan ke grup keluarga.", platform="whatsapp")
    claim = report.claim
    Claim.objects.filter(pk=claim.pk).update(agency=world.agency_a)
    claim.refresh_from_db()
    other = services.report_submit(text="Pesan berantai: pendaftaran bantuan tunai lewat tautan bit.ly palsu "
                                        "meminta nomor PIN rekening bank anda segera.", platform="facebook")
    data = {"verdict": "HOAKS", "headline": "Air kelapa dan garam tidak menyembuhkan demam berdarah",
            "summary": "Tidak ada bukti medis.", "topic": "kesehatan"}
    published = publishing.clarification_create(by=author, claim=claim, data=data)
    publishing.clarification_submit(clarification=published, by=author)
    published = publishing.clarification_approve(clarification=published, by=make_user(
        "penyetuju-hoaks@komdigi.go.id", Role.VERIFIER))
    review = publishing.clarification_create(by=author, claim=claim, data={**data, "headline": "Draf kedua"})
    publishing.clarification_submit(clarification=review, by=author)
    draft = publishing.clarification_create(by=author, claim=claim, data={**data, "headline": "Draf ketiga"})
    world.hoax_report = report
    world.hoax_claim = claim
    world.hoax_other_claim = other.claim
    world.hoax_published = published
    world.hoax_review = Clarification.objects.get(pk=review.pk)
    world.hoax_draft = draft


def _claim(w):
    return {"public_id": w.hoax_claim.public_id}


def _review(w):
    return {"public_id": w.hoax_review.public_id}


def _draft(w):
    return {"public_id": w.hoax_draft.public_id}


ROUTES = [
    # Public
    Route("hoaxes:report", EVERYONE),
    Route("hoaxes:report", EVERYONE, method="POST", label="invalid",
          data=lambda w: {"text": "", "platform": "whatsapp", "reach": "0"}),
    Route("hoaxes:report_thanks", EVERYONE),
    Route("hoaxes:track_lookup", EVERYONE),
    Route("hoaxes:track", EVERYONE, kwargs=lambda w: {"code": w.hoax_report.tracking_code}),
    Route("hoaxes:track_contact_delete", EVERYONE, method="POST",
          kwargs=lambda w: {"code": w.hoax_report.tracking_code}),
    Route("hoaxes:my_reports", SIGNED_IN),
    Route("hoaxes:public_list", EVERYONE),
    Route("hoaxes:public_detail", EVERYONE, kwargs=lambda w: {"slug": w.hoax_published.slug}),
    Route("hoaxes:public_image", NOBODY, kwargs=lambda w: {"public_id": w.hoax_claim.public_id},
          label="unknown image"),
    Route("hoaxes:rss", EVERYONE),
    Route("hoaxes:atom", EVERYONE),
    Route("hoaxes:open_data", EVERYONE),
    Route("hoaxes:open_data_jsonl", EVERYONE),
    Route("hoaxes:open_data_csv", EVERYONE),
    # No secret token configured (or a wrong one): refused for everyone.
    Route("hoaxes:telegram_webhook", NOBODY, method="POST", content_type="application/json",
          data=lambda w: {"update_id": 1, "message": {"message_id": 1, "chat": {"id": 5}, "text": "hoaks"}}),
    # Desk
    Route("hoaxes:desk", DESK),
    Route("hoaxes:metrics", ADMIN_VERIFIER),
    Route("hoaxes:claim", DESK_A, kwargs=_claim),
    Route("hoaxes:claim_triage", ADMIN_VERIFIER, method="POST", kwargs=_claim,
          data=lambda w: {"title": "Air kelapa dan demam berdarah", "status": "in_progress", "topic": "kesehatan"}),
    Route("hoaxes:claim_note", DESK_A, method="POST", kwargs=_claim, data=lambda w: {"text": "Cek ke Dinkes"}),
    Route("hoaxes:claim_merge", ADMIN_VERIFIER, method="POST",
          kwargs=lambda w: {"public_id": w.hoax_other_claim.public_id},
          data=lambda w: {"target": "tidak-ada"}),
    Route("hoaxes:claim_split", ADMIN_VERIFIER, method="POST", kwargs=_claim, data=lambda w: {"reports": []}),
    Route("hoaxes:report_image", NOBODY, kwargs=_claim, label="unknown image"),
    Route("hoaxes:clarification_create", ADMIN_VERIFIER, kwargs=_claim),
    Route("hoaxes:clarifications", ADMIN_VERIFIER),
    Route("hoaxes:clarification", DESK_A, kwargs=_review),
    Route("hoaxes:clarification_edit", ADMIN_VERIFIER, kwargs=_draft),
    Route("hoaxes:clarification_image", ADMIN_VERIFIER, method="POST", kwargs=_draft, data=lambda w: {}),
    Route("hoaxes:clarification_image_delete", NOBODY, method="POST", kwargs=_draft, label="unknown image"),
    Route("hoaxes:clarification_submit", ADMIN_VERIFIER, method="POST", kwargs=_draft),
    Route("hoaxes:clarification_return", ADMIN_VERIFIER, method="POST", kwargs=_draft),
    Route("hoaxes:clarification_approve", ADMIN_VERIFIER, method="POST", kwargs=_review),
    Route("hoaxes:clarification_withdraw", ADMIN_VERIFIER, method="POST", kwargs=_draft,
          data=lambda w: {"reason": "Uji"}),
    # API
    Route("api-1:hoax_report_submit", EVERYONE, method="POST", content_type="application/json",
          data=lambda w: {"text": "Pesan berantai tentang vaksin palsu di sekolah dasar wilayah timur"}),
    Route("api-1:hoax_report_status", EVERYONE, kwargs=lambda w: {"code": w.hoax_report.tracking_code}),
    Route("api-1:hoax_claims", DESK),
    Route("api-1:hoax_claim", DESK_A, kwargs=_claim),
    Route("api-1:hoax_clarifications", EVERYONE),
    Route("api-1:hoax_clarification", EVERYONE, kwargs=lambda w: {"slug": w.hoax_published.slug}),
]
