"""The text engine: scans the raw text of every discovered file (any type) for credential
formats.  Rules hook in with ``scan_text(ctx)``."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from .. import keys
from ..model import Confidence, Finding, Fix, Location, Notice, NoticeKind, Severity
from ..rule import Rule
from ..textsafe import redact

#: a rule reports at most this many findings per file; the rest is one notice (a file of
#: 100,000 keys on one line must not cost 100,000 passes over that line)
MAX_FINDINGS_PER_RULE = 1000
#: a snippet longer than this is cut to a window around the finding (a 10 MB line is not
#: copied, redacted and hashed once per finding)
SNIPPET_MAX = 20_000
SNIPPET_WINDOW = 200
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=%.")


def excerpt(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """``text[lo:hi]`` (one line or statement) when it is short, else a window of it around
    ``text[start:end]`` with ``…`` at the cuts.  A cut never falls inside a token, so no
    part of another credential is shown without the prefix that gets it redacted."""
    if hi - lo <= SNIPPET_MAX:
        return text[lo:hi]
    a, b = max(lo, start - SNIPPET_WINDOW), min(hi, max(end, start) + SNIPPET_WINDOW)
    while lo < a < start and text[a - 1] in _TOKEN_CHARS:
        a += 1
    while max(end, start) < b < hi and text[b] in _TOKEN_CHARS:
        b -= 1
    return ("…" if a > lo else "") + text[a:b] + ("…" if b < hi else "")


#: the literals every token of :data:`claude_lint.keys.CANDIDATE_RE` starts with (case-sensitive)
_KEY_LITERALS = ("sk-ant-", "ABSK", "bedrock-api-key-")


class TextContext:
    """What a rule sees of one text file."""

    def __init__(self, path: str, text: str, policy: Any, options: dict[str, dict], *, is_python: bool = False):
        self.path = path
        self.text = text
        self.policy = policy
        self.is_python = is_python
        self.findings: list[Finding] = []
        self._options = options
        self._rule: type[Rule] | None = None
        self._line_starts: list[int] | None = None
        self._keys: list[keys.KeyMatch] | None = None
        #: spans that hold a key in pieces or encoded (from ``keys``): never in a snippet
        self._hidden: list[tuple[int, int]] = []
        self._astral: list[int] | None = None
        #: findings per rule id, and the rules that reached MAX_FINDINGS_PER_RULE
        self.counts: dict[str, int] = {}
        self.truncated: set[str] = set()

    def options(self) -> dict:
        assert self._rule is not None
        return self._options.get(self._rule.id, {})

    @property
    def keys(self) -> list[keys.KeyMatch]:
        """Every strict-format, non-placeholder credential in the file (computed once): in
        plain text, split over adjacent literals or escaped in a Python file (not a
        notebook), base64-encoded in a Kubernetes Secret."""
        if self._keys is None:
            text = self.text
            python = self.is_python and not self.path.lower().endswith(".ipynb")
            # every plain candidate token starts with one of these literals: a file without
            # them (a recorded cassette, a lock file) is not run through the candidate regex;
            # Python files can split a key over literals, Secret manifests hold it in base64
            if python or "Secret" in text or any(lit in text for lit in _KEY_LITERALS):
                self._keys = keys.scan_keys(text, python=python)
                self._hidden = [span for k in self._keys for span in k.hide]
            else:
                self._keys = []
        return self._keys

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def snippet_line(self, line: int, lo: int | None = None, hi: int | None = None) -> str:
        """The text of ``line`` with every hidden span on it (a piece of a split key, a
        base64-encoded key) replaced by ``…``; a line without one is windowed around
        ``text[lo:hi]`` when it is long (:func:`excerpt`)."""
        self.keys  # noqa: B018  (computes the hidden spans)
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        cuts = sorted((max(a, start), min(b, end)) for a, b in self._hidden if a < end and b > start)
        if not cuts:
            return excerpt(self.text, start, end, start if lo is None else lo, end if hi is None else hi).rstrip("\r")
        out, pos = [], start
        for a, b in cuts:
            if a >= pos:
                out.append(self.text[pos:a] + "…")
            pos = max(pos, b)
        out.append(self.text[pos:end])
        return "".join(out).rstrip("\r")

    def _u16(self, ls: int, pos: int) -> int:
        """UTF-16 length of ``text[ls:pos]`` without copying it (astral characters count twice)."""
        if self.text.isascii():
            return pos - ls
        if self._astral is None:
            self._astral = [m.start() for m in _ASTRAL.finditer(self.text)]
        return pos - ls + bisect.bisect_left(self._astral, pos) - bisect.bisect_left(self._astral, ls)

    def location(self, start: int, end: int) -> Location:
        """Columns by arithmetic on offsets: the cost does not grow with the line."""
        line = self.line_of(start)
        end_line = self.line_of(max(start, end - 1))
        ls, els = self.line_starts[line - 1], self.line_starts[end_line - 1]
        return Location(
            self.path,
            line,
            start - ls + 1,
            end_line,
            end - els + 1,
            self._u16(ls, start) + 1,
            self._u16(els, end) + 1,
        )

    def report(
        self,
        start: int,
        end: int,
        message: str,
        *,
        secrets: Iterable[str] = (),
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        properties: dict | None = None,
        fix: Fix | None = None,
    ) -> None:
        rule = self._rule
        assert rule is not None
        n = self.counts[rule.id] = self.counts.get(rule.id, 0) + 1
        if n > MAX_FINDINGS_PER_RULE:
            self.truncated.add(rule.id)
            return
        secrets = tuple(secrets)
        loc = self.location(start, end)
        snippet = redact(" ".join(self.snippet_line(loc.line, start, end).split()), secrets)
        self.findings.append(
            Finding(
                rule_id=rule.id,
                message=redact(message, secrets),
                location=loc,
                severity=severity or rule.severity,
                confidence=confidence or rule.confidence,
                snippet=snippet,
                span=(loc.line, loc.end_line),
                fix_hint=rule.fix_hint,
                fix=fix,
                properties=dict(properties or {}),
            )
        )


class TextEngine:
    name = "text"

    def __init__(self, rules: Iterable[Rule]):
        self.rules = [r for r in rules if "text" in r.engines]

    @property
    def active(self) -> bool:
        return bool(self.rules)

    def scan(
        self, path: str, text: str, policy: Any, options: dict[str, dict], *, is_python: bool = False
    ) -> tuple[list[Finding], list[Notice]]:
        ctx = TextContext(path, text, policy, options, is_python=is_python)
        notices: list[Notice] = []
        for rule in self.rules:
            ctx._rule = type(rule)
            try:
                rule.scan_text(ctx)
            except Exception as exc:
                notices.append(
                    Notice(
                        NoticeKind.INTERNAL_ERROR,
                        f"internal error in rule {rule.id}: {type(exc).__name__}: {keys.redact_text(str(exc))[:200]}",
                        path,
                        0,
                        rule.id,
                    )
                )
        for rid in sorted(ctx.truncated):
            notices.append(_truncated(path, rid, ctx.counts[rid]))
        return ctx.findings, notices


def _truncated(path: str, rule_id: str, count: int) -> Notice:
    return Notice(
        NoticeKind.TOO_LARGE,
        f"{count:,} findings of {rule_id} in this file: only the first {MAX_FINDINGS_PER_RULE:,} are reported",
        path,
        0,
        rule_id,
    )
