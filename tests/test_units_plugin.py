"""The knowledge-base MkDocs plugin (mkdocs_knowledge_base): the order of
its changes to a page, its settings, its hook order and its build state."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from mkdocs.exceptions import PluginError

from mkdocs_knowledge_base import page_html
from mkdocs_knowledge_base.build import configured
from mkdocs_knowledge_base.plugin import KnowledgeBasePlugin
from tests.helpers import ROOT, copy_project

FACTS = page_html.PageFacts(
    url="case-studies/a/",
    site_url="https://example.org/kb/",
    split_search=True,
    blocks=['<p><a href="../../barriers/b/">B</a> and <abbr title="Clinical">CCG</abbr></p>'],
)


def test_content_changes_run_in_their_listed_order():
    # The block set aside before Markdown comes back first, so its link gets
    # a printed address and its abbreviation becomes a tab stop.
    html = page_html.apply(page_html.CONTENT_CHANGES, "<h1>A</h1>\n<!--kb-block-0-->", FACTS)
    assert 'data-print-href="https://example.org/kb/barriers/b/"' in html
    assert '<abbr tabindex="0" title="Clinical">CCG</abbr>' in html
    assert html.startswith('<div class="kb-qr"')  # the QR code goes first, once
    assert html.count('class="kb-qr"') == 1


def test_page_changes_point_search_at_the_worker_only_when_the_index_is_split():
    page = '<script id="__config">{"search": "../assets/javascripts/workers/search.1a2b3c.min.js"}</script>\n  <p>x</p>'
    split = page_html.apply(page_html.PAGE_CHANGES, page, FACTS)
    assert '"search": "../assets/javascripts/search-worker.js"' in split and "\n  <p>" not in split
    whole = page_html.apply(page_html.PAGE_CHANGES, page, page_html.PageFacts(url="", site_url="", split_search=False))
    assert "workers/search.1a2b3c.min.js" in whole


def test_hooks_that_depend_on_order_say_so_with_a_priority():
    # Data loaded before mkdocs-macros' on_config (0) calls define_env;
    # abbreviations added after macros (0) render the page; files written
    # after Material's search (0) and before its offline plugin (-100).
    assert KnowledgeBasePlugin.on_config.mkdocs_priority > 0
    assert KnowledgeBasePlugin.on_page_markdown.mkdocs_priority < 0
    assert -100 < KnowledgeBasePlugin.on_post_build.mkdocs_priority < 0


def test_settings_have_the_published_sites_defaults(tmp_path):
    plugin = configured(ROOT, tmp_path / "site").plugins["knowledge-base"]
    assert plugin.config.split_search is True
    assert plugin.config.search_parser == "fast"
    assert plugin.config.show_data_problems_when_serving is True


def test_a_wrong_setting_is_one_clear_line(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs_knowledge_base.build",
            "--site-dir",
            str(tmp_path / "s"),
            "--set",
            "search_parser=quick",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "search_parser" in result.stderr and "quick" in result.stderr


@pytest.fixture
def broken_project(tmp_path):
    project = copy_project(tmp_path / "project")
    case = project / "case_studies/sheffield-flourish.yml"
    case.write_text(case.read_text().replace("place: Sheffield\n", "place: Sheffield: the city\n"))
    return project


def test_broken_data_stops_a_build_but_not_a_server(broken_project, tmp_path):
    config = configured(broken_project, tmp_path / "site")
    plugin = config.plugins["knowledge-base"]
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match="sheffield-flourish.yml:.*place: YAML syntax error"):
        plugin.on_config(config)
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    assert plugin.build.catalogue is None
    assert any("place: YAML syntax error" in line for line in plugin.build.problems)


def test_each_build_starts_from_nothing(tmp_path):
    """mkdocs serve keeps one plugin across rebuilds: nothing of one build
    may leak into the next but the term pages of the last good build."""
    project = copy_project(tmp_path / "project")
    config = configured(project, tmp_path / "site")
    plugin = config.plugins["knowledge-base"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    first = plugin.build
    plugin.set_aside("index.md", "<p>left over</p>")
    plugin.term_sources = ["barriers/x.md"]
    shutil.rmtree(project / "case_studies")
    (project / "case_studies").mkdir()
    plugin.on_config(config)
    assert plugin.build is not first and plugin.build.set_aside == {}
    assert plugin.build.catalogue.case_studies == []
    assert plugin.term_sources == ["barriers/x.md"]


class _Env:
    """Just enough of mkdocs-macros' env for macros.define_env()."""

    def __init__(self, plugins):
        self.conf = type("Config", (), {"plugins": plugins, "config_file_path": str(ROOT / "mkdocs.yml")})
        self.variables, self.macros = {}, {}
        self.page = type(
            "Page", (), {"url": "case-studies/", "file": type("File", (), {"src_uri": "case-studies/index.md"})}
        )

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def test_macros_set_long_lists_aside_through_the_plugin_and_work_without_it(tmp_path):
    import macros

    bare = _Env({})  # another renderer that runs only define_env
    macros.define_env(bare)
    assert bare.macros["case_study_index"]().lstrip().startswith("<")
    assert bare.variables["guide_case_count"] == 7

    config = configured(ROOT, tmp_path / "site")
    plugin = config.plugins["knowledge-base"]
    plugin.on_config(config)
    with_plugin = _Env({"knowledge-base": plugin})
    macros.define_env(with_plugin)
    assert with_plugin.macros["case_study_index"]().strip() == "<!--kb-block-0-->"
    assert plugin.build.set_aside["case-studies/index.md"][0] == bare.macros["case_study_index"]()


def test_our_scripts_are_sent_minified_and_materials_left_alone(tmp_path):
    from mkdocs_knowledge_base import site_files

    folder = tmp_path / "assets/javascripts"
    folder.mkdir(parents=True)
    ours = "// Why this script exists.\nvar answer = 1 + 2;   // a comment\nvar url = 'http://x.org/a';\n"
    (folder / "ours.js").write_text(ours)
    (folder / "bundle.abc.min.js").write_text(ours)
    site_files.minify_scripts(tmp_path)
    assert (folder / "ours.js").read_text() == "var answer=1+2;var url='http://x.org/a';"
    assert (folder / "bundle.abc.min.js").read_text() == ours


def test_every_script_of_the_built_site_still_parses(built_site):
    """rjsmin must not break modern syntax (regular expressions with /u,
    ??=, spread): node reads each minified script."""
    site, _ = built_site
    scripts = [path for path in (site / "assets/javascripts").glob("*.js") if not path.name.endswith(".min.js")]
    assert len(scripts) >= 10
    for script in scripts:
        checked = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, (script.name, checked.stderr)
