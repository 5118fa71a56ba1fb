"""Machine-readable output: every finding and notice as JSON (keys already redacted; every
string through :func:`..textsafe.json_safe` where it is written)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from .. import __version__
from ..textsafe import json_safe


def finding_dict(f) -> dict:
    loc = f.location
    out = {
        "rule_id": f.rule_id,
        "message": f.message,
        "severity": f.severity.value,
        "confidence": f.confidence.value,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "fix_hint": f.fix_hint,
        "snippet": f.snippet,
    }
    if f.flow:
        out["flow"] = [{"path": s.location.path, "line": s.location.line, "message": s.message} for s in f.flow]
    if f.related:
        out["related"] = [
            {"path": r.location.path, "line": r.location.line, "column": r.location.column, "label": r.label}
            for r in f.related
        ]
    if f.suppression is not None and f.suppression.kind == "baseline":
        out["baselined"] = True
    elif f.suppression is not None:
        out["suppressed"] = {"justification": f.suppression.justification, "line": f.suppression.line}
    if f.properties:
        out["properties"] = dict(f.properties)
    return out


def write(result, out: TextIO, *, include_suppressed: bool = False, **_: object) -> None:
    shown = result.findings if include_suppressed else result.active_findings
    counts = Counter(f.severity.value for f in result.active_findings)
    doc: dict[str, Any] = {
        "tool": {"name": "claude-lint", "version": __version__},
        "summary": {
            "findings": len(result.active_findings),
            "suppressed": len(result.suppressed_findings),
            "baselined": len(result.baselined_findings),
            "by_severity": dict(sorted(counts.items())),
            "files_scanned": result.files_scanned,
            "notices": len(result.notices),
            "tests_not_reported": sum(r.tests_left_out for r in getattr(result, "repositories", [])),
            "test_files_not_scanned": sum(r.tests_skipped for r in getattr(result, "repositories", [])),
            "unused_not_reported": sum(r.unused_left_out for r in getattr(result, "repositories", [])),
        },
        "repositories": [
            {
                "path": r.label,
                "files": r.files,
                "uses_claude": r.uses_claude,
                "findings": r.findings,
                "by_severity": dict(sorted(r.by_severity.items())),
                # left out by the policy's tests (see claude_lint.testscope): findings, and files not scanned
                "tests_not_reported": r.tests_left_out,
                "test_files_not_scanned": r.tests_skipped,
                # left out as modules nothing imports or runs (see claude_lint.project.unused)
                "unused_not_reported": r.unused_left_out,
            }
            for r in getattr(result, "repositories", [])
        ],
        "findings": [finding_dict(f) for f in shown],
        "notices": [
            {"kind": n.kind.value, "path": n.path, "line": n.line, "message": n.message, "level": n.level}
            for n in result.notices
        ],
    }
    stats = getattr(result, "baseline", None)
    if stats is not None:
        doc["summary"]["baseline"] = {"files": stats.files, "stale": stats.stale}
    json.dump(json_safe(doc), out, indent=2, sort_keys=False)
    out.write("\n")
