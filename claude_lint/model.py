"""The one vocabulary of claude-lint.

Engines produce :class:`Finding` objects, reporters consume them; nothing else crosses
between the two.  This module holds no I/O.  It also holds the one table of Claude client
kinds (DESIGN §1) that every rule shares.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Iterable, Mapping


class _Ordered(enum.Enum):
    """An enum whose members compare by their declaration order and parse case-insensitively."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other: "_Ordered") -> bool:  # type: ignore[override]
        return self.rank < other.rank

    def __le__(self, other: "_Ordered") -> bool:  # type: ignore[override]
        return self.rank <= other.rank

    def __gt__(self, other: "_Ordered") -> bool:  # type: ignore[override]
        return self.rank > other.rank

    def __ge__(self, other: "_Ordered") -> bool:  # type: ignore[override]
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

    def lowered(self) -> "Severity":
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


def location_from_chars(
    path: str, lines: list[str], line: int, col0: int, end_line: int, end_col0: int
) -> Location:
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

    def with_(self, **changes: Any) -> "Finding":
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)

    def digest(self, path: str | None = None) -> str:
        """32 hex digits identifying this finding without its line number: a hash of the
        rule id, the path (``path`` if given, else the location's) and the normalised,
        redacted statement text.  The SARIF fingerprint and the baseline both build on it."""
        import hashlib

        text = " ".join((self.snippet or self.message).split())
        key = "\0".join((self.rule_id, self.location.path if path is None else path, text))
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
        rest = self.docs[m.end():]
        nxt = re.search(r"^##\s+", rest, re.M)
        return (rest[: nxt.start()] if nxt else rest).strip()

    @property
    def description(self) -> str:
        return " ".join(self.section("What it does").split()) or self.summary


class Rule:
    """Base class of built-in rules.  One subclass per module in ``claude_lint/checks``.

    The class docstring is the rule's documentation (sections of ``DOC_SECTIONS``).
    A rule hooks into the engines by defining any of:

    * ``scan_text(self, ctx)`` — called by the text engine for every discovered text file;
    * ``visit_<AstNode>(self, node, ctx)`` — called by the Python engine during its single
      traversal of each candidate Python file;
    * ``finish(self, ctx)`` — called by the Python engine after the traversal of a file.

    Rules produced by an engine itself (suppression bookkeeping) define none of them and
    set ``engines`` explicitly.
    """

    id: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence]
    tags: ClassVar[tuple[str, ...]] = ()
    cwe: ClassVar[tuple[int, ...]] = ()
    fix_hint: ClassVar[str] = ""
    policy: ClassVar[str] = "always"
    engines: ClassVar[tuple[str, ...]] = ()
    #: for text rules: byte strings (matched case-insensitively) of which every file the
    #: rule can fire on contains at least one — files with none are skipped unread
    text_prefilter: ClassVar[tuple[bytes, ...]] = ()
    #: per-rule options the policy file may set: name -> (type, default)
    options: ClassVar[Mapping[str, tuple[type, Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not RULE_ID_RE.match(getattr(cls, "id", "")):
            raise TypeError(f"{cls.__name__}: rule id {getattr(cls, 'id', None)!r} is not kebab-case")
        if not cls.engines:
            found = []
            if "scan_text" in cls.__dict__:
                found.append("text")
            if any(name.startswith("visit_") or name == "finish" for name in cls.__dict__):
                found.append("python")
            cls.engines = tuple(found)

    @classmethod
    def meta(cls) -> RuleMeta:
        import inspect
        import sys

        return RuleMeta(
            id=cls.id,
            summary=cls.summary,
            docs=inspect.cleandoc(cls.__doc__ or ""),
            severity=cls.severity,
            confidence=cls.confidence,
            tags=tuple(cls.tags),
            cwe=tuple(cls.cwe),
            fix_hint=cls.fix_hint,
            engines=tuple(cls.engines),
            policy=cls.policy,
            source=getattr(sys.modules.get(cls.__module__), "__file__", "") or "",
        )


# --------------------------------------------------------------------------- Claude clients

class ClientKind(enum.Enum):
    FIRST_PARTY = "first-party"
    BEDROCK = "bedrock"
    VERTEX = "vertex"
    FOUNDRY = "foundry"


@dataclass(frozen=True)
class ClientClass:
    name: str
    kind: ClientKind
    is_async: bool
    #: keyword arguments that carry a credential
    credential_args: tuple[str, ...]
    #: positional parameters, in order, where the constructor takes them positionally
    positional: tuple[str, ...] = ()


_FIRST_PARTY_CREDS = ("api_key", "auth_token", "webhook_key")
_AWS_CREDS = ("api_key", "aws_secret_key", "aws_access_key", "aws_session_token")


def _pair(name: str, kind: ClientKind, creds: tuple[str, ...], positional: tuple[str, ...] = ()):
    return (
        ClientClass(name, kind, False, creds, positional),
        ClientClass("Async" + name, kind, True, creds, positional),
    )


#: Every client class of the ``anthropic`` package (claude-surface §1).  AnthropicAWS and
#: AnthropicGoogleCloud speak the first-party API and take inference_geo (DESIGN §1).
CLIENT_CLASSES: dict[str, ClientClass] = {
    c.name: c
    for c in (
        *_pair("Anthropic", ClientKind.FIRST_PARTY, _FIRST_PARTY_CREDS),
        ClientClass("Client", ClientKind.FIRST_PARTY, False, _FIRST_PARTY_CREDS),
        ClientClass("AsyncClient", ClientKind.FIRST_PARTY, True, _FIRST_PARTY_CREDS),
        *_pair("AnthropicAWS", ClientKind.FIRST_PARTY, _AWS_CREDS + ("auth_token",)),
        *_pair("AnthropicGoogleCloud", ClientKind.FIRST_PARTY, ()),
        *_pair(
            "AnthropicBedrock",
            ClientKind.BEDROCK,
            _AWS_CREDS,
            positional=("aws_secret_key", "aws_access_key", "aws_region"),
        ),
        *_pair("AnthropicBedrockMantle", ClientKind.BEDROCK, _AWS_CREDS),
        *_pair("AnthropicVertex", ClientKind.VERTEX, ("access_token",)),
        *_pair("AnthropicFoundry", ClientKind.FOUNDRY, ("api_key",)),
    )
}

#: Modules that export the client classes (the class name is the last dotted part).
CLIENT_MODULES = (
    "anthropic",
    "anthropic._client",
    "anthropic.lib.bedrock",
    "anthropic.lib.bedrock._client",
    "anthropic.lib.bedrock._mantle",
    "anthropic.lib.vertex",
    "anthropic.lib.vertex._client",
    "anthropic.lib.aws",
    "anthropic.lib.aws._client",
    "anthropic.lib.google_cloud",
    "anthropic.lib.google_cloud._client",
    "anthropic.lib.foundry",
)


def client_class(qualname: str | None) -> ClientClass | None:
    """The Claude client class a fully qualified name denotes, if any."""
    if not qualname or "." not in qualname:
        return None
    module, _, name = qualname.rpartition(".")
    if module in CLIENT_MODULES and name in CLIENT_CLASSES:
        return CLIENT_CLASSES[name]
    return None


@dataclass(frozen=True)
class Wrapper:
    """A wrapper library entry point that ends up calling Claude (claude-surface §7)."""

    qualname: str
    kind: ClientKind | None
    credential_args: tuple[str, ...]
    #: the wrapper reaches Claude only when its model argument names a Claude model
    needs_claude_model: bool = False
    #: keyword (or positional index) holding the model string
    model_args: tuple[str | int, ...] = ()


WRAPPERS: dict[str, Wrapper] = {
    w.qualname: w
    for w in (
        Wrapper("langchain_anthropic.ChatAnthropic", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper("langchain_anthropic.chat_models.ChatAnthropic", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper("langchain_anthropic.AnthropicLLM", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper("langchain_anthropic.llms.AnthropicLLM", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper("langchain_community.chat_models.ChatAnthropic", ClientKind.FIRST_PARTY, ("anthropic_api_key", "api_key")),
        Wrapper(
            "langchain_aws.ChatAnthropicBedrock",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ),
        Wrapper(
            "langchain_aws.chat_models.ChatAnthropicBedrock",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ),
        Wrapper(
            "langchain_aws.ChatAnthropicMantle",
            ClientKind.BEDROCK,
            ("bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ),
        Wrapper(
            "langchain_aws.ChatBedrock",
            ClientKind.BEDROCK,
            ("api_key", "bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model_id", "model"),
        ),
        Wrapper(
            "langchain_aws.ChatBedrockConverse",
            ClientKind.BEDROCK,
            ("api_key", "bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model", "model_id"),
        ),
        Wrapper(
            "langchain_google_vertexai.model_garden.ChatAnthropicVertex",
            ClientKind.VERTEX,
            ("access_token",),
        ),
        Wrapper("litellm.completion", None, ("api_key",), needs_claude_model=True, model_args=("model", 0)),
        Wrapper("litellm.acompletion", None, ("api_key",), needs_claude_model=True, model_args=("model", 0)),
        Wrapper("litellm.anthropic.messages.create", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("litellm.anthropic.messages.acreate", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("llama_index.llms.anthropic.Anthropic", ClientKind.FIRST_PARTY, ("api_key", "aws_secret_access_key", "aws_access_key_id")),
        Wrapper("pydantic_ai.providers.anthropic.AnthropicProvider", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("instructor.from_provider", None, ("api_key",), needs_claude_model=True, model_args=(0, "model")),
        Wrapper("dspy.LM", None, ("api_key",), needs_claude_model=True, model_args=(0, "model")),
        Wrapper("agno.models.anthropic.Claude", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("autogen_ext.models.anthropic.AnthropicChatCompletionClient", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper(
            "autogen_ext.models.anthropic.AnthropicBedrockChatCompletionClient",
            ClientKind.BEDROCK,
            ("api_key", "aws_secret_access_key", "aws_access_key_id"),
        ),
        Wrapper("strands.models.anthropic.AnthropicModel", ClientKind.FIRST_PARTY, ("api_key",)),
    )
}

#: Environment variables that hold a Claude credential.
KEY_ENV_VARS = frozenset(
    {
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_ADMIN_KEY",
        "ANTHROPIC_ADMIN_API_KEY",
        "ANTHROPIC_AWS_API_KEY",
        "ANTHROPIC_FOUNDRY_API_KEY",
        "ANTHROPIC_WEBHOOK_SIGNING_KEY",
        "AWS_BEARER_TOKEN_BEDROCK",
        "CLAUDE_API_KEY",
    }
)

#: Environment variables that hold a consumer (subscription / claude.ai) credential.
CONSUMER_ENV_VARS = frozenset({"CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_SESSION_KEY", "CLAUDE_COOKIE"})

#: Regex fragment a model string must match to name a Claude model.
CLAUDE_MODEL_RE = re.compile(r"(?i)(^|[/.:@\s])(anthropic[./]|claude)|claude-")


def is_claude_model(value: str) -> bool:
    return bool(CLAUDE_MODEL_RE.search(value))


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)
