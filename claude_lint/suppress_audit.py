"""``claude-lint suppressions``: every in-source suppression, for an audit.

The comments are found and applied exactly as ``check`` does (discovery and engines of
:mod:`.runner`, parsing and matching of :mod:`.suppress`); this module only tabulates what
each one did.  Per rule id a suppression names, the state is:

* ``used`` — it suppresses at least one finding of that rule;
* ``unused`` — the rule ran on the file and found nothing there to suppress;
* ``inactive`` — the rule did not run on the file (deselected, disabled or excluded by the
  policy), so the suppression cannot be judged;
* ``unknown`` — no rule has that id.

A comment's status: ``used`` (every id used), ``partly used``, ``unused`` (none used, at least
one unused or unknown), ``inactive`` (none could be judged), ``no rule id``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from . import __version__
from .textsafe import inert, json_safe


@dataclass(frozen=True)
class AuditEntry:
    path: str
    line: int
    column: int
    rules: tuple[tuple[str, str], ...]  # (rule id, state)
    reason: str
    text: str

    @property
    def status(self) -> str:
        states = [s for _r, s in self.rules]
        if not states:
            return "no rule id"
        if all(s == "used" for s in states):
            return "used"
        if "used" in states:
            return "partly used"
        if any(s in ("unused", "unknown") for s in states):
            return "unused"
        return "inactive"

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column)

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rules": [{"id": r, "state": s} for r, s in self.rules],
            "reason": self.reason,
            "status": self.status,
            "comment": self.text,
        }


def audit(
    path: str, comments: Iterable, active: Callable[[str], bool], known: Callable[[str], bool]
) -> list[AuditEntry]:
    """One entry per suppression comment of a file, after :func:`suppress.apply` ran on it."""
    out = []
    for c in comments:
        rules = []
        for rid in c.ids:
            if rid in c.used:
                state = "used"
            elif not known(rid):
                state = "unknown"
            elif not active(rid):
                state = "inactive"
            else:
                state = "unused"
            rules.append((rid, state))
        out.append(AuditEntry(path, c.line, c.column, tuple(rules), c.reason, c.text))
    return out


def _counts(entries: list[AuditEntry]) -> dict[str, int]:
    out = {"suppressions": len(entries), "files": len({e.path for e in entries})}
    for status in ("used", "partly used", "unused", "inactive", "no rule id"):
        out[status.replace(" ", "_")] = sum(1 for e in entries if e.status == status)
    out["without_reason"] = sum(1 for e in entries if not e.reason)
    return out


def write_text(entries: list[AuditEntry], out: TextIO) -> None:
    if entries:
        rows = []
        for e in entries:
            rules = ", ".join(
                r if s == "used" or e.status in ("unused", "inactive") else f"{r} ({s})" for r, s in e.rules
            )
            rows.append(
                (
                    f"{inert(e.path)}:{e.line}",
                    e.status,
                    inert(rules) or "-",
                    inert(e.reason) if e.reason else "(no reason)",
                )
            )
        head = ("where", "status", "rules", "reason")
        widths = [max(len(head[i]), *(len(r[i]) for r in rows)) for i in range(3)]
        for row in (head, *rows):
            out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3] + "\n")
    n = _counts(entries)
    noun = "suppression" if n["suppressions"] == 1 else "suppressions"
    parts = [
        f"{n[k]} {label}"
        for k, label in (
            ("used", "used"),
            ("partly_used", "partly used"),
            ("unused", "unused"),
            ("inactive", "inactive"),
            ("no_rule_id", "without a rule id"),
            ("without_reason", "without a reason"),
        )
        if n[k]
    ]
    out.write(
        f"{n['suppressions']} {noun} in {n['files']} file{'s' if n['files'] != 1 else ''}"
        + (f": {', '.join(parts)}" if parts else "")
        + ".\n"
    )


def write_json(entries: list[AuditEntry], out: TextIO) -> None:
    doc = {
        "tool": {"name": "claude-lint", "version": __version__},
        "summary": _counts(entries),
        "suppressions": [e.as_json() for e in entries],
    }
    json.dump(json_safe(doc), out, indent=2)
    out.write("\n")
