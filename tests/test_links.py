"""linkchecker finds no broken internal link or anchor in the built site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SiteServer, world_readable_dir

CONFIG = """\
[checking]
threads=10
maxrequestspersecond=1000
[AnchorCheck]
"""


@pytest.mark.slow  # linkchecker takes about two minutes on this site
def test_no_broken_links_or_anchors(built_site):
    site, _ = built_site
    # A folder of its own: linkchecker (dropping to nobody) must read the file,
    # and two test runs at once must not delete each other's copy.
    folder = world_readable_dir("kb-linkcheckerrc-")
    config = folder / "linkcheckerrc"
    config.write_text(CONFIG)
    config.chmod(0o644)
    linkchecker = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or "linkchecker"
    try:
        with SiteServer(site) as server:
            result = subprocess.run(
                [linkchecker, "--config", str(config), "--no-status", "-o", "text", server.url],
                capture_output=True,
                text=True,
                timeout=600,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary = [line for line in result.stdout.splitlines() if line.startswith("That's it.")]
    assert summary, result.stdout + result.stderr
    assert "0 warnings found. 0 errors found." in summary[0], result.stdout
    assert result.returncode == 0
