"""`make serve`: a chosen port, one clear line when it is busy, and broken
data shown in the browser (and the log) until it is fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from tests.helpers import ROOT, copy_project

CASE = "case_studies/sheffield-flourish.yml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(project, port):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tools/serve.py"), str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_busy_port_gets_one_clear_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "tools/serve.py"), str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"make serve: port {port} is already in use (is another server running?): stop it, "
        f"or choose another port: make serve PORT={port + 1}"
    ]


def test_a_port_that_is_not_a_number_is_explained():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/serve.py"), "80OO"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("make serve: PORT=80OO is not a port number")


@pytest.fixture
def dev_server(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    process = serve(project, port)
    log: list[str] = []
    deadline = time.monotonic() + 180
    for line in process.stdout:
        log.append(line)
        if "Serving on" in line or time.monotonic() > deadline:
            break
    assert any("Serving on" in line for line in log), "".join(log)
    yield project, f"http://127.0.0.1:{port}/", process, log
    process.terminate()
    process.wait(timeout=30)


def replace_file(path, text: str) -> None:
    """Write the whole new text at once, as an editor saving a file does.
    (Path.write_text empties the file, then fills it: a busy server's file
    watcher could rebuild from the empty file in between, and reload the
    page again, while the test reads it.)"""
    part = path.parents[2] / (path.name + ".part")  # outside the project, so the server never sees it
    part.write_text(text)
    os.replace(part, path)


def test_broken_data_shows_in_the_browser_and_the_log_then_recovers(dev_server, browser):
    project, url, process, log = dev_server
    page = browser.new_page()
    page.goto(url + "case-studies/sheffield-flourish/")
    title = "Sheffield Flourish and the co-produced mental health guide"
    assert page.locator("h1").inner_text() == title
    path = project / CASE
    good = path.read_text()
    replace_file(path, good.replace("place: Sheffield\n", "place: Sheffield: the city\n"))
    # The page reloads by itself (mkdocs' live reload) and lists the problem.
    # Wait for the problem itself, not only the heading: then the page read
    # is the one made from the whole new file.
    line = good.splitlines().index("place: Sheffield") + 1
    expected = f"{CASE}:{line}: place: YAML syntax error: the text contains ': '"
    page.wait_for_function(
        "expected => (document.querySelector('.kb-data-problems li')?.innerText || '').startsWith(expected)",
        arg=expected,
        timeout=120_000,
    )
    problem = page.locator(".kb-data-problems li").first.inner_text()
    assert problem.startswith(expected)
    # Every other page shows it too, rather than hanging.
    other = browser.new_page()
    other.goto(url + "barriers/payment-and-benefits/", timeout=60_000)
    assert other.locator("h1").inner_text() == "The data files have problems"
    other.close()
    replace_file(path, good)
    page.wait_for_function(f"() => document.querySelector('h1')?.innerText === {title!r}", timeout=120_000)
    page.close()
    process.terminate()
    output = "".join(log) + process.communicate(timeout=30)[0]
    assert f"ERROR   -  {problem}" in output
    assert "Traceback" not in output
