"""The GitHub workflows: actionlint finds nothing, no pull request
(untrusted code) ever runs with write access or secrets, and each installs
only what it needs. tools/setup-system.sh, which CI and make test run first,
passes shellcheck and names exactly what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"  # from requirements-dev.txt
SETUP = ROOT / "tools/setup-system.sh"


def need_shellcheck() -> None:
    """Without shellcheck, fail with tools/setup-system.sh's one line (the
    command to run), not a traceback."""
    if shutil.which("shellcheck") is None:
        said = subprocess.run(["/bin/sh", str(SETUP), "--check"], capture_output=True, text=True).stderr.strip()
        pytest.fail(said or "shellcheck is missing: run tools/setup-system.sh", pytrace=False)


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run `make test` (it installs requirements-dev.txt)", pytrace=False)
    need_shellcheck()  # without it actionlint skips the run: scripts
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_there_are_workflows_for_checks_and_publishing():
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_actionlint_finds_nothing():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github/workflows/ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        (ROOT / ".github/workflows/ci.yml")
        .read_text()
        .replace(
            "runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    if: ${{ github.event.pull_request.numbr > 0 }}x"
        )
    )
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


def make_dry_run(target: str) -> str:
    """The commands `make target` would run from scratch (-B), without running them."""
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_the_deploy_installs_only_what_building_needs():
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    runs = " ".join(step.get("run", "") for step in pages["jobs"]["build"]["steps"])
    assert "make build" in runs and "make test" not in runs and "requirements-dev" not in runs
    build = make_dry_run("build")
    assert "-r requirements.txt" in build and "--no-deps -e ." in build
    assert "requirements-dev.txt" not in build and "ruff" not in build


def test_ci_installs_the_system_tools_then_the_test_tools():
    assert "tools/setup-system.sh" in (ROOT / ".ci/run").read_text()
    test = make_dry_run("test").splitlines()

    def first(words: str) -> int:
        return next(i for i, line in enumerate(test) if words in line)

    assert first("setup-system.sh") < first("-r requirements-dev.txt") < first("ruff check") < first("pytest")
    assert first("ruff format --check") < first("node --test")


def test_the_setup_scripts_pass_shellcheck():
    need_shellcheck()
    result = subprocess.run(["shellcheck", str(SETUP), str(ROOT / ".ci/run")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def run_setup(tmp_path, *args: str, tools: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """tools/setup-system.sh with a PATH holding only `tools` (and id), so
    shellcheck, node and pdftoppm all look missing."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "id").symlink_to(shutil.which("id"))
    for tool in tools:
        (bin_dir / tool).write_text('#!/bin/sh\necho "$0 $*" >> ' + str(tmp_path / "calls") + "\n")
        (bin_dir / tool).chmod(0o755)
    return subprocess.run(["/bin/sh", str(SETUP), *args], env={"PATH": str(bin_dir)}, capture_output=True, text=True)


def test_setup_names_the_exact_command_in_one_line(tmp_path):
    result = run_setup(tmp_path, "--check", tools=("apt-get",))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert "sudo apt-get install -y " in lines[0]
    for package in ("poppler-utils", "shellcheck", "nodejs"):
        assert package in lines[0]
    assert not (tmp_path / "calls").exists(), "--check must install nothing"


def test_setup_without_apt_get_says_what_to_install(tmp_path):
    result = run_setup(tmp_path)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "shellcheck" in result.stderr and "package manager" in result.stderr


def test_setup_installs_what_is_missing_as_root_with_apt_get(tmp_path):
    result = run_setup(tmp_path, tools=("apt-get",))
    if os.geteuid() != 0:  # not root: it must say, not try
        assert result.returncode == 1 and "sudo apt-get" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[0].endswith("apt-get update -qq")
    assert "install -y" in calls[1] and all(p in calls[1] for p in ("poppler-utils", "shellcheck", "nodejs"))


def test_setup_does_nothing_when_everything_is_there():
    result = subprocess.run(["/bin/sh", str(SETUP), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, "make test's system tools are missing here: " + result.stderr
