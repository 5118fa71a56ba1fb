"""``claude-lint suppressions``: list every in-source suppression and whether it is used
(the audit itself is :mod:`claude_lint.suppress_audit`; the run is the runner's)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cache import default_folder
from .cli_options import policy_mode as policy_mode_of
from .cli_options import policy_options
from .config import PolicyError
from .runner import RunOptions, run
from .suppress_audit import write_json, write_text
from .textsafe import block, inert


@click.command("suppressions")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@policy_options
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
def suppressions_command(
    paths: tuple[Path, ...], fmt: str, config: Path | None, policy_mode: str, no_cache: bool
) -> None:
    """List every in-source suppression under PATHS (default: the current folder): where it is,
    the rule ids it names, its reason, and whether it suppresses anything."""
    options = RunOptions(
        paths=list(paths) or [Path(".")],
        config=config,
        policy_mode=policy_mode_of(policy_mode, config),
        cache_dir=None if no_cache else default_folder(),
        no_baseline=True,  # baselines do not change what a comment suppresses
        audit_suppressions=True,
    )
    try:
        result = run(options)
    except PolicyError as exc:
        click.echo(f"claude-lint: error: {block(exc)}", err=True)
        sys.exit(2)
    entries = sorted(result.suppressions, key=lambda e: e.sort_key)
    stream = click.get_text_stream("stdout")
    (write_json if fmt == "json" else write_text)(entries, stream)
    for n in result.notices:
        where = f"{inert(n.path)}: " if n.path else ""
        click.echo(f"notice: {where}{inert(n.message)}", err=True)
