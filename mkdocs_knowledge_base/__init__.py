"""The one join between the knowledge base and MkDocs.

knowledge_base/ loads, checks and renders the data and knows nothing of
MkDocs; this package is the MkDocs plugin (`knowledge-base` in mkdocs.yml)
that turns it into pages. To change the renderer, replace this package.

  plugin.py           the lifecycle hooks, each delegating to a module below
  config.py           the plugin's settings (mkdocs.yml), with defaults
  build.py            a build with other settings, for tools and tests
  generated_pages.py  a page per case study and term, redirects, error pages
  page_html.py        the ordered list of changes made to each page's HTML
  nav_menu.py         the menu of pages outside the navigation, once a folder
  site_files.py       files written after the build: open data, split search
  offline_copy.py     what the offline copy (make offline) changes
  material_9_8/       code that mirrors mkdocs-material 9.8.2's internals
"""
