"""The side menu of pages outside the navigation (every generated page),
rendered once per folder instead of once per page.

overrides/partials/nav.html wraps Material's menu in `kb_nav_once`. A page
outside the navigation gets the menu rendered for the first such page in
its folder: its links are relative, so they lead to the same places from
every page of the folder, and nothing in it is marked current. Pages in
the navigation render their own.
"""

from __future__ import annotations


class MenuPerFolder:
    def __init__(self):
        self._by_folder: dict[str, str] = {}

    def for_page(self, page, nav):
        outside = not any(item is page for item in nav.pages)
        folder = page.url.rstrip("/").rpartition("/")[0]

        def nav_once(caller):
            if not outside:
                return caller()
            if folder not in self._by_folder:
                self._by_folder[folder] = caller()
            return self._by_folder[folder]

        return nav_once


def render_every_time(caller):
    """For templates with no page (404.html): the menu as Material renders it."""
    return caller()
