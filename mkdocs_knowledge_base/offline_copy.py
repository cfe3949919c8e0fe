"""What the offline copy (`make offline`, Material's offline plugin turned
on) changes. Material's plugin inlines the search index so search works
from disk, switches to about.html-style addresses and adds the
iframe-worker shim from a CDN. We keep the usual folder addresses (so the
copy has the same addresses, and redirects, as the site), load our own
copy of the shim (nothing is fetched), and point every link at a file
(knowledge_base/offline.py)."""

from __future__ import annotations

from pathlib import Path

from knowledge_base import offline

IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def is_on(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def keep_folder_addresses_and_local_shim(config) -> None:
    config.use_directory_urls = True
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in url]
    config.extra["polyfills"] = polyfills + [IFRAME_WORKER_SHIM]


def links_to_files(site_dir: Path) -> None:
    offline.adapt_site(site_dir)
