"""One file's scan as the runner keeps it (:class:`FileScan`), its cache form, and the
byte tests that decide, before any parse, whether a file can concern Claude."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import suppress
from .cache import finding_from_json, finding_to_json, notice_from_json, notice_to_json
from .config import Policy
from .discover import SourceFile
from .engines.text import TextEngine
from .model import Finding, Notice
from .residency.config_env import ConfigEnv


@dataclass
class FileScan:
    """One file's raw results, kept until semgrep (if it needs the file) has run."""

    source: SourceFile
    policy: Policy
    findings: list[Finding] | None = None  # None: the file was not scanned
    notices: list[Notice] = field(default_factory=list)
    comments: list = field(default_factory=list)
    parsed: bool = False
    mentions_claude: bool = False
    #: prefilter stage 2: no Claude in its bytes, but it imports a repository module with some
    imports_claude: bool = False
    #: a Python file stage 2 has not looked at yet (decided after the pass, see Runner.run)
    stage2: bool = False
    config_candidate: bool = False
    cached: bool = False
    #: a test for the traffic rules, and their findings left out (:mod:`claude_lint.testscope`)
    test_like: bool = False
    left_out: list[Finding] = field(default_factory=list)
    #: traffic findings of a module nothing imports or runs, not reported
    unused_left_out: list[Finding] = field(default_factory=list)
    #: semgrep rules that did not run on this file (semgrep missing or failed, or the
    #: repository does not use Claude): their suppressions here are not reported as unused
    not_run: frozenset[str] = frozenset()
    #: what its Python rules handed to the run (``PythonContext.exports``): the variables its
    #: Claude clients read, for the repository's configuration files
    exports: dict = field(default_factory=dict)


def needles(text_engine: TextEngine) -> tuple[bytes, ...] | None:
    """What a file must contain (case-insensitively) for any engine to care about it:
    the Python prefilter's words, every text rule's ``text_prefilter`` and the suppression
    marker.  None when a text rule declares no prefilter (then every file is analysed)."""
    needles = {b"anthropic", b"claude", b"sk-ant-", b"claude-lint"}
    for rule in text_engine.rules:
        pre = getattr(rule, "text_prefilter", None)
        if not pre:
            return None
        needles.update(n.lower() for n in pre)
    # drop needles that contain another needle: the shorter one already matches
    return tuple(sorted(n for n in needles if not any(o != n and o in n for o in needles)))


def freeze(scan: FileScan) -> dict:
    return {
        "findings": [finding_to_json(f) for f in scan.findings or ()],
        "notices": [notice_to_json(n) for n in scan.notices],
        "comments": [[c.line, c.column, list(c.ids), c.reason, c.text] for c in scan.comments],
        "parsed": scan.parsed,
        "mentions": scan.mentions_claude,
        "config": scan.config_candidate,
        "exports": scan.exports,
    }


def restore(scan: FileScan, entry: dict) -> None:
    scan.findings = [finding_from_json(f) for f in entry["findings"]]
    scan.notices.extend(notice_from_json(n) for n in entry["notices"])
    scan.comments = [suppress.Comment(c[0], c[1], tuple(c[2]), c[3], c[4]) for c in entry["comments"]]
    scan.parsed = bool(entry["parsed"])
    scan.mentions_claude = bool(entry["mentions"])
    scan.config_candidate = bool(entry["config"])
    scan.exports = dict(entry.get("exports") or {})
    scan.cached = True


@dataclass
class RootState:
    uses_claude: bool = False
    #: the facts of its Python files for its configuration files (residency/config_env.py),
    #: per policy (by identity: the files one policy file governs are one project)
    config_envs: dict[int, ConfigEnv] = field(default_factory=dict)

    def config_env(self, policy: Policy) -> ConfigEnv:
        return self.config_envs.setdefault(id(policy), ConfigEnv())

    builtin_targets: list[FileScan] = field(default_factory=list)
    custom_targets: list[FileScan] = field(default_factory=list)
