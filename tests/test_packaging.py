"""The packaging: pyproject.toml's exact pins agree with the two lock files,
the lock files pin every package their packages need, and the installed
project declares the MkDocs plugin's entry point. Reads files and installed
metadata only: no network."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import re
import tomllib

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def lock(name: str) -> dict[str, str]:
    """A lock file as {canonical name: version}; every line must be an exact
    pin (or, in requirements-dev.txt, the one `-r requirements.txt`)."""
    pins = {}
    for number, line in enumerate((ROOT / name).read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line or line == "-r requirements.txt" and name == "requirements-dev.txt":
            continue
        match = PIN.match(line)
        assert match, f"{name}:{number}: not an exact pin: {line!r}"
        package = canonicalize_name(match[1])
        assert package not in pins, f"{name}:{number}: {match[1]} is pinned twice"
        pins[package] = match[2]
    return pins


RUNTIME, DEV_ONLY = lock("requirements.txt"), lock("requirements-dev.txt")


def pins(requirements: list[str]) -> dict[str, str]:
    result = {}
    for text in requirements:
        requirement = Requirement(text)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not an exact pin: {text}"
        result[canonicalize_name(requirement.name)] = specifiers[0].version
    return result


def test_the_dev_lock_builds_on_the_runtime_lock():
    lines = [
        line
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "-r requirements.txt"
    both = sorted(set(RUNTIME) & set(DEV_ONLY))
    assert not both, f"pinned in both lock files (keep them in requirements.txt only): {both}"


def test_runtime_dependencies_are_pinned_as_in_requirements_txt():
    wanted = pins(PYPROJECT["project"]["dependencies"])
    assert {"mkdocs", "mkdocs-material", "mkdocs-macros-plugin"} <= set(wanted)
    wrong = {name: (version, RUNTIME.get(name)) for name, version in wanted.items() if RUNTIME.get(name) != version}
    assert not wrong, f"pyproject.toml pin vs requirements.txt: {wrong}"


def test_dev_dependencies_are_pinned_as_in_requirements_dev_txt():
    wanted = pins(PYPROJECT["project"]["optional-dependencies"]["dev"])
    assert {"pytest", "playwright", "ruff"} <= set(wanted)
    wrong = {name: (version, DEV_ONLY.get(name)) for name, version in wanted.items() if DEV_ONLY.get(name) != version}
    assert not wrong, f"pyproject.toml pin vs requirements-dev.txt: {wrong}"


def test_mkdocs_and_material_keep_their_frozen_versions():
    assert (RUNTIME["mkdocs"], RUNTIME["mkdocs-material"], RUNTIME["mkdocs-macros-plugin"]) == (
        "1.6.1",
        "9.8.2",
        "1.5.0",
    )


def missing_from(locked: dict[str, str], roots: dict[str, str]) -> list[str]:
    """What the installed packages in roots (and what they need) require that
    `locked` does not pin, or pins at another version than is installed."""
    environment = default_environment()
    problems, seen, todo = [], set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed (run make test)")
            continue
        if distribution.version != locked.get(name):
            problems.append(f"{name} {distribution.version} is installed, the lock says {locked.get(name)}")
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            needed = canonicalize_name(requirement.name)
            if needed not in locked:
                problems.append(f"{name} needs {requirement.name}, which is not pinned")
            todo.append(needed)
    return problems


def test_the_runtime_lock_pins_everything_the_site_needs():
    """Every package the runtime dependencies pull in is in requirements.txt,
    so the Pages deploy (which installs only that) has all it needs."""
    assert not missing_from(RUNTIME, pins(PYPROJECT["project"]["dependencies"]))


def test_the_dev_lock_pins_everything_the_tests_need():
    assert not missing_from(RUNTIME | DEV_ONLY, pins(PYPROJECT["project"]["optional-dependencies"]["dev"]))


def test_the_lock_check_can_fail():
    without_jinja = {name: version for name, version in RUNTIME.items() if name != "jinja2"}
    assert any("jinja2" in problem.lower() for problem in missing_from(without_jinja, {"mkdocs": "1.6.1"}))


def test_the_installed_project_declares_the_mkdocs_plugin():
    """MkDocs finds the plugin through this entry point, so the project must
    be installed (make does `pip install --no-deps -e .`)."""
    declared = PYPROJECT["project"]["entry-points"]["mkdocs.plugins"]
    assert declared == {"knowledge-base": "mkdocs_knowledge_base.plugin:KnowledgeBasePlugin"}
    try:
        installed = importlib.metadata.distribution(PYPROJECT["project"]["name"])
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("the project is not installed: run make test (it runs pip install --no-deps -e .)", pytrace=False)
    plugins = {ep.name: ep.value for ep in installed.entry_points if ep.group == "mkdocs.plugins"}
    assert plugins == declared


def test_the_templates_are_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["knowledge_base"]
    templates = sorted(path.name for path in (ROOT / "knowledge_base/templates").iterdir() if path.is_file())
    assert templates
    assert all(any(fnmatch.fnmatch(f"templates/{name}", p) for p in patterns) for name in templates)
