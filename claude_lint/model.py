"""The one vocabulary of claude-lint.

Engines produce :class:`Finding` objects, reporters consume them; nothing else crosses
between the two.  This module holds no I/O and imports nothing of the package: findings,
locations, severities, confidences, notices, rule metadata (:class:`RuleMeta`; the rule
contract itself is :mod:`claude_lint.rule`), fixes and the client kinds.  What claude-lint
knows about Claude's Python surface is :mod:`claude_lint.surface`.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any


class _Ordered(enum.Enum):
    """An enum whose members compare by their declaration order and parse case-insensitively."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other: _Ordered) -> bool:
        return self.rank < other.rank

    def __le__(self, other: _Ordered) -> bool:
        return self.rank <= other.rank

    def __gt__(self, other: _Ordered) -> bool:
        return self.rank > other.rank

    def __ge__(self, other: _Ordered) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str):
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise ValueError(f"expected one of {', '.join(m.value for m in cls)}, got {text!r}") from None

    def __str__(self) -> str:
        return self.value


class Severity(_Ordered):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    def lowered(self) -> Severity:
        members = list(Severity)
        return members[max(0, self.rank - 1)]


class Confidence(_Ordered):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Location:
    """A place in a file.  Lines are 1-based; columns are 1-based, end column exclusive.

    ``column``/``end_column`` count Unicode code points (what a terminal shows);
    ``column_utf16``/``end_column_utf16`` count UTF-16 code units (what GitHub reads).
    """

    path: str
    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    column_utf16: int = 0
    end_column_utf16: int = 0

    def __post_init__(self) -> None:
        if self.end_line < self.line:
            object.__setattr__(self, "end_line", self.line)
        if self.end_line == self.line and self.end_column < self.column:
            object.__setattr__(self, "end_column", self.column)
        if not self.column_utf16:
            object.__setattr__(self, "column_utf16", self.column)
        if not self.end_column_utf16:
            object.__setattr__(self, "end_column_utf16", self.end_column)


def utf16_len(text: str) -> int:
    """Number of UTF-16 code units in ``text``."""
    return len(text.encode("utf-16-le")) // 2


def location_from_chars(path: str, lines: list[str], line: int, col0: int, end_line: int, end_col0: int) -> Location:
    """Build a Location from 0-based code-point columns, computing the UTF-16 columns too."""

    def u16(ln: int, c: int) -> int:
        text = lines[ln - 1] if 0 < ln <= len(lines) else ""
        if text.isascii():  # O(1): no copy of a long line per finding
            return min(c, len(text)) + 1
        return utf16_len(text[:c]) + 1

    return Location(path, line, col0 + 1, end_line, end_col0 + 1, u16(line, col0), u16(end_line, end_col0))


@dataclass(frozen=True)
class FlowStep:
    """One step of a data flow (SARIF codeFlows): where, and what happened there."""

    location: Location
    message: str


@dataclass(frozen=True)
class Related:
    """Another place of the same cause (SARIF ``relatedLocations``): a use of the constant
    a finding is reported at, the origin a message names, a sibling the same fix clears.

    ``label`` is short and ours ("used here", "built from url", "the request"); ``snippet``
    is the normalised, redacted text of the statement there, so a baseline or a SARIF
    fingerprint written when a finding was reported *here* still matches it (see
    :meth:`Finding.digests`)."""

    location: Location
    label: str
    snippet: str = ""


@dataclass(frozen=True)
class Fix:
    """A safe, lossless edit proposed for a finding (applied through libcst)."""

    title: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suppression:
    justification: str
    line: int
    #: "source": a ``# claude-lint: ignore[...]`` comment; "baseline": accepted in a baseline file
    kind: str = "source"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    message: str
    location: Location
    severity: Severity
    confidence: Confidence
    #: normalised, redacted text of the offending statement; feeds the fingerprint
    snippet: str = ""
    #: first and last line of the enclosing statement (suppressions may sit on any of them)
    span: tuple[int, int] = (0, 0)
    fix_hint: str = ""
    fix: Fix | None = None
    flow: tuple[FlowStep, ...] = ()
    suppression: Suppression | None = None
    #: free-form facts for reporters (e.g. notebook cell number); never a secret
    properties: Mapping[str, Any] = field(default_factory=dict)
    #: the other places of this cause, in file order (one finding per cause, README table)
    related: tuple[Related, ...] = ()
    #: the statement text the fingerprint is computed from when it is not ``snippet``: a
    #: finding whose primary location moved (e.g. to a constant's definition) keeps the
    #: identity of the place it was reported at before, so old baselines and alerts match
    identity: str = ""

    def with_(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)

    def digest(self, path: str | None = None) -> str:
        """32 hex digits identifying this finding without its line number: a hash of the
        rule id, the path (``path`` if given, else the location's) and the normalised,
        redacted statement text.  The SARIF fingerprint and the baseline both build on it."""
        return statement_digest(
            self.rule_id, self.location.path if path is None else path, self.identity or self.snippet or self.message
        )

    def related_digests(self, path: str | None = None) -> list[str]:
        """The :meth:`digest` this finding would have had if it were reported at each related
        location of its own file (a baseline written before it moved matches one of them)."""
        own = self.location.path
        return [
            statement_digest(self.rule_id, own if path is None else path, r.snippet)
            for r in self.related
            if r.snippet and r.location.path == own
        ]


def statement_digest(rule_id: str, path: str, text: str) -> str:
    """32 hex digits: the hash of a rule id, a path and a statement's normalised text."""
    text = " ".join(text.split())
    key = f"{rule_id}\0{path}\0{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class NoticeKind(enum.Enum):
    """Why (part of) a file or an engine was skipped.  Each becomes a SARIF notification."""

    UNREADABLE = "unreadable"
    BINARY = "binary"
    DECODE_ERROR = "decode-error"
    SYNTAX_ERROR = "syntax-error"
    TOO_LARGE = "too-large"
    TOO_DEEP = "too-deep"
    BAD_NOTEBOOK = "bad-notebook"
    SYMLINK = "symlink"
    INTERNAL_ERROR = "internal-error"
    ENGINE_SKIPPED = "engine-skipped"
    RESULTS_TRUNCATED = "results-truncated"


#: notices that mean the scan did not see everything (exit 4 under --strict)
INCOMPLETE_KINDS = frozenset(
    {
        NoticeKind.UNREADABLE,
        NoticeKind.BINARY,
        NoticeKind.DECODE_ERROR,
        NoticeKind.SYNTAX_ERROR,
        NoticeKind.TOO_LARGE,
        NoticeKind.TOO_DEEP,
        NoticeKind.BAD_NOTEBOOK,
        NoticeKind.INTERNAL_ERROR,
        NoticeKind.ENGINE_SKIPPED,
    }
)


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    message: str
    path: str = ""
    line: int = 0
    rule_id: str = ""

    @property
    def level(self) -> str:
        return "error" if self.kind in (NoticeKind.INTERNAL_ERROR,) else "warning"

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.kind.value, self.message)


# --------------------------------------------------------------------------- rules

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")
RULE_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class RuleMeta:
    """What every output needs to know about a rule, whichever engine runs it."""

    id: str
    summary: str
    docs: str
    severity: Severity
    confidence: Confidence
    tags: tuple[str, ...] = ()
    cwe: tuple[int, ...] = ()
    fix_hint: str = ""
    engines: tuple[str, ...] = ("python",)
    policy: str = "always"
    origin: str = "builtin"  # builtin | custom (an organisation's semgrep rule)
    source: str = ""  # file that defines the rule

    @property
    def name(self) -> str:
        """A readable PascalCase name distinct from the id (SARIF ``name``)."""
        return "".join(part.capitalize() for part in self.id.split("-"))

    def section(self, title: str) -> str:
        """The text of one documentation section (empty if absent)."""
        pattern = re.compile(r"^##\s+" + re.escape(title) + r"\s*$", re.M)
        m = pattern.search(self.docs)
        if not m:
            return ""
        rest = self.docs[m.end() :]
        nxt = re.search(r"^##\s+", rest, re.M)
        return (rest[: nxt.start()] if nxt else rest).strip()

    @property
    def description(self) -> str:
        return " ".join(self.section("What it does").split()) or self.summary


# --------------------------------------------------------------------------- Claude clients


class ClientKind(enum.Enum):
    FIRST_PARTY = "first-party"
    BEDROCK = "bedrock"
    VERTEX = "vertex"
    FOUNDRY = "foundry"


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)
