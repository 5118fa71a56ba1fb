"""The text engine: scans the raw text of every discovered file (any type) for credential
formats.  Rules hook in with ``scan_text(ctx)``."""

from __future__ import annotations

import bisect
from typing import Any, Iterable

from .. import keys
from ..model import Confidence, Finding, Fix, Location, Notice, NoticeKind, Rule, Severity, utf16_len

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

    def options(self) -> dict:
        assert self._rule is not None
        return self._options.get(self._rule.id, {})

    @property
    def keys(self) -> list[keys.KeyMatch]:
        """Every strict-format, non-placeholder credential in the file (computed once)."""
        if self._keys is None:
            text = self.text
            # every candidate token starts with one of these literals: a file without them (a
            # recorded cassette, a lock file) is not run through the candidate regex
            if any(lit in text for lit in _KEY_LITERALS):
                self._keys = keys.find_keys(text)
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

    def location(self, start: int, end: int) -> Location:
        line = self.line_of(start)
        end_line = self.line_of(max(start, end - 1))
        ls, els = self.line_starts[line - 1], self.line_starts[end_line - 1]
        text_l = self.text[ls:start]
        text_el = self.text[els:end]
        return Location(
            self.path,
            line,
            len(text_l) + 1,
            end_line,
            len(text_el) + 1,
            utf16_len(text_l) + 1,
            utf16_len(text_el) + 1,
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
        secrets = tuple(secrets)
        loc = self.location(start, end)
        snippet = keys.redact_text(" ".join(self.line_text(loc.line).split()), secrets)
        self.findings.append(
            Finding(
                rule_id=rule.id,
                message=keys.redact_text(message, secrets),
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
                rule.scan_text(ctx)  # type: ignore[attr-defined]
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
        return ctx.findings, notices
