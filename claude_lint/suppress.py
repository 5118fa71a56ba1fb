"""In-source suppressions: ``# claude-lint: ignore[rule-id, other-id] reason``.

A suppression applies to a finding when it sits on any line of the finding's statement
(every line of a multi-line call) — where the finding is reported, not at its related
locations: a comment left at a place that is now only related is reported by
``unused-suppression`` with the line to move it to.  It is applied once, after all engines, to every
engine's findings.  A suppression without a reason is reported (``suppression-without-reason``)
and so is one that suppresses nothing (``unused-suppression``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import Confidence, Finding, Location, Severity, Suppression
from .textsafe import redact

SUPPRESSION_RE = re.compile(r"claude-lint:\s*ignore\[([^\]]*)\](.*)")
_REASON_TRIM = re.compile(r"^[\s\-:—–,;.]+|[\s\-:—–,;.\"']+$|-->$|\*/$")


@dataclass
class Comment:
    line: int  # file line
    column: int  # 1-based
    ids: tuple[str, ...]
    reason: str
    text: str
    used: set[str] = field(default_factory=set)


def _parse(text: str, line: int, column: int) -> Comment | None:
    """The comment's ids, reason and text leave the file here: each is redacted (a key pasted
    into the id list or the reason is never printed, cached or audited in full)."""
    m = SUPPRESSION_RE.search(text)
    if not m:
        return None
    ids = tuple(redact(i.strip()) for i in m.group(1).split(",") if i.strip())
    reason = redact(_REASON_TRIM.sub("", m.group(2).strip()).strip())
    return Comment(line, column + m.start(), ids, reason, redact(m.group(0).strip()))


def python_comments(source: str, line_map: Callable[[int], int] = lambda n: n) -> list[Comment]:
    """Suppression comments of Python source, read with ``tokenize`` so that text inside
    strings never counts; falls back to a line scan if the source does not tokenize."""
    out: list[Comment] = []
    if "claude-lint" not in source:
        return out
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT and "claude-lint" in tok.string:
                c = _parse(tok.string, line_map(tok.start[0]), tok.start[1] + 1)
                if c:
                    out.append(c)
        return out
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [c for c in (text_comments(source, line_map)) if c]


def text_comments(text: str, line_map: Callable[[int], int] = lambda n: n) -> list[Comment]:
    """Suppression comments of any text file (``#``, ``//``, ``<!-- -->`` …): one per line."""
    out: list[Comment] = []
    if "claude-lint" not in text:
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        if "claude-lint" in line:
            c = _parse(line, line_map(number), 1)
            if c:
                out.append(c)
    return out


def statement_spans(tree: ast.AST, line_map: Callable[[int], int] = lambda n: n) -> dict[int, tuple[int, int]]:
    """For every line of a multi-line simple statement (or compound header), the span of
    that statement in file lines.  Used for findings of the text engine in Python files."""
    spans: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        start = node.lineno
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            end = max(start, body[0].lineno - 1)
        else:
            end = node.end_lineno or start
        if end > start:
            span = (line_map(start), line_map(end))
            for ln in range(start, end + 1):
                spans[line_map(ln)] = span
    return spans


def apply(
    findings: list[Finding],
    comments: list[Comment],
    path: str,
    active: Callable[[str], bool],
    known: Callable[[str], bool],
    meta_severity: Callable[[str], tuple[Severity, Confidence, str]],
) -> list[Finding]:
    """Mark suppressed findings; add findings for suppressions without a reason or unused.

    ``active(rule_id)`` says whether the rule ran on this file (an unused suppression of a
    rule that did not run is not reported); ``known(rule_id)`` whether the id exists.
    """
    if not comments:
        return findings
    by_line: dict[int, list[Comment]] = {}
    for c in comments:
        by_line.setdefault(c.line, []).append(c)
    out: list[Finding] = []
    for f in findings:
        lo, hi = f.span if f.span[0] else (f.location.line, f.location.end_line)
        hit = None
        for ln in range(lo, max(lo, hi) + 1):
            for c in by_line.get(ln, ()):
                if f.rule_id in c.ids:
                    hit = c
                    break
            if hit:
                break
        if hit:
            hit.used.add(f.rule_id)
            f = f.with_(suppression=Suppression(hit.reason, hit.line))
        out.append(f)

    for c in comments:
        loc = Location(path, c.line, c.column, c.line, c.column + len(c.text))
        if not c.ids:
            sev, conf, hint = meta_severity("unused-suppression")
            out.append(_meta("unused-suppression", "Suppression names no rule id", loc, c, sev, conf, hint))
            continue
        if not c.reason:
            sev, conf, hint = meta_severity("suppression-without-reason")
            out.append(
                _meta(
                    "suppression-without-reason",
                    f"Suppression of {', '.join(c.ids)} gives no reason",
                    loc,
                    c,
                    sev,
                    conf,
                    hint,
                )
            )
        for rid in c.ids:
            if rid in c.used:
                continue
            if not known(rid):
                sev, conf, hint = meta_severity("unused-suppression")
                out.append(
                    _meta("unused-suppression", f"Suppression names unknown rule {rid!r}", loc, c, sev, conf, hint)
                )
            elif active(rid):
                sev, conf, hint = meta_severity("unused-suppression")
                primary = _related_here(findings, rid, c.line)
                if primary is not None:
                    message = (
                        f"Suppression of {rid} sits at a related location of the finding on line "
                        f"{primary.location.line}, and a suppression applies only where a finding is "
                        f"reported: move it to line {primary.span[0] or primary.location.line}"
                    )
                    hint = f"Move the comment to line {primary.span[0] or primary.location.line}, where the {rid} finding is reported."
                else:
                    message = f"Suppression of {rid} matches no finding here"
                out.append(_meta("unused-suppression", message, loc, c, sev, conf, hint))
    return out


def _related_here(findings: list[Finding], rule_id: str, line: int) -> Finding | None:
    """The finding of ``rule_id`` that lists a related location on ``line`` (the place it
    used to be reported at, or a sibling merged into it), if any."""
    for f in findings:
        if f.rule_id == rule_id and any(
            r.location.line <= line <= r.location.end_line for r in f.related if r.location.path == f.location.path
        ):
            return f
    return None


def _meta(rule_id: str, message: str, loc: Location, c: Comment, sev: Severity, conf: Confidence, hint: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        message=message,
        location=loc,
        severity=sev,
        confidence=conf,
        snippet=c.text,
        span=(c.line, c.line),
        fix_hint=hint,
    )


def suppressed(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.suppression is not None]
