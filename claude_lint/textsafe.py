"""Text that leaves claude-lint: the one redaction entry point and the neutralisers of each
output medium.

Every string that came from a scanned file (a message quoting a value, a snippet, a path, a
suppression reason, a custom rule's id or message, a notebook cell, a policy value) is hostile.
Two boundaries apply, each once:

* :func:`redact` where text leaves a finding (the engines' ``report`` and the suppression
  parser call it): a key-shaped token, a secret the rule names, and any piece of at least
  :data:`PIECE` characters of such a secret (a key written as two adjacent literals) become
  ``sk-ant-api03-…AbCd``.
* One neutraliser per medium where a reporter writes: :func:`inert` (one line of a terminal or
  CI log), :func:`block` (several lines, or a JSON value: :func:`json_safe`), :func:`md` and
  :func:`md_code` (Markdown), :func:`sarif_text` (SARIF message text), :func:`gh_data` and
  :func:`gh_prop` (GitHub workflow-command fields).  Each also redacts again, so a reporter
  that is handed unredacted text still prints no key.

Neutralised text can make no line that GitHub's runner reads as a workflow command (``::`` after
optional whitespace at the start of a line, or the legacy ``##[`` anywhere), carries no
control character, escape sequence, bidi override or lone surrogate (each is shown visibly,
``\\x1b``, ``\\u202e``), and in :func:`inert` form no line break (``\\n``).

This module imports nothing from the package but :mod:`.keys` (which imports nothing from it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from . import keys

#: a piece of a known secret at least this long is redacted wherever it appears
PIECE = 8
#: secrets shorter than this (after a known prefix) are only redacted whole
_PIECE_MIN_SECRET = 12

#: a credential anywhere in a string, even glued to other text (``claude-sk-ant-api03-…``, or
#: right after an escaped ``\\n`` inside a JSON string): :func:`keys.redact_text` keeps left
#: boundaries for ``ABSK`` and ``bedrock-api-key-``; redaction errs on the safe side
_ANY_KEY = re.compile(
    r"sk-ant-[a-z]{2,8}\d\d-[A-Za-z0-9_\-]{8,}|ABSK[A-Za-z0-9+/]{40,}={0,2}|bedrock-api-key-[A-Za-z0-9+/=%_\-]{16,}"
)
#: a key some message shortened in the middle (``sk-ant-api03-AbCd...WxYzAA``): the tail is a
#: piece of the key too
_ELIDED = re.compile(
    r"(?:sk-ant-[a-z]{2,8}\d\d-|ABSK|bedrock-api-key-)[A-Za-z0-9_\-+/=%]*(?:\.\.\.|\u2026)[A-Za-z0-9_\-+/=%]{5,}"
)
#: two or more adjacent string literals (implicit concatenation in Python, JS, C …)
_ADJACENT = re.compile(
    r"""(?:(?<![\w"'])[rRbBuUfF]{0,2}(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*')[\s(),+]*){2,}"""
)
_LITERAL = re.compile(r""""([^"\\\n]*(?:\\.[^"\\\n]*)*)"|'([^'\\\n]*(?:\\.[^'\\\n]*)*)'""")
_PREFIX = re.compile(r"^(sk-ant-[a-z]+\d\d-|ABSK|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t|bedrock-api-key-)")

#: C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates and marks, line
#: and paragraph separators, lone surrogates (undecodable bytes of a file name)
_CONTROL = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_CONTROL_KEEP_NL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_CONTROL_GH = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r"}
#: GitHub's legacy command prefix (``##[error]``): the runner looks for it anywhere in a line
_LEGACY = "##["
#: a field that could start a line: ``::`` (or ``:`` followed by our own ``:line``)
_LEAD_COLON = re.compile(r"^([ \t]*):")
_LINE_LEAD_COMMAND = re.compile(r"^([ \t]*)::", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~<>&])")
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


# --------------------------------------------------------------------------- redaction


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The one redaction: every key-shaped token, every given secret, and every piece of at
    least :data:`PIECE` characters of a given secret (``"sk-ant-api03-AAAA…" "…xyz"``: each
    literal holds only a piece of the joined key) is shown as ``prefix…last4``."""
    text = str(text)
    if "..." in text or "\u2026" in text:
        text = _ELIDED.sub(lambda m: keys.redact(m.group(0)), text)
    secrets = tuple(s for s in secrets if s) + _joined_keys(text)
    if secrets:
        text = keys.redact_text(text, secrets)
        for s in sorted(set(secrets), key=len, reverse=True):
            text = _redact_pieces(text, s)
    else:
        text = keys.redact_text(text)
    return _ANY_KEY.sub(lambda m: keys.redact(m.group(0)), text)


def _joined_keys(text: str) -> tuple[str, ...]:
    """Key-shaped tokens of the values of adjacent string literals in ``text``
    (``"sk-ant-api03-AAAA…" "…xyzAA"``): each literal alone holds only a piece of the key."""
    if text.count('"') + text.count("'") < 4:
        return ()
    found: list[str] = []
    for m in _ADJACENT.finditer(text):
        # an already redacted first piece ("sk-ant-api03-…AbCd") still names the key shape
        joined = "".join(a or b for a, b in _LITERAL.findall(m.group(0))).replace("\u2026", "")
        found.extend(k.group(0) for k in _ANY_KEY.finditer(joined))
    return tuple(found)


def _redact_pieces(text: str, secret: str) -> str:
    m = _PREFIX.match(secret)
    body = secret[m.end() :] if m else secret
    if len(body) < _PIECE_MIN_SECRET:
        return text
    spans: list[tuple[int, int]] = []
    for gram in {body[i : i + PIECE] for i in range(len(body) - PIECE + 1)}:
        at = text.find(gram)
        while at != -1:
            spans.append((at, at + PIECE))
            at = text.find(gram, at + 1)
    if not spans:
        return text
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, last = [], 0
    for a, b in merged:
        out.append(text[last:a])
        out.append(keys.redact(text[a:b]))
        last = b
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------- neutralisers


def _show(m: re.Match) -> str:
    c = m.group(0)
    named = _NAMED.get(c)
    if named:
        return named
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """Control characters, escape sequences, bidi controls and lone surrogates shown as
    ``\\x1b`` / ``\\u202e``; line breaks as ``\\n`` unless ``keep_newlines`` (tab is kept)."""
    return (_CONTROL_KEEP_NL if keep_newlines else _CONTROL).sub(_show, text)


def inert(text: Any) -> str:
    """One field of one line of terminal or CI-log output: redacted, every control character
    visible, no line break, no ``##[``, and no ``:`` first (a field may start a line, and a
    line starting with ``::`` is a workflow command).  Idempotent."""
    t = visible(redact(str(text)))
    t = t.replace(_LEGACY, "##\\[")
    return _LEAD_COLON.sub(r"\1\\:", t)


def block(text: Any) -> str:
    """Several lines of output (a rendered policy, an error message, a JSON value): as
    :func:`inert` but line breaks and tabs are kept and a line may start with one ``:``;
    no line starts with ``::``."""
    t = visible(redact(str(text)), keep_newlines=True)
    t = t.replace(_LEGACY, "##\\[")
    if "\r" in t:  # a lone \r (or \r\n) would end a line for some readers
        t = t.replace("\r", "\\r")
    return _LINE_LEAD_COMMAND.sub(r"\1\\::", t)


def json_safe(value: Any) -> Any:
    """A JSON document with :func:`block` applied to every string (keys included): the data
    a reporter serialises.  The JSON encoder writes line breaks as ``\\n``."""
    if isinstance(value, str):
        return block(value)
    if isinstance(value, dict):
        return {(block(k) if isinstance(k, str) else k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def md(text: Any) -> str:
    """Markdown inline text (a table cell, a list item): :func:`inert`, then every character
    that Markdown or HTML would read as structure escaped — backslash, backticks, ``|``, ``*``,
    ``_``, ``[``, ``]``, ``#``, ``~`` — and ``<``, ``>``, ``&`` as entities, so no link, image,
    emphasis, code span, heading, HTML, entity or table cell comes of it (a bare URL stays
    a URL: its text is its target)."""
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITY.get(m.group(1)) or "\\" + m.group(1), inert(text))


def md_code(text: Any, *, table: bool = False) -> str:
    """A Markdown code span of :func:`inert` text: the fence is longer than any run of
    backticks inside; in a table cell ``|`` is escaped (GFM splits cells before code spans)."""
    t = inert(text)
    runs = [len(r) for r in re.findall(r"`+", t)]
    fence = "`" * (max(runs, default=0) + 1)
    if table:
        t = t.replace("|", "\\|")
    pad = " " if (t[:1] in ("`", " ") or t[-1:] in ("`", " ")) else ""
    return f"{fence}{pad}{t}{pad}{fence}" if t else "` `"


def sarif_text(text: Any) -> str:
    """Plain text of a SARIF message: :func:`inert`, whitespace collapsed, and ``[`` / ``]``
    escaped as ``\\[`` / ``\\]`` so no embedded link (SARIF §3.11.6) comes of it."""
    t = visible(redact(" ".join(str(text).split())))
    t = t.replace("[", "\\[").replace("]", "\\]")  # no "##[" is left either
    return _LEAD_COLON.sub(r"\1\\:", t)


def gh_data(text: Any) -> str:
    """GitHub workflow-command data (``::error …::DATA``): redacted, control characters
    visible, no ``##[``, then GitHub's own escaping: ``%`` → ``%25``, ``\\r`` → ``%0D``,
    ``\\n`` → ``%0A`` (a line break stays inside the one command line)."""
    t = _CONTROL_GH.sub(_show, redact(str(text))).replace(_LEGACY, "##\\[")
    return t.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_prop(text: Any) -> str:
    """GitHub workflow-command property value (``file=…``, ``title=…``): :func:`gh_data`
    plus ``:`` → ``%3A`` and ``,`` → ``%2C``."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")


__all__ = [
    "PIECE",
    "block",
    "gh_data",
    "gh_prop",
    "inert",
    "json_safe",
    "md",
    "md_code",
    "redact",
    "sarif_text",
    "visible",
]
