"""Human output: ``path:line:col: rule-id message`` plus a one-line fix hint and a summary."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

import click

from ..model import Finding, Severity
from ..textsafe import inert

_COLOURS = {Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}


def write(result, out: TextIO, *, color: bool = False, include_suppressed: bool = False, **_: object) -> None:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    shown = result.findings if include_suppressed else result.active_findings
    for f in shown:
        loc = f.location
        head = style(f"{inert(loc.path)}:{loc.line}:{loc.column}:", bold=True)
        rid = style(inert(f.rule_id), fg=_COLOURS[f.severity], bold=True)
        sev = style(f"[{f.severity.value}]", fg=_COLOURS[f.severity])
        line = f"{head} {rid} {sev} {inert(f.message)}"
        if f.suppression is not None and f.suppression.kind == "baseline":
            line += style("  (baselined)", dim=True)
        elif f.suppression is not None:
            line += style(f"  (suppressed: {inert(f.suppression.justification or 'no reason')})", dim=True)
        out.write(line + "\n")
        if f.flow:
            out.write(
                style("    path: ", dim=True)
                + " -> ".join(f"{s.location.line}: {inert(s.message)}" for s in f.flow)
                + "\n"
            )
        if f.related:
            out.write(style("    related: ", dim=True) + related_line(f) + "\n")
        if f.fix_hint:
            out.write(style(f"    fix: {inert(f.fix_hint)}", dim=True) + "\n")
    for n in result.notices:
        where = f"{inert(n.path)}:{n.line}: " if n.path and n.line else (f"{inert(n.path)}: " if n.path else "")
        out.write(style(f"notice: {where}{inert(n.message)}", fg="yellow" if n.level == "warning" else "red") + "\n")

    _policy_line(result, out, style)
    repos = getattr(result, "repositories", [])
    if len(repos) > 1:
        labels = [inert(r.label) for r in repos]
        width = max(len(label) for label in labels)
        out.write(style("Per repository:", bold=True) + "\n")
        for r, label in zip(repos, labels):
            sev = ", ".join(
                f"{r.by_severity[s.value]} {s.value}"
                for s in sorted(Severity, reverse=True)
                if r.by_severity.get(s.value)
            )
            uses = "uses Claude" if r.uses_claude else "no Claude usage found"
            out.write(
                f"  {label.ljust(width)}  {r.findings:5d} finding{'s' if r.findings != 1 else ' '}"
                f"{f' ({sev})' if sev else ''}  {r.files} files, {uses}\n"
            )
    counts = Counter(f.severity for f in result.active_findings)
    total = sum(counts.values())
    suppressed = len(result.suppressed_findings)
    baselined = len(result.baselined_findings)
    parts = [f"{counts[s]} {s.value}" for s in sorted(counts, reverse=True)]
    noun = "finding" if total == 1 else "findings"
    summary = f"{total} {noun}" + (f" ({', '.join(parts)})" if parts else "")
    summary += f" in {result.files_scanned} file{'s' if result.files_scanned != 1 else ''} scanned"
    if suppressed:
        summary += f", {suppressed} suppressed"
    if baselined:
        summary += f", {baselined} baselined"
    stats = getattr(result, "baseline", None)
    if stats is not None and stats.stale:
        summary += f", {stats.stale} baseline entr{'ies' if stats.stale != 1 else 'y'} no longer found"
    if result.notices:
        summary += f", {len(result.notices)} notice{'s' if len(result.notices) != 1 else ''}"
    out.write(style(summary + ".", bold=True) + "\n")
    left = tests_line(repos)
    if left:
        out.write(style(left, dim=True) + "\n")


def tests_line(repos) -> str:
    """What the policy's ``tests`` left out of the report, with how to show it ("" if nothing)."""
    left = sum(getattr(r, "tests_left_out", 0) for r in repos)
    skipped = sum(getattr(r, "tests_skipped", 0) for r in repos)
    parts = []
    if left:
        parts.append(f"{left} finding{'s' if left != 1 else ''} in test files not reported")
    if skipped:
        parts.append(f"{skipped} test file{'s' if skipped != 1 else ''} not scanned")
    shown = "; ".join(parts) + "; --include-tests to show" if parts else ""
    unused = sum(getattr(r, "unused_left_out", 0) for r in repos)
    if unused:
        more = f"{unused} finding{'s' if unused != 1 else ''} in modules nothing imports or runs not reported; --include-unused to show"
        shown = f"{shown}; {more}" if shown else more
    return shown


#: related locations listed on the text output's line (the JSON and SARIF outputs list all)
MAX_RELATED_SHOWN = 10


def related_line(f: Finding) -> str:
    """``15: used here, 22: used here, other.py:3: the request`` (and ``N more``), inert."""
    parts = []
    for r in f.related[:MAX_RELATED_SHOWN]:
        where = (
            f"{inert(r.location.path)}:{r.location.line}"
            if r.location.path != f.location.path
            else str(r.location.line)
        )
        parts.append(f"{where}: {inert(r.label)}")
    more = len(f.related) - MAX_RELATED_SHOWN
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def _policy_line(result, out: TextIO, style) -> None:
    """Which policy files applied (issue 15: every run states it); names printed inert."""
    files = getattr(result, "policy_files", None)
    if files is None:
        return
    shown = ", ".join(f"{inert(path)} ({part})" for path, part in files)
    out.write(style(f"policy files: {shown or 'none (built-in defaults)'}", dim=True) + "\n")
