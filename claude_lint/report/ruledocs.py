"""The one renderer of rule documentation.

Every place that shows a rule's documentation goes through this module: ``claude-lint rule
ID``, the generated ``docs/rules.md``, SARIF ``help.markdown`` / ``help.text`` / ``helpUri``
and the links of the Markdown summary.  A rule's own docs (the sections of
:data:`claude_lint.model.DOC_SECTIONS`) are the source; this module only adds a header line
(severity, confidence, tags, CWE, when the rule applies) and changes the form.
"""

from __future__ import annotations

import re

from ..model import DOC_SECTIONS, RuleMeta

#: the generated rule reference; each rule is a ``## <id>`` section of it
DOCS_URL = "https://github.com/claude-lint/claude-lint/blob/main/docs/rules.md"
#: anchor (in the same page) that explains an organisation's custom rules
CUSTOM_RULES_ANCHOR = "custom-rules"
CWE_URL = "https://cwe.mitre.org/data/definitions/{n}.html"

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^(#{1,6})(\s+.*)$")
_URL_RE = re.compile(r"https?://[^\s<>()\]]+")


def help_uri(meta: RuleMeta) -> str:
    """Where a reader finds the rule's documentation: its anchor in the generated docs
    page, or for an organisation's custom rule its first reference URL."""
    if meta.origin == "custom":
        for url in _URL_RE.findall(meta.section("References")):
            return url.rstrip(".,;")
        return f"{DOCS_URL}#{CUSTOM_RULES_ANCHOR}"
    return f"{DOCS_URL}#{anchor(meta.id)}"


def anchor(rule_id: str) -> str:
    """GitHub's heading anchor for ``## <rule_id>`` (ids are kebab-case: the id itself)."""
    return re.sub(r"[^a-z0-9_-]", "", rule_id.lower().replace(" ", "-"))


def header_line(meta: RuleMeta) -> str:
    """``**Severity:** high · **Confidence:** medium · **Tags:** … · **CWE:** … · **Applies:** …``"""
    parts = [f"**Severity:** {meta.severity.value}", f"**Confidence:** {meta.confidence.value}"]
    if meta.tags:
        parts.append("**Tags:** " + ", ".join(f"`{t}`" for t in meta.tags))
    if meta.cwe:
        parts.append("**CWE:** " + ", ".join(f"[CWE-{n}]({CWE_URL.format(n=n)})" for n in meta.cwe))
    parts.append(f"**Applies:** {_applies(meta)}")
    return " · ".join(parts)


def _applies(meta: RuleMeta) -> str:
    policy = (meta.policy or "always").strip()
    return "always" if policy == "always" else f"when the policy sets `{policy}`"


def _sections(meta: RuleMeta) -> list[tuple[str, str]]:
    """The documentation sections in their canonical order, then any others the docs
    carry; empty sections (an organisation's rule without an example) are left out."""
    titles = re.findall(r"^##\s+(.+?)\s*$", meta.docs, re.M)
    ordered = [t for t in DOC_SECTIONS if t in titles] + [t for t in titles if t not in DOC_SECTIONS]
    out = []
    for title in dict.fromkeys(ordered):
        body = meta.section(title)
        if body:
            out.append((title, body))
    return out


def _shift_headings(body: str, level: int) -> str:
    """Put the headings of a section body one level below ``level`` (code blocks untouched)."""
    lines, fenced = [], False
    for line in body.splitlines():
        if _FENCE_RE.match(line):
            fenced = not fenced
        elif not fenced:
            m = _HEADING_RE.match(line)
            if m:
                line = "#" * min(6, max(level + 1, level + len(m.group(1)) - 2)) + m.group(2)
        lines.append(line)
    return "\n".join(lines)


def rule_markdown(meta: RuleMeta, heading_level: int = 2) -> str:
    """The rule's documentation as Markdown: summary, header line, fix hint, then its
    sections as headings of ``heading_level`` (2 → ``## What it does``)."""
    level = max(1, min(6, heading_level))
    out = [sentence(meta.summary), "", header_line(meta)]
    if meta.fix_hint:
        out += ["", f"**Fix:** {meta.fix_hint.strip()}"]
    if not meta.docs.strip():
        return "\n".join(out).strip() + "\n"
    for title, body in _sections(meta):
        out += ["", f"{'#' * level} {title}", "", _shift_headings(body, level)]
    return "\n".join(out).strip() + "\n"


def rule_text(meta: RuleMeta) -> str:
    """The same documentation as plain text (SARIF ``help.text``): no Markdown markup,
    code blocks indented, links written out."""
    out = [sentence(meta.summary), "", _plain(header_line(meta))]
    if meta.fix_hint:
        out += ["", f"Fix: {_plain(meta.fix_hint.strip())}"]
    for title, body in _sections(meta):
        out += ["", title, "-" * len(title), _plain_block(body)]
    out += ["", f"Documentation: {help_uri(meta)}"]
    return "\n".join(out).strip() + "\n"


# --------------------------------------------------------------------------- plain text

_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _plain(text: str) -> str:
    text = _LINK_RE.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return text


def _plain_block(body: str) -> str:
    lines, fenced = [], False
    for line in body.splitlines():
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            lines.append("    " + line if line.strip() else "")
            continue
        m = _HEADING_RE.match(line)
        if m:
            line = m.group(2).strip()
        lines.append(_plain(line))
    return "\n".join(lines).strip("\n")


def capitalize_first(text: str) -> str:
    """Upper-case the first letter unless the first word is an identifier (``inference_geo``)."""
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():
        return text[0].upper() + text[1:]
    return text


def sentence(text: str) -> str:
    """One sentence: whitespace collapsed, first letter capitalised, a final full stop."""
    text = capitalize_first(" ".join(text.split()))
    return text if not text or text[-1] in ".!?…" else text + "."
