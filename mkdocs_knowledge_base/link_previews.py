"""Link-preview tags (Open Graph, Twitter) for a page's <head>, which
overrides/main.html writes out."""

from __future__ import annotations

from html import unescape

from knowledge_base import handout, link_preview


def tags_for(page, config) -> str:
    meta = page.meta or {}
    # Generated pages escape their front matter for Material; read it back as text.
    title = config["site_name"] if page.is_homepage else unescape(meta.get("title") or page.title or "")
    description = unescape(meta.get("description") or config["site_description"] or "")
    site_url = config["site_url"] or ""
    return link_preview.preview_tags(
        title=title,
        description=description,
        address=handout.page_address(site_url, page.url),
        site_url=site_url,
        site_name=config["site_name"],
        kind="website" if page.is_homepage else "article",
    )
