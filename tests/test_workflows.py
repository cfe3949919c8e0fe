"""The GitHub workflows: actionlint finds nothing, and no pull request
(untrusted code) ever runs with write access or secrets."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"  # from requirements.txt


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run `make test` (it installs requirements.txt)")
    if shutil.which("shellcheck") is None:  # without it actionlint skips the run: scripts
        pytest.fail("actionlint needs shellcheck: apt-get install -y shellcheck (.ci/run does this)")
    return subprocess.run([str(ACTIONLINT), "-no-color", "-oneline", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_there_are_workflows_for_checks_and_publishing():
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_actionlint_finds_nothing():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github/workflows/ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text((ROOT / ".github/workflows/ci.yml").read_text().replace(
        "runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    if: ${{ github.event.pull_request.numbr > 0 }}x"))
    result = actionlint(broken)
    assert result.returncode == 1 and "ci.yml:" in result.stdout, result.stdout + result.stderr


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return {on: None} if isinstance(on, str) else {name: None for name in on} if isinstance(on, list) else on


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_untrusted_code_gets_no_write_access_or_secrets(path):
    workflow = yaml.safe_load(path.read_text())
    on = triggers(workflow)
    # These two run in the base repository's context, with its secrets.
    assert not {"pull_request_target", "workflow_run"} & set(on)
    assert workflow["permissions"] == {"contents": "read"}, "read-only by default"
    runs_pull_requests = "pull_request" in on
    for name, job in workflow["jobs"].items():
        writes = {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
        if writes:
            assert not runs_pull_requests, f"{name} can write and runs on pull requests"
            assert set(on) <= {"push", "workflow_dispatch"} and on["push"] == {"branches": ["main"]}, name
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{name}: the checkout keeps the token"
    if runs_pull_requests:
        assert "secrets." not in path.read_text()
