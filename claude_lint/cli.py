"""Command line: parsing and exit codes only (DESIGN §5).

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or policy
error; 3 internal error; 4 (--strict only) the scan was incomplete.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_options import policy_mode as policy_mode_of
from .cli_options import policy_options
from .model import Confidence, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INCOMPLETE = 0, 1, 2, 3, 4


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


_DEBUG = "claude_lint.debug"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises no second BrokenPipeError."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under CliRunner)
        pass


def _run_or_exit(run, options, progress: _Bar | None):
    """Run ``run(options)`` with the progress bar; a policy error is exit 2 naming the file."""
    from .config import PolicyError

    try:
        return run(options, progress=progress.update if progress else None)
    except PolicyError as exc:
        if progress:  # the bar leaves the line before the message takes it
            progress.close()
            progress = None
        from .textsafe import block

        click.echo(f"claude-lint: error: {block(exc)}", err=True)  # a policy value is redacted, inert
        sys.exit(EXIT_USAGE)
    finally:
        if progress:
            progress.close()


def _emit(write, result, fmt: str, output: Path | None, color: bool | None, written: str, **kwargs) -> None:
    """Write a report to ``output`` (then ``written`` on stderr, to keep the terminal
    informed) or to stdout, coloured only for text on a terminal.  A closed pipe
    (``claude-lint … | head``) is not an error: the exit code still tells the truth."""
    if output:
        import io

        from .safeio import write_atomic

        buffer = io.StringIO(newline="\n")
        write(result, buffer, color=False, **kwargs)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            # atomically, replacing (never writing through) a symbolic link planted under that name
            write_atomic(output, buffer.getvalue())
        except OSError as exc:
            click.echo(f"claude-lint: error: cannot write {output}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(f"claude-lint: {written} written to {output}", err=True)
        return
    stream = click.get_text_stream("stdout")
    if color is None:
        import os

        color = fmt == "text" and stream.isatty() and not os.environ.get("NO_COLOR")
    try:
        write(result, stream, color=color, **kwargs)
        stream.flush()
    except BrokenPipeError:
        _silence_stdout()


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("claude-lint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `claude-lint rules | head`: the reader left, nothing is wrong
            _silence_stdout()
            sys.exit(EXIT_OK)
        except Exception as exc:  # the last line of defence: exit 3, never a bare traceback
            from .textsafe import block

            click.echo(f"claude-lint: internal error: {type(exc).__name__}: {block(exc)}", err=True)
            if ctx.meta.get(_DEBUG) or "--debug" in sys.argv:
                click.echo(block(traceback.format_exc()), err=True)
            else:
                click.echo("Run again with --debug for the traceback, and please report it.", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="claude-lint")
def main() -> None:
    """claude-lint: check Python code that calls Claude against your organisation's policy."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@policy_options
@click.option("--select", multiple=True, metavar="IDS", help="Only these rule ids or tags (comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Drop these rule ids or tags (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="medium",
    show_default=True,
    help="Exit 1 when a finding has at least this severity.",
)
@click.option(
    "--min-confidence",
    type=click.Choice([c.value for c in Confidence]),
    default=None,
    help="Show only findings of at least this confidence [default: the policy's min-confidence, else all].",
)
@click.option(
    "--include-tests",
    is_flag=True,
    help="Report every rule in test files, one severity lower (the policy's tests: report, for this run).",
)
@click.option(
    "--include-unused",
    is_flag=True,
    help="Report the traffic rules in modules nothing imports, names or runs (stale copies, unmounted routers).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (for SARIF upload steps).")
@click.option("--strict", is_flag=True, help="Exit 4 when a file or an engine had to be skipped.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what is left.")
@click.option(
    "--diff-fixes",
    is_flag=True,
    help="Print the safe fixes as a unified diff (keys redacted) instead of the report; write nothing.",
)
@click.option("--residency", type=click.Choice(["any", "us", "eu"]), help="Override policy.residency.")
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="Skip larger files with a notice.",
)
@click.option("--include-suppressed", is_flag=True, help="Also report findings suppressed in the source.")
@click.option(
    "--sarif-category",
    metavar="CATEGORY",
    help="SARIF only: set runAutomationDetails.id to CATEGORY/ (overrides upload-sarif's category input).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLAUDE_LINT_CACHE_DIR",
    help="Result cache folder [default: ~/.cache/claude-lint; env CLAUDE_LINT_CACHE_DIR].",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--diff",
    "diff_ref",
    metavar="REF",
    help="Only report findings on lines changed since the git ref REF (pull-request mode).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Report only findings not accepted in FILE [default: the policy's baseline key].",
)
@click.option("--no-baseline", is_flag=True, help="Ignore the policy's baseline: report every finding.")
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Record the current findings in FILE as accepted (run it on the whole repository).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: all cores for large runs, 1 for small ones].",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr [default: on a terminal, never in CI]."
)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option(
    "--timings", is_flag=True, help="Print the time spent in each phase on stderr [env CLAUDE_LINT_TIMINGS=1]."
)
def check(
    paths,
    fmt,
    output,
    config,
    policy_mode,
    select,
    ignore,
    fail_on,
    min_confidence,
    include_tests,
    include_unused,
    exit_zero,
    strict,
    residency,
    max_file_size,
    include_suppressed,
    sarif_category,
    cache_dir,
    no_cache,
    diff_ref,
    baseline,
    no_baseline,
    write_baseline,
    jobs,
    progress,
    color,
    debug,
    timings=False,
    fix=False,
    diff_fixes=False,
) -> None:
    """Check PATHS (default: the current folder) against the policy."""
    import time

    from . import timings as phase_timings
    from .cache import default_folder as default_cache_folder
    from .report import writer
    from .runner import RunOptions, exit_code, run

    started = time.perf_counter()
    if timings:
        phase_timings.enable()
    if phase_timings.ENABLED:
        phase_timings.add("start-up (imports)", time.process_time())  # the interpreter and imports, CPU

    click.get_current_context().meta[_DEBUG] = debug
    overrides = {"residency": residency} if residency else {}
    if include_tests:  # the policy's tests: report for this run (the rules see it too)
        overrides["tests"] = "report"
    options = RunOptions(
        paths=list(paths) or [Path(".")],
        config=config,
        policy_mode=policy_mode_of(policy_mode, config),
        select=_split(select),
        ignore=_split(ignore),
        overrides=overrides,
        max_file_size=max_file_size,
        cache_dir=None if no_cache else (cache_dir or default_cache_folder()),
        jobs=jobs,
        diff_ref=diff_ref,
        baseline=baseline,
        no_baseline=no_baseline,
        write_baseline=write_baseline,
        include_tests=include_tests,
        include_unused=include_unused,
        min_confidence=min_confidence,
    )
    result = _run_or_exit(run, options, _progress_bar(progress))
    if fix or diff_fixes:  # claude_lint/fix.py: libcst is imported only here
        from .fix import fix_run

        result = fix_run(options, result, preview=diff_fixes)
        if diff_fixes and not output:
            sys.exit(exit_code(result, Severity.parse(fail_on), exit_zero=exit_zero, strict=strict))
    if write_baseline:
        n = result.baseline.written_findings
        click.echo(f"claude-lint: {n} finding{'s' if n != 1 else ''} recorded in {result.baseline.written}", err=True)

    n = len(result.active_findings)
    if phase_timings.ENABLED:
        phase_timings.start()
    _emit(
        writer(fmt),
        result,
        fmt,
        output,
        color,
        f"{n} finding{'s' if n != 1 else ''}",
        include_suppressed=include_suppressed,
        sarif_category=sarif_category,
    )
    if phase_timings.ENABLED:
        phase_timings.stop("output")
        phase_timings.report(time.perf_counter() - started, phase_timings.WORKERS)
    sys.exit(exit_code(result, Severity.parse(fail_on), exit_zero=exit_zero, strict=strict))


class _Bar:
    """A progress bar on stderr for long runs (tqdm), shown only past a few hundred files."""

    MIN_FILES = 300

    def __init__(self) -> None:
        self._bar: Any = None  # a tqdm bar (untyped), made on the first update

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.MIN_FILES:
                return
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False, desc="claude-lint")
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _progress_bar(wanted: bool | None) -> _Bar | None:
    if wanted is None:
        import os

        wanted = sys.stderr.isatty() and not os.environ.get("CI")
    return _Bar() if wanted else None


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this policy file instead of the one PATH's discovery finds.",
)
def rules(path: Path | None, fmt: str, config: Path | None) -> None:
    """List the rule catalogue: the built-in rules and the custom rules of PATH's policy."""
    from . import registry
    from .config import PolicyError, PolicyLoader
    from .discover import git_root

    metas = dict(registry.builtin_rules())
    folder = (path or Path(".")).resolve()
    folder = folder if folder.is_dir() else folder.parent
    loader = PolicyLoader(
        metas.keys(),
        registry.all_tags(metas.values()),
        config=config,
        rule_options={c.id: dict(c.options) for c in registry.rule_classes()},
    )
    try:
        policy = loader.for_path(folder / "_", git_root(folder) or folder)
        if policy.custom_rules:
            from .engines.semgrep import custom_rule_metas

            metas.update(custom_rule_metas(policy.custom_rules))
    except PolicyError as exc:
        from .textsafe import block

        click.echo(f"claude-lint: error: {block(exc)}", err=True)
        sys.exit(EXIT_USAGE)
    # a custom rule's id and summary come from a file
    from .textsafe import inert, json_safe

    metas = dict(sorted(metas.items()))
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                json_safe(
                    [
                        {
                            "id": m.id,
                            "summary": m.summary,
                            "severity": m.severity.value,
                            "confidence": m.confidence.value,
                            "tags": list(m.tags),
                            "engines": list(m.engines),
                            "policy": m.policy,
                            "origin": m.origin,
                        }
                        for m in metas.values()
                    ]
                ),
                indent=2,
            )
        )
        return
    width = max(len(inert(i)) for i in metas)
    click.echo(f"{'id'.ljust(width)}  {'severity':8}  {'engines':14}  summary")
    for m in metas.values():
        origin = "  (custom)" if m.origin == "custom" else ""
        click.echo(
            f"{inert(m.id).ljust(width)}  {m.severity.value:8}  {'+'.join(m.engines):14}  {inert(m.summary)}{origin}"
        )


@main.command()
@click.argument("rule_id")
def rule(rule_id: str) -> None:
    """Show the documentation of RULE_ID."""
    from . import registry
    from .config import _closest

    metas = registry.builtin_rules()
    meta = metas.get(rule_id)
    if meta is None:
        click.echo(f"claude-lint: error: unknown rule {rule_id!r}{_closest(rule_id, metas)}", err=True)
        sys.exit(EXIT_USAGE)
    from .report.ruledocs import help_uri, rule_markdown

    click.echo(f"# {meta.id}\n")
    click.echo(rule_markdown(meta))
    click.echo(f"Online: {help_uri(meta)}")


from .suppressions_cli import suppressions_command  # noqa: E402

main.add_command(suppressions_command)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="A terminal table, versioned JSON (docs/inventory.schema.json) or Markdown for compliance docs.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the inventory to FILE.")
@policy_options
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="Skip larger files with a notice.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLAUDE_LINT_CACHE_DIR",
    help="Result cache folder [default: ~/.cache/claude-lint; env CLAUDE_LINT_CACHE_DIR].",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: all cores for large runs, 1 for small ones].",
)
@click.option("--strict", is_flag=True, help="Exit 4 when a file had to be skipped.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: on a terminal].")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def inventory(
    paths, fmt, output, config, policy_mode, max_file_size, cache_dir, no_cache, jobs, strict, progress, color, debug
) -> None:
    """List every place PATHS reach Claude: client, provider, model, region, tools, health data."""
    from .cache import default_folder
    from .inventory import run as run_inventory
    from .model import INCOMPLETE_KINDS
    from .report.inventory import writer
    from .runner import RunOptions

    click.get_current_context().meta[_DEBUG] = debug
    options = RunOptions(
        paths=list(paths) or [Path(".")],
        config=config,
        policy_mode=policy_mode_of(policy_mode, config),
        max_file_size=max_file_size,
        cache_dir=None if no_cache else (cache_dir or default_folder()),
        jobs=jobs,
    )
    result = _run_or_exit(run_inventory, options, _progress_bar(progress))
    n = len(result.entries)
    _emit(writer(fmt), result, fmt, output, color, f"inventory of {n} place{'s' if n != 1 else ''}")
    sys.exit(EXIT_INCOMPLETE if strict and any(x.kind in INCOMPLETE_KINDS for x in result.notices) else 0)


from .policy_commands import config_command, init_command  # noqa: E402  (light: click only)

main.add_command(config_command)
main.add_command(init_command)

if __name__ == "__main__":  # pragma: no cover
    main()
