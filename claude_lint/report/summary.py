"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and pull-request comments: counts per
rule and severity, then the top findings with links to the code and to the rule docs."""

from __future__ import annotations

import os
from collections import Counter
from typing import TextIO

from ..model import Finding, Severity
from ..textsafe import md, md_code
from .text import tests_line

TOP = 25
_ICON = {Severity.CRITICAL: "🛑", Severity.HIGH: "🔴", Severity.MEDIUM: "🟠", Severity.LOW: "🔵"}


def _code_link(path: str, line: int) -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repo, sha = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_SHA")
    label = md_code(f"{path}:{line}", table=True)
    if repo and sha:
        return f"[{label}]({_url(f'{server}/{repo}/blob/{sha}/')}{_url(path, safe='/')}#L{line})"
    return label


def _url(text: str, safe: str = ":/?#@!$&'*+,;=%-._~") -> str:
    """A link destination that cannot end the link or the table cell early."""
    from urllib.parse import quote

    return quote(text, safe=safe)


def _rule_link(meta, rule_id: str) -> str:
    try:
        from .ruledocs import help_uri

        code = md_code(rule_id, table=True)
        return f"[{code}]({_url(help_uri(meta))})" if meta is not None else code
    except ImportError:
        return md_code(rule_id, table=True)


def _cell(text: str) -> str:
    """Text from a scanned file in a table cell or list item (see :mod:`..textsafe`)."""
    return md(text)


def _related(f: Finding) -> str:
    """`` (also: L15 used here, L22 used here …)`` after a message, linked where GitHub
    names the commit; labels are escaped like any text from a file."""
    if not f.related:
        return ""
    shown = [f"{_code_link(r.location.path, r.location.line)} {_cell(r.label)}" for r in f.related[:5]]
    more = len(f.related) - len(shown)
    return " (related: " + ", ".join(shown) + (f" and {more} more" if more > 0 else "") + ")"


def write(result, out: TextIO, **_: object) -> None:
    findings = result.active_findings
    by_sev = Counter(f.severity for f in findings)
    suppressed = len(result.suppressed_findings)
    baselined = len(result.baselined_findings)
    out.write("## claude-lint\n\n")
    if not findings:
        out.write(f"✅ No findings in {result.files_scanned} files scanned.\n")
    else:
        parts = ", ".join(f"{_ICON[s]} {by_sev[s]} {s.value}" for s in sorted(by_sev, reverse=True))
        out.write(
            f"**{len(findings)} finding{'s' if len(findings) != 1 else ''}** ({parts}) "
            f"in {result.files_scanned} files scanned.\n"
        )
    if suppressed:
        out.write(f"\n{suppressed} finding{'s' if suppressed != 1 else ''} suppressed in the source.\n")
    if baselined:
        out.write(f"\n{baselined} finding{'s' if baselined != 1 else ''} accepted in the baseline.\n")
    left = tests_line(getattr(result, "repositories", []))
    if left:
        out.write(f"\n{left.replace('--include-tests', '`--include-tests`')}.\n")
    if findings:
        per_rule: dict[str, Counter] = {}
        for f in findings:
            per_rule.setdefault(f.rule_id, Counter())[f.severity] += 1
        out.write("\n| rule | " + " | ".join(s.value for s in sorted(Severity, reverse=True)) + " | total |\n")
        out.write("|---|" + "---:|" * (len(Severity) + 1) + "\n")
        for rid, counts in sorted(
            per_rule.items(), key=lambda kv: (-max(s.rank for s in kv[1]), -sum(kv[1].values()), kv[0])
        ):
            cells = " | ".join(str(counts.get(s, 0) or "") for s in sorted(Severity, reverse=True))
            out.write(f"| {_rule_link(result.rules.get(rid), rid)} | {cells} | {sum(counts.values())} |\n")
        top = sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key))[:TOP]
        out.write("\n### Top findings\n\n| severity | where | rule | message |\n|---|---|---|---|\n")
        for f in top:
            out.write(
                f"| {_ICON[f.severity]} {f.severity.value} | {_code_link(f.location.path, f.location.line)} | "
                f"{md_code(f.rule_id, table=True)} | {_cell(f.message)}{_related(f)} |\n"
            )
        if len(findings) > TOP:
            out.write(f"\n…and {len(findings) - TOP} more.\n")
    if result.notices:
        out.write(
            f"\n<details><summary>{len(result.notices)} notice{'s' if len(result.notices) != 1 else ''}"
            " (files or engines skipped)</summary>\n\n"
        )
        for n in result.notices[:100]:
            where = md_code(f"{n.path}{':' + str(n.line) if n.line else ''}") + " " if n.path else ""
            out.write(f"- {where}{_cell(n.message)}\n")
        out.write("\n</details>\n")
