"""``claude-lint config`` and ``claude-lint init``: the policy file's two helper commands.

Imported by the command line at start-up, so this module imports nothing beyond click until
one of its commands runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import registry
from .cli_options import policy_mode as policy_mode_of
from .cli_options import policy_options
from .config import PolicyError, PolicyLoader, _policy_in
from .discover import git_root
from .effective import render_json, render_yaml
from .starter import FILENAME, parse_baa, render

EXIT_USAGE = 2


def _error(message: str) -> None:
    from .textsafe import block

    click.echo(f"claude-lint: error: {block(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _loader(config: Path | None, overrides: dict, pinned: bool = False):
    metas = registry.builtin_rules()
    return PolicyLoader(
        metas.keys(),
        registry.all_tags(metas.values()),
        config=config,
        overrides=overrides,
        rule_options={c.id: dict(c.options) for c in registry.rule_classes()},
        pinned=pinned,
    )


# --------------------------------------------------------------------------- config


@click.command("config")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: a policy file annotated with origins; json: the policy and its origins.",
)
@policy_options
@click.option("--residency", type=click.Choice(["any", "us", "eu"]), help="Override policy.residency (as `check`).")
def config_command(path: Path | None, fmt: str, config: Path | None, policy_mode: str, residency: str | None) -> None:
    """Show the effective policy for PATH (a file or folder; default: the current folder).

    The policy after `extend`, command-line overrides and defaults, each value followed by
    where it came from: the policy file and line that set it, `default`, or `command line`.
    """

    target = path or Path(".")
    absolute = target.resolve()
    folder = absolute if absolute.is_dir() else absolute.parent
    root = git_root(folder) or folder
    probe = absolute if absolute.is_file() else absolute / "_"
    try:
        policy = _loader(
            config,
            {"residency": residency} if residency else {},
            pinned=policy_mode_of(policy_mode, config) == "pinned",
        ).for_path(probe, root)
        render = render_json if fmt == "json" else render_yaml
        text = render(policy, target.as_posix(), Path.cwd().resolve())
    except PolicyError as exc:
        _error(str(exc))
    from .textsafe import block, json_safe

    if fmt == "json":  # a value from a policy file is redacted and inert, the JSON stays JSON
        import json

        text = json.dumps(json_safe(json.loads(text)), indent=2) + "\n"
    click.echo(block(text), nl=False)


# --------------------------------------------------------------------------- init


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


class _Baa(click.ParamType):
    name = "PROVIDERS"

    def convert(self, value, param, ctx):
        if isinstance(value, (bool, list)):
            return value

        try:
            return parse_baa(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@click.command("init")
@click.option(
    "--path",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Folder to write claude-lint.yaml in [default: the current folder].",
)
@click.option("--residency", type=click.Choice(["any", "us", "eu"]), help="Where inference must run.")
@click.option("--handles-phi", type=click.Choice(["auto", "true", "false"]), help="Does the code handle health data?")
@click.option("--zdr/--no-zdr", default=None, help="The Anthropic organisation has Zero Data Retention.")
@click.option(
    "--baa", type=_Baa(), help="Providers with a BAA: comma-separated (anthropic,aws,google,azure), all, or none."
)
@click.option("--extend", metavar="FILE", help="Build on this base policy (its values apply unless set here).")
@click.option(
    "--yes", "-y", is_flag=True, help="Ask nothing: flags, else defaults (also when stdin is not a terminal)."
)
@click.option("--force", is_flag=True, help="Replace an existing claude-lint.yaml.")
def init_command(folder: Path, residency, handles_phi, zdr, baa, extend, yes, force) -> None:
    """Write a commented starter policy, claude-lint.yaml.

    Asks for residency, health data, ZDR and BAAs on a terminal (flags answer in advance);
    with --yes, or when stdin is not a terminal, uses the flags and the defaults.
    """

    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        _error(f"{folder} is not a folder")
    target = folder / FILENAME
    existing = _policy_in(folder) if folder.is_dir() else None
    if existing is not None and not force:
        _error(f"{existing} already holds a policy for this folder; use --force to write {FILENAME} anyway")
    base = None
    if extend:
        base = (folder / Path(extend).expanduser()).resolve()
        if not base.is_file():
            _error(f"--extend: {extend!r} is not a file (looked for {base})")

    if not yes and _stdin_is_tty():
        if residency is None:
            residency = click.prompt(
                "Where must inference run? (any, us, eu)",
                type=click.Choice(["any", "us", "eu"]),
                default="any",
                show_choices=False,
            )
        if handles_phi is None:
            handles_phi = click.prompt(
                "Does this code handle health data (PHI)? (auto: inferred from names)",
                type=click.Choice(["auto", "true", "false"]),
                default="auto",
            )
        if zdr is None:
            zdr = click.confirm("Does your Anthropic organisation have Zero Data Retention (ZDR)?", default=False)
        if baa is None:
            baa = click.prompt(
                "Providers with a Business Associate Agreement (comma-separated: anthropic, aws, "
                "google, azure; all; none)",
                type=_Baa(),
                default="none",
            )

    phi = {"true": True, "false": False}.get(handles_phi, handles_phi)
    text = render(residency=residency, handles_phi=phi, zdr=zdr, baa=baa, extend=extend)

    # what the folder was covered by before: the new file replaces it whole there
    before = None
    if existing is None:
        loader = _loader(None, {})
        start = folder if folder.is_dir() else next((p for p in folder.parents if p.is_dir()), folder)
        root = git_root(start)
        limit = root if root is not None and loader.is_repository_root(root) else None
        before = loader.policy_file_for(start, limit)
        if before is not None and base is not None and before.resolve() == base:
            before = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        from .safeio import write_atomic

        write_atomic(target, text)  # never through a link planted under that name
    except OSError as exc:
        _error(f"cannot write {target}: {exc.strerror or exc}")
    try:  # what was written must load: a broken starter is our bug, not the user's
        _loader(None, {}).load(target)
    except PolicyError as exc:  # pragma: no cover - guarded by the tests of every answer
        raise RuntimeError(f"the starter policy does not load: {exc}") from None

    click.echo(f"wrote {target}", err=True)
    if existing is not None and existing != target:
        click.echo(f"note: {FILENAME} takes precedence over {existing.name} in this folder", err=True)
    if before is not None:
        click.echo(
            f"note: this folder was covered by {before}; the new file replaces it whole here "
            f"(pass --extend to build on it)",
            err=True,
        )
    click.echo(
        "next: review the file, then run `claude-lint check` (`claude-lint config` shows the effective policy)",
        err=True,
    )
