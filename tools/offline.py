"""`make offline`: build the site as a zip that works opened from disk.

Builds with Material's offline plugin on, adds a README, and
writes dist/co-production-kb-offline.zip with everything in one folder.
Set SITE_URL as for a normal deploy, so the README, printed QR codes and
link previews point at the public site (the Pages workflow does, and then
`make build` publishes the zip at /downloads/).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "co-production-kb"
DEFAULT_OUTPUT = ROOT / "dist/co-production-kb-offline.zip"


def needed_offline(relative: Path) -> bool:
    """Leave out what a copy on disk never uses: source maps, search
    stemmers for other languages (the site is in English), server headers
    sitemaps, the error page a server shows for a missing address and the
    search index as JSON (the copy loads it as a script)."""
    parts = relative.parts
    return not (
        relative.suffix == ".map"
        or parts[:3] == ("assets", "javascripts", "lunr")
        # search_index.json: pages from disk load search_index.js, the same index as a script.
        or relative.as_posix() in {"_headers", "sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json"}
    )


README = """\
Co-production in mental health: offline copy
============================================

This folder is the whole website, to use with no internet connection, for
example from a USB stick in a training room.

How to open it
--------------
1. Unzip the file first (on Windows: right-click, "Extract all"). The site
   does not work from inside the zip.
2. Open the folder "{folder}" and double-click "index.html". It opens in
   your web browser.
3. Use the menu, the links and the search box as on the website.

Nothing is loaded from the internet: every page, picture and script is in
this folder, and search works too. Tested in Chromium (the browser behind
Google Chrome and Microsoft Edge).

Good to know
------------
- Keep the folder together: pages link to each other by their place in it.
- Printing works as on the website: each page prints as a handout with a QR
  code that leads to the page online.
- This copy was made on {date}. {newer}
"""

# The last line of the README: the website's address, or, for a copy made
# without SITE_URL (on a laptop, for a trial), no made-up address.
NEWER_AT = "The website may have changed since, and\n  has the newest copy: {site_url}trainers/#offline"
NEWER_UNKNOWN = (
    "It was made without the website's address\n  (SITE_URL), so ask whoever gave it to you for a newer one."
)


def readme(date: str, site_url: str) -> str:
    """The README.txt inside the zip."""
    newer = NEWER_AT.format(site_url=site_url.rstrip("/") + "/") if site_url else NEWER_UNKNOWN
    return README.format(folder=FOLDER, date=date, newer=newer)


def build(project: Path, output: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="kb-offline-") as temporary:
        site = Path(temporary) / FOLDER
        subprocess.run(
            [sys.executable, "-m", "mkdocs_knowledge_base.build", "--offline", "--quiet", "--site-dir", str(site)],
            cwd=project,
            env=env,
            check=True,
        )
        date = subprocess.run(["date", "+%-d %B %Y"], capture_output=True, text=True).stdout.strip()
        (site / "README.txt").write_text(readme(date, env.get("SITE_URL", "")), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file() and needed_offline(path.relative_to(site)):
                    archive.write(path, Path(FOLDER) / path.relative_to(site))
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    try:
        output = build(args.project, args.output)
    except subprocess.CalledProcessError:
        print("the offline build failed (see the messages above)", file=sys.stderr)
        return 1
    with zipfile.ZipFile(output) as archive:
        files = len(archive.namelist())
    print(f"wrote {output} ({output.stat().st_size / 1024:.0f} KB, {files} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
