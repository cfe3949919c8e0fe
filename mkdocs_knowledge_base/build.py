"""Build the site with settings other than mkdocs.yml's: the offline copy,
or Material's own search to compare with ours. For tools and tests; the
published site is built with plain `mkdocs build`.

    python -m mkdocs_knowledge_base.build --site-dir DIR [--offline]
        [--set split_search=false] [--set search_parser=material] [--quiet]

`--set` takes any setting in mkdocs_knowledge_base/config.py. The build is
strict, as `make build` is: any warning fails it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import yaml
from mkdocs.__main__ import ColorFormatter
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

PLUGIN = "knowledge-base"


def configured(project: Path, site_dir: Path, *, offline: bool = False, **settings):
    """mkdocs.yml as MkDocs loads it, with the offline plugin on or off and
    the plugin's settings changed."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    plugin = config.plugins[PLUGIN]
    errors, _warnings = plugin.load_config({**dict(plugin.config), **settings}, config.config_file_path)
    if errors:
        raise ConfigurationError("; ".join(f"{name}: {error}" for name, error in errors))
    config.plugins["material/offline"].config.enabled = offline
    return config


def build(project: Path, site_dir: Path, *, offline: bool = False, **settings) -> None:
    """As `mkdocs build --strict --site-dir site_dir`, with those settings."""
    config = configured(project, site_dir, offline=offline, **settings)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()


def _setting(text: str) -> tuple[str, object]:
    name, equals, value = text.partition("=")
    if not equals:
        raise argparse.ArgumentTypeError(f"{text!r}: write NAME=VALUE, like split_search=false")
    return name.strip(), yaml.safe_load(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--offline", action="store_true", help="the offline copy (Material's offline plugin on)")
    parser.add_argument(
        "--set",
        type=_setting,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the knowledge-base plugin",
    )
    parser.add_argument("--quiet", action="store_true", help="warnings and errors only")
    args = parser.parse_args(argv)
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING if args.quiet else logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger.addHandler(handler)
    try:
        build(args.project, args.site_dir, offline=args.offline, **dict(args.set))
    except (Abort, ConfigurationError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
