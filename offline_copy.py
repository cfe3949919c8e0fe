"""MkDocs hooks for the offline copy (`make offline` turns Material's
offline plugin on with OFFLINE=true). A file of its own because
mkdocs-macros also calls a function named on_post_build in macros.py.

Material's offline plugin inlines the search index so search works from
disk, and adds the iframe-worker shim from a CDN; these hooks load our own
copy of the shim instead (nothing is fetched), keep the usual folder
addresses, and point every link at a file (knowledge_base/offline.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from knowledge_base import offline  # noqa: E402

IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    if _offline(config):
        # The plugin switches to about.html-style pages; keep about/index.html,
        # so the copy has the same addresses (and redirects) as the site.
        config.use_directory_urls = True
        polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in url]
        config.extra["polyfills"] = polyfills + [IFRAME_WORKER_SHIM]
    return config


def on_post_build(config):
    # Runs before the offline plugin's own on_post_build (priority -100),
    # which copies the rewritten search index into search_index.js.
    if _offline(config):
        offline.adapt_site(Path(config["site_dir"]))
