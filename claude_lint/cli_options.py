"""Command-line options shared by the commands that load policies (``check``, ``inventory``,
``suppressions``, ``config``): one definition of ``--config``/``--policy-mode`` and one check
that ``pinned`` names the organisation policy it pins."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import PolicyError
from .textsafe import block

F = TypeVar("F", bound=Callable[..., Any])

#: a usage error (DESIGN §5)
EXIT_USAGE = 2


def policy_options(func: F) -> F:
    """``--config FILE`` and ``--policy-mode replace|pinned``."""
    func = click.option(
        "--policy-mode",
        type=click.Choice(["replace", "pinned"]),
        default="replace",
        show_default=True,
        help="With --config: replace the repository's policy, or pin it (the repository's own policy "
        "applies on top and may only tighten it).",
    )(func)
    return click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Use this policy file for every path instead of discovering one.",
    )(func)


def policy_mode(mode: str, config: Path | None) -> str:
    """The mode to run with; ``pinned`` without ``--config`` is a usage error (exit 2)."""
    if mode == "pinned" and config is None:
        error = PolicyError(None, "--policy-mode", "pinned needs the organisation policy: --config FILE")
        click.echo(f"claude-lint: error: {block(error)}", err=True)
        sys.exit(EXIT_USAGE)
    return mode
