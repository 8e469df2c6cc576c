"""RSS 2.0 and Atom feeds of the desk's own published clarifications (Django's syndication framework)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from tangkal.hoaxes.models import Clarification


class ClarificationRSS(Feed):
    title = _("Klarifikasi hoaks Tangkal")
    link = reverse_lazy("hoaxes:public_list")
    description = _("Klarifikasi terbaru atas hoaks yang beredar, diperiksa oleh meja hoaks.")
    language = "id"

    def items(self):
        return (Clarification.objects.filter(status=Clarification.Status.PUBLISHED, is_external=False)
                .order_by("-published_at")[:50])

    def item_title(self, item: Clarification) -> str:
        return f"[{item.get_verdict_display()}] {item.headline}"

    def item_description(self, item: Clarification) -> str:
        return item.summary  # escaped by the feed generator: plain text, never markup

    def item_link(self, item: Clarification) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Clarification) -> str:
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Clarification):
        return item.published_at

    def item_updateddate(self, item: Clarification):
        return item.updated_at

    def item_categories(self, item: Clarification):
        return [item.get_verdict_display(), item.get_topic_display()]

    def item_author_name(self, item: Clarification) -> str:
        return settings.HOAX_PUBLISHER_NAME


class ClarificationAtom(ClarificationRSS):
    feed_type = Atom1Feed
    subtitle = ClarificationRSS.description
