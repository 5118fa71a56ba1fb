"""GitHub Actions workflow annotations (``::error file=…``).

GitHub shows at most 10 annotations of each kind per step (and 50 per job), so the most
important come first — errors before warnings before notices (with ``--diff`` every finding
is on a changed line already) — and the run ends with an ``N more`` line.  Every
finding is also printed as a plain log line, so nothing is lost from the log.
"""

from __future__ import annotations

from typing import TextIO

from ..model import Severity
from ..textsafe import gh_data, gh_prop, inert
from .text import related_line

PER_KIND = 10
_KIND = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}


#: workflow-command data and property values: redacted, inert, GitHub's escaping (textsafe)
_data, _prop = gh_data, gh_prop


def annotation(f) -> str:
    loc = f.location
    props = [f"file={_prop(loc.path)}", f"line={loc.line}", f"col={loc.column}"]
    if loc.end_line:
        props.append(f"endLine={loc.end_line}")
    if loc.end_line == loc.line and loc.end_column > loc.column:
        props.append(f"endColumn={loc.end_column}")
    props.append(f"title={_prop(f'claude-lint {f.rule_id} ({f.severity.value})')}")
    message = f.message
    if f.related:
        message += f"\nRelated: {related_line(f)}"
    message += f"\n{f.fix_hint}" if f.fix_hint else ""
    return f"::{_KIND[f.severity]} {','.join(props)}::{_data(message)}"


def write(result, out: TextIO, **_: object) -> None:
    findings = sorted(
        result.active_findings,
        key=lambda f: (-f.severity.rank, f.sort_key),
    )
    shown: dict[str, int] = {}
    hidden = 0
    for f in findings:
        kind = _KIND[f.severity]
        if shown.get(kind, 0) < PER_KIND:
            shown[kind] = shown.get(kind, 0) + 1
            out.write(annotation(f) + "\n")
        else:
            hidden += 1
    for n in result.notices:
        where = f" file={_prop(n.path)}" + (f",line={n.line}" if n.line else "") if n.path else ""
        out.write(f"::warning{where},title=claude-lint notice::{_data(n.message)}\n")
    if hidden:
        out.write(
            f"::notice title=claude-lint::{hidden} more finding{'s' if hidden != 1 else ''} "
            f"not shown as annotations (GitHub shows {PER_KIND} per kind per step); see the log below or the SARIF upload\n"
        )
    for f in sorted(result.active_findings, key=lambda f: f.sort_key):
        loc = f.location
        out.write(
            f"{inert(loc.path)}:{loc.line}:{loc.column}: {inert(f.rule_id)} [{f.severity.value}] {inert(f.message)}\n"
        )
    n = len(result.active_findings)
    out.write(f"claude-lint: {n} finding{'s' if n != 1 else ''} in {result.files_scanned} files scanned\n")
