from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import ROOT, build, copy_project, world_readable_dir  # noqa: E402


@pytest.fixture(scope="session")
def built_site():
    """The real project, built once with --strict, in a world-readable folder."""
    site = world_readable_dir("kb-site-")
    result = build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    yield site, result
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project to break on purpose."""
    return copy_project(tmp_path / "project")
