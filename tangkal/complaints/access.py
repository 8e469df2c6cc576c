"""Who may reach each of this app's routes; the access test walks every route against this list."""

from tangkal.core.access import ADMIN, EVERYONE, Route


def build(world) -> None:
    from tangkal.badges.access import build as build_badges
    from tangkal.complaints.models import Complaint

    build_badges(world)  # the complaint is about the badge holder of agency A
    world.complaint = Complaint.objects.create(badge=world.badge_active, category=Complaint.Category.OTHER,
                                               description="Uraian pengaduan untuk uji akses.")


ROUTES = [
    Route("complaints:new", EVERYONE, kwargs=lambda w: {"public_id": w.badge_active.public_id}),
    Route("complaints:new", EVERYONE, method="POST", label="submit",
          kwargs=lambda w: {"public_id": w.badge_active.public_id},
          data=lambda w: {"category": "other", "description": "Uraian pengaduan yang cukup panjang untuk uji."}),
    Route("complaints:queue", ADMIN),
    Route("complaints:detail", ADMIN, kwargs=lambda w: {"public_id": w.complaint.public_id}),
    Route("complaints:decide", ADMIN, method="POST", kwargs=lambda w: {"public_id": w.complaint.public_id},
          data=lambda w: {"decision": "dismiss", "note": "Tidak terbukti."}),
]
