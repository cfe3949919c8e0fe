"""The tags that make a pasted link show a proper preview (Open Graph,
read by Teams, Slack, LinkedIn and others, and Twitter cards)."""

from __future__ import annotations

import html

PREVIEW_IMAGE = "assets/images/link-preview.png"  # 1200 x 630, made once and committed
PREVIEW_IMAGE_ALT = "Co-production in mental health: a guide in plain English, with case studies from England"
DESCRIPTION_LIMIT = 200


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut text at a word boundary so previews do not end mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def preview_tags(
    *, title: str, description: str, address: str, site_url: str, site_name: str, kind: str = "article"
) -> str:
    """Meta tags for one page, from plain (unescaped) text. Every value is
    escaped here, so contributor text cannot leave its attribute."""

    def clean(value: str) -> str:
        return html.escape(" ".join(value.split()), quote=True)

    tags = [
        ("property", "og:type", kind),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:description", shorten(description)),
        ("property", "og:locale", "en_GB"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", shorten(description)),
    ]
    if address:
        tags.insert(2, ("property", "og:url", address))
    if site_url:
        image = site_url.rstrip("/") + "/" + PREVIEW_IMAGE
        tags += [
            ("property", "og:image", image),
            ("property", "og:image:width", "1200"),
            ("property", "og:image:height", "630"),
            ("property", "og:image:alt", PREVIEW_IMAGE_ALT),
            ("name", "twitter:image", image),
            ("name", "twitter:image:alt", PREVIEW_IMAGE_ALT),
        ]
    return "\n".join(f'<meta {attribute}="{name}" content="{clean(value)}">' for attribute, name, value in tags)
