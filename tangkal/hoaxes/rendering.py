"""Turning a clarification into public HTML and schema.org ClaimReview, safely and once per version."""

from __future__ import annotations

import json

import markdown
import nh3
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from tangkal.hoaxes.models import Clarification

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "h2", "h3", "h4", "code",
                "pre", "hr"}
# JSON inside <script> must not be able to close the element or open a comment.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def markdown_to_safe_html(text: str) -> SafeString:
    raw = markdown.markdown(text or "", extensions=[], output_format="html")
    clean = nh3.clean(raw, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow ugc")
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def plain_text(html_or_text: str) -> str:
    """Strip every tag (feed items arrive as HTML); the result is escaped again when rendered."""
    return " ".join(nh3.clean(html_or_text or "", tags=set()).split())


def json_for_script(data) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES))  # noqa: S308


def claim_review(clar: Clarification, *, site_url: str | None = None) -> dict:
    """schema.org ClaimReview for one of our own published clarifications."""
    site = (site_url or settings.SITE_URL).rstrip("/")
    publisher = {"@type": "Organization", "name": settings.HOAX_PUBLISHER_NAME, "url": site + "/"}
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site + clar.get_absolute_url(),
        "headline": clar.headline,
        "claimReviewed": clar.claim_reviewed or clar.headline,
        "datePublished": clar.published_at.date().isoformat() if clar.published_at else None,
        "dateModified": clar.updated_at.isoformat() if clar.updated_at else None,
        "inLanguage": "id",
        "author": publisher,
        "publisher": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": clar.rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": clar.get_verdict_display(),
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": [{"@type": "CreativeWork", "url": url} for url in _appearances(clar)],
            "datePublished": clar.claim.first_reported_at.date().isoformat()
            if clar.claim_id and clar.claim.first_reported_at else None,
        },
    }
    if not data["itemReviewed"]["appearance"]:
        del data["itemReviewed"]["appearance"]
    if not data["itemReviewed"]["datePublished"]:
        del data["itemReviewed"]["datePublished"]
    if clar.images.exists():
        data["image"] = [site + reverse("hoaxes:public_image", kwargs={"public_id": img.public_id})
                         for img in clar.images.all()]
    return {k: v for k, v in data.items() if v is not None}


def _appearances(clar: Clarification) -> list[str]:
    if not clar.claim_id:
        return []
    urls = clar.claim.reports.exclude(url="").values_list("url", flat=True).distinct()[:5]
    return list(urls)


def rendered(clar: Clarification) -> dict:
    """Body HTML and JSON-LD for the public page, cached per clarification version."""
    key = f"hoaxes:page:{clar.pk}:{clar.updated_at.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = {
            "body_html": str(markdown_to_safe_html(clar.body)),
            "jsonld": str(json_for_script(claim_review(clar))) if clar.is_published and not clar.is_external else "",
            "images": [{"url": reverse("hoaxes:public_image", kwargs={"public_id": img.public_id}), "alt": img.alt_text, "width": img.width, "height": img.height}
                       for img in clar.images.all()],
            "references": clar.reference_list(),
            "corrections": [{"date": c.created_at, "note": c.note} for c in clar.corrections.all()],
        }
        cache.set(key, found, settings.HOAX_PUBLIC_CACHE_SECONDS * 10)
    return {**found, "body_html": mark_safe(found["body_html"]), "jsonld": mark_safe(found["jsonld"])}  # noqa: S308
