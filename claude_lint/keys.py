"""Claude credential formats, placeholder detection and redaction (claude-surface §4).

Shared by the text engine and the Python rules so that one key is classified once: the
key format decides the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Strict formats: what gitleaks/TruffleHog accept (93 characters then "AA").
_BODY = r"[A-Za-z0-9_\-]"


@dataclass(frozen=True)
class KeyFormat:
    name: str
    rule_id: str
    label: str
    strict: re.Pattern[str]


KEY_FORMATS: tuple[KeyFormat, ...] = (
    KeyFormat("api03", "hardcoded-api-key", "Anthropic API key", re.compile(rf"sk-ant-api03-{_BODY}{{93}}AA")),
    KeyFormat("admin01", "hardcoded-api-key", "Anthropic Admin API key", re.compile(rf"sk-ant-admin01-{_BODY}{{93}}AA")),
    KeyFormat("absk", "hardcoded-api-key", "Amazon Bedrock API key", re.compile(r"ABSK[A-Za-z0-9+/]{109,269}={0,2}")),
    KeyFormat(
        "bedrock-short",
        "hardcoded-api-key",
        "Amazon Bedrock short-lived API key",
        re.compile(r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_\-]{20,}"),
    ),
    KeyFormat("sid01", "consumer-credential", "claude.ai session key", re.compile(rf"sk-ant-sid01-{_BODY}{{40,}}")),
    KeyFormat("oat01", "consumer-credential", "Claude subscription OAuth access token", re.compile(rf"sk-ant-oat01-{_BODY}{{40,}}")),
    KeyFormat("ort01", "consumer-credential", "Claude subscription OAuth refresh token", re.compile(rf"sk-ant-ort01-{_BODY}{{40,}}")),
)

#: One regex over raw text that finds every candidate token (strict or not).
CANDIDATE_RE = re.compile(
    r"(?<![A-Za-z0-9_\-])(sk-ant-(?:api\d\d|admin\d\d|sid\d\d|oat\d\d|ort\d\d)-[A-Za-z0-9_\-.]*"
    r"|ABSK[A-Za-z0-9+/]{40,}={0,2}"
    r"|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_\-]*)"
)
CANDIDATE_BYTES_RE = re.compile(CANDIDATE_RE.pattern.encode())

#: words that mark a value as a placeholder when they stand as a word of their own
PLACEHOLDER_WORDS = frozenset(
    """your my insert replace change changeme placeholder example sample dummy fake mock test
    testing redacted xxx xxxx todo fixme here none null nil undefined invalid fill enter put
    key secret token apikey api password pass sk ant api03 admin01 sid01 oat01 ort01 real not
    a an the goes value demo foo bar baz abc hidden removed omitted""".split()
)
#: placeholder words that give a value away even beside other words ("dummy-token-123")
_DISTINCTIVE_WORDS = frozenset(
    """your insert replace changeme placeholder example sample dummy fake mock test testing redacted
    xxx xxxx todo fixme none null nil undefined invalid demo foo bar baz hidden removed omitted""".split()
)
_TEMPLATE = re.compile(r"<[^>]*>|\$\{|\{\{|%\(|\$[A-Z_]{3,}|\*{3,}|x{4,}|X{4,}")


def _low_entropy(body: str) -> bool:
    """All-same characters, short repeating runs, or too few distinct characters."""
    if not body:
        return True
    distinct = len(set(body))
    if distinct <= 2:
        return True
    if len(body) >= 24 and distinct < 8:
        return True
    # a short unit repeated (abcabcabc..., 0123456789012345...)
    for unit in range(1, 11):
        if len(body) >= unit * 3 and body == (body[:unit] * (len(body) // unit + 1))[: len(body)]:
            return True
    return False


_STRICT_PLACEHOLDER = re.compile(
    r"(?i)(^|[-_])(your|test|fake|mock|dummy|example|sample|placeholder|replace|insert|redacted|"
    r"changeme|secret)([-_]|$)|xxxx|0000|\.\.\."
)


def is_placeholder(value: str, *, min_length: int = 12, strict_format: bool = False) -> bool:
    """True for values that are evidently not real secrets.

    Placeholders: ``...``/ellipses, ``your-key-here``, ``xxxx``, ``REPLACE``, template
    syntax (``<key>``, ``${VAR}``, ``{{ key }}``), test/dummy/fake words, all-same or
    repeating characters, and anything shorter than ``min_length``.

    For a token that already matches a strict key format (``strict_format``), only
    delimited placeholder words count: random key bodies contain short words by chance.
    """
    v = value.strip().strip("'\"")
    if len(v) < min_length:
        return True
    body = re.sub(r"^(sk-ant-[a-z]+\d\d-|ABSK)", "", v)
    if "\u2026" in v or "..." in v:
        return True
    core = re.sub(r"[^A-Za-z0-9]", "", body)
    if strict_format:
        return bool(_STRICT_PLACEHOLDER.search(body)) or _low_entropy(core)
    if body.endswith(".") or _TEMPLATE.search(v):
        return True
    words = [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", v) if w]
    if words and all(w.lower() in PLACEHOLDER_WORDS or w.isdigit() for w in words):
        return True  # made only of placeholder words: "your-api-key-here", "sk-ant-test"
    if any(w.lower() in _DISTINCTIVE_WORDS for w in words):
        return True  # a distinctive placeholder word of its own: "dummy", "fake", "example"
    if len(core) < min_length // 2:
        return True
    return _low_entropy(core)


@dataclass(frozen=True)
class KeyMatch:
    start: int
    end: int
    token: str
    format: KeyFormat | None  # None: an Anthropic-looking token that matches no strict format

    @property
    def rule_id(self) -> str | None:
        return self.format.rule_id if self.format else None


def classify(token: str) -> KeyFormat | None:
    """The strict format a whole token matches, if any (ignoring placeholders)."""
    for fmt in KEY_FORMATS:
        m = fmt.strict.match(token)
        if m and m.end() == len(token):
            return fmt
    return None


def find_keys(text: str) -> list[KeyMatch]:
    """Every credential-looking token in ``text`` that matches a strict format and is not a
    placeholder.  A token that runs longer than the format (gitleaks' boundary) is not a key."""
    out: list[KeyMatch] = []
    for m in CANDIDATE_RE.finditer(text):
        token = m.group(1).rstrip(".")
        fmt = classify(token)
        if fmt is None or is_placeholder(token, strict_format=True):
            continue
        out.append(KeyMatch(m.start(1), m.start(1) + len(token), token, fmt))
    return out


def redact(value: str) -> str:
    """Show at most a known prefix and the last four characters."""
    v = value
    m = re.match(r"^(sk-ant-[a-z]+\d\d-|ABSK|bedrock-api-key-)", v)
    prefix = m.group(1) if m else ""
    if len(v) - len(prefix) <= 8:
        return prefix + "…" if prefix else "…"
    return f"{prefix}…{v[-4:]}"


def redact_text(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Replace every key-looking token (and the given literal secrets) in ``text``."""
    for s in sorted(secrets, key=len, reverse=True):
        if s and len(s) >= 4:
            text = text.replace(s, redact(s))
    return _REDACT_RE.sub(lambda m: redact(m.group(1)), text)


#: key-looking tokens long enough to hold a secret (an already redacted "sk-ant-api03-…AbCd"
#: is left alone)
#: ``sk-ant-`` needs no left boundary: redaction errs on the safe side, so a key glued to
#: a word (``claude-sk-ant-api03-…``, ``KEYsk-ant-…``) is hidden too.
_REDACT_RE = re.compile(
    r"(sk-ant-[a-z]+\d\d-[A-Za-z0-9_\-]{8,}|(?<![A-Za-z0-9_\-])ABSK[A-Za-z0-9+/]{20,}={0,2}"
    r"|(?<![A-Za-z0-9_\-])bedrock-api-key-[A-Za-z0-9+/=%_\-]{8,})"
)
