"""Make docs/assets/images/link-preview.png, the picture link previews show.

Run once by hand (`.venv/bin/python tools/make_preview_image.py`) when the
site's name or colours change, and commit the result: builds never make
images, and nothing is fetched. Uses Debian's Chromium through Playwright.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs/assets/images/link-preview.png"

CARD = """<!doctype html><html lang="en"><meta charset="utf-8"><style>
body { margin: 0; width: 1200px; height: 630px; background: #3f51b5; color: #fff;
       font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { box-sizing: border-box; height: 100%; padding: 80px 90px; display: flex; flex-direction: column;
       justify-content: center; border-bottom: 36px solid #c5cae9; }
h1 { font-size: 76px; line-height: 1.1; margin: 0 0 36px; }
p { font-size: 36px; line-height: 1.35; margin: 0; max-width: 960px; }
</style><main><h1>Co-production in mental health</h1>
<p>How to share power with people who use services: a guide in plain English,
with case studies from England.</p></main></html>"""


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD)
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT))
        browser.close()
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
