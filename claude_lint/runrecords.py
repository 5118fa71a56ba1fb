"""The records of a run: its options (what the CLI asked for) and its result (findings,
notices, per-repository summaries), shared by the runner, the commands and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .discover import SourceFile
from .model import Finding, Notice, RuleMeta

if TYPE_CHECKING:  # pragma: no cover
    from .baseline import BaselineStats

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass
class RunOptions:
    paths: list[Path]
    config: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: dict = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: result cache folder; None disables the cache
    cache_dir: Path | None = None
    #: worker processes; None: decide from the size of the run
    jobs: int | None = None
    #: pull-request mode: only findings on lines changed since this git ref
    diff_ref: str | None = None
    #: baseline file for every path (None: the policy's ``baseline:``)
    baseline: Path | None = None
    #: ignore every baseline
    no_baseline: bool = False
    #: record the current findings in this file (they are then reported as baselined)
    write_baseline: Path | None = None
    #: keep every suppression comment with what it suppressed (``claude-lint suppressions``)
    audit_suppressions: bool = False
    #: ``replace``: ``config`` is used instead of discovery; ``pinned``: ``config`` is the
    #: organisation's policy and repository policies may only tighten it
    policy_mode: str = "replace"
    #: --include-tests (the policy's ``tests`` is ``report``); --min-confidence (None: the policy's)
    include_tests: bool = False
    #: report the traffic rules in modules nothing imports or runs (claude_lint/project/unused.py)
    include_unused: bool = False
    min_confidence: str | None = None


@dataclass
class RootSummary:
    """Per-repository counts for audits of several repositories in one command."""

    label: str
    files: int = 0
    uses_claude: bool = False
    findings: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    #: traffic findings in test files not reported (tests: default), test files not scanned (skip)
    tests_left_out: int = 0
    tests_skipped: int = 0
    #: traffic findings in modules nothing imports or runs, not reported (project/unused.py)
    unused_left_out: int = 0

    def count(self, f: Finding) -> None:
        self.findings += 1
        self.by_severity[f.severity.value] = self.by_severity.get(f.severity.value, 0) + 1


@dataclass
class RunResult:
    findings: list[Finding]
    notices: list[Notice]
    rules: dict[str, RuleMeta]
    files_scanned: int = 0
    files_parsed: int = 0
    cwd: Path = field(default_factory=Path.cwd)
    repositories: list[RootSummary] = field(default_factory=list)
    #: baseline files used, stale entries, the file written (None: no baseline in play)
    baseline: BaselineStats | None = None
    #: with ``RunOptions.audit_suppressions``: every suppression comment of the run
    suppressions: list = field(default_factory=list)
    #: the policy files that applied, as (display path, part): see :attr:`Policy.files`
    policy_files: list[tuple[str, str]] = field(default_factory=list)
    #: displayed path -> the file scanned under it (``--fix`` rewrites that file, never a
    #: path rebuilt from the displayed name)
    sources: dict[str, SourceFile | None] = field(default_factory=dict)

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is None]

    @property
    def suppressed_findings(self) -> list[Finding]:
        """Findings suppressed by a comment in the source."""
        return [f for f in self.findings if f.suppression is not None and f.suppression.kind != "baseline"]

    @property
    def baselined_findings(self) -> list[Finding]:
        """Findings accepted in a baseline file."""
        return [f for f in self.findings if f.suppression is not None and f.suppression.kind == "baseline"]
