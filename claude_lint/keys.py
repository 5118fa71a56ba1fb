"""Claude credential formats, placeholder detection and redaction (claude-surface §4).

Shared by the text engine and the Python rules so that one key is classified once: the
key format decides the rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
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
    KeyFormat(
        "admin01", "hardcoded-api-key", "Anthropic Admin API key", re.compile(rf"sk-ant-admin01-{_BODY}{{93}}AA")
    ),
    KeyFormat("absk", "hardcoded-api-key", "Amazon Bedrock API key", re.compile(r"ABSK[A-Za-z0-9+/]{109,269}={0,2}")),
    KeyFormat(
        "bedrock-short",
        "hardcoded-api-key",
        "Amazon Bedrock short-lived API key",
        re.compile(r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_\-]{20,}"),
    ),
    KeyFormat("sid01", "consumer-credential", "claude.ai session key", re.compile(rf"sk-ant-sid01-{_BODY}{{40,}}")),
    KeyFormat(
        "oat01",
        "consumer-credential",
        "Claude subscription OAuth access token",
        re.compile(rf"sk-ant-oat01-{_BODY}{{40,}}"),
    ),
    KeyFormat(
        "ort01",
        "consumer-credential",
        "Claude subscription OAuth refresh token",
        re.compile(rf"sk-ant-ort01-{_BODY}{{40,}}"),
    ),
)

#: Where a key may start: after any character that is not a letter or digit (``-``, ``_``,
#: ``=``, ``:``, ``/``, quotes, brackets, ``claude-sk-ant-…``, ``MY_sk-ant-…``), or right after a
#: backslash escape or a percent-encoded byte that ends in a letter or digit (``"…\nsk-ant-…"``
#: in a JSON string or a notebook output, ``\u0022``, ``\x22``, ``%22``).  A key glued to a
#: word (``KEYsk-ant-…``) is not reported: the prefix names a key only at a token's start.
_LEFT = (
    r"(?:(?<![A-Za-z0-9])|(?<=\\[abfnrtv0])|(?<=\\u[0-9A-Fa-f]{4})|(?<=\\U[0-9A-Fa-f]{8})"
    r"|(?<=\\x[0-9A-Fa-f]{2})|(?<=%[0-9A-Fa-f]{2}))"
)
#: One regex over raw text that finds every candidate token (strict or not).
CANDIDATE_RE = re.compile(
    _LEFT + r"(sk-ant-(?:api\d\d|admin\d\d|sid\d\d|oat\d\d|ort\d\d)-[A-Za-z0-9_\-.]*"
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
_TEMPLATE = re.compile(r"<[^>]*>|\$\{|\{\{|%\(|\$[A-Z_]{3,}|\*{3,}")
#: a run of one character (``xxxx``, ``0000``): filler when it makes up much of a value
_RUN = re.compile(r"(.)\1{3,}")


def _low_entropy(body: str) -> bool:
    """All-same characters, short repeating runs, too few distinct characters, or a counting
    sequence (``abcdefgh…``, ``0123456789…``)."""
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
    if len(body) >= 12:
        steps = sum(1 for a, b in itertools.pairwise(body) if ord(b) - ord(a) == 1)
        if steps * 2 >= len(body) - 1:
            return True
    return False


def _mostly_filler(core: str) -> bool:
    """Runs of one character (``xxxx``, ``0000``, ``AAAA``) make up a quarter of the value or
    more.  A random 93-character key body holds at most a run or two by chance (a run of
    four in about one key in 3,000), so an incidental ``0000`` leaves it a key, while
    ``abc123xxxxxxxx…`` or a zero-padded sample is filler."""
    filler = sum(len(m.group(0)) for m in _RUN.finditer(core))
    return filler * 4 >= len(core)


#: placeholder words standing between separators (or at an end) of a strict-format body
_STRICT_PLACEHOLDER = re.compile(
    r"(?i)(^|[-_])(your|test|fake|mock|dummy|example|sample|placeholder|replace|insert|redacted|"
    r"changeme|secret)([-_]|$)"
)


def is_placeholder(value: str, *, min_length: int = 12, strict_format: bool = False) -> bool:
    """True for values that are evidently not real secrets.

    Placeholders: ``...``/ellipses, ``your-key-here``, ``REPLACE``, template syntax
    (``<key>``, ``${VAR}``, ``{{ key }}``), test/dummy/fake words, values made mostly of
    runs of one character (``xxxx…``, ``0000…``), all-same, repeating or counting
    characters, and anything shorter than ``min_length``.

    The judgement is on the whole value: a long random body that happens to contain
    ``xxxx`` or ``0000`` is not a placeholder.  For a token that already matches a strict
    key format (``strict_format``), only delimited placeholder words count among words:
    random key bodies contain short words by chance.
    """
    v = value.strip().strip("'\"")
    if len(v) < min_length:
        return True
    body = re.sub(r"^(sk-ant-[a-z]+\d\d-|ABSK)", "", v)
    if "\u2026" in v or "..." in v:
        return True
    core = re.sub(r"[^A-Za-z0-9]", "", body)
    if strict_format:
        if v.startswith("sk-ant-") and core.endswith("AA"):
            core = core[:-2]  # the fixed suffix of the format says nothing about the body
        return bool(_STRICT_PLACEHOLDER.search(body)) or _mostly_filler(core) or _low_entropy(core)
    if body.endswith(".") or _TEMPLATE.search(v) or _mostly_filler(core):
        return True
    words = [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", v) if w]
    if words and all(w.lower() in PLACEHOLDER_WORDS or w.isdigit() for w in words):
        return True  # made only of placeholder words: "your-api-key-here", "sk-ant-test"
    if any(w.lower() in _DISTINCTIVE_WORDS for w in words):
        return True  # a distinctive placeholder word of its own: "dummy", "fake", "example"
    if len(core) < min_length // 2:
        return True
    return _low_entropy(core)


# -- placeholder credentials: the one predicate every credential rule shares ----------------
#: the shortest value a credential rule reports: anything shorter is a stand-in
MIN_CREDENTIAL_LENGTH = 8

#: words that name a credential, its provider or its owner: a value made only of these,
#: placeholder words and short numbers describes a credential instead of being one
#: (``my-anthropic-api-key``, ``aws-bearer-token``, ``static-bearer``, ``sk-openai-123456``)
CREDENTIAL_WORDS = frozenset(
    """anthropic claude openai aws amazon bedrock vertex gcp google azure foundry mantle voyage cohere gemini mistral
    groq langchain litellm llm ai sdk access bearer auth oauth session credential credentials cred creds jwt client
    id refresh static from for to of is this no with string str some any default local my our secret token
    apikey authorization header basic webhook user username""".split()
)

#: nouns for a credential: a letters-only phrase with one of these labels a key ("parent-key",
#: "staging-token", "sk-explicit"); a generated secret has digits or randomness
_CREDENTIAL_NOUNS = frozenset(
    "key token secret bearer sk apikey password passwd pass auth cred creds credential".split()
)

#: stand-ins that SDKs, wrapper libraries and their documentation use where a key goes
#: (compared case-insensitively): the OpenAI-compatible servers' "anything goes" keys,
#: litellm's documented proxy key, vLLM's ``EMPTY``
KNOWN_DUMMY_CREDENTIALS = frozenset(
    """anything empty not-needed notneeded not-used unused no-key nokey none-needed sk-1234 sk-12345678
    sk-no-key-required sk-none ollama lm-studio lmstudio bad-key badkey wrong-key invalid-key expired-key
    revoked-key""".split()
)

#: placeholder phrases glued into one word (``sk-ant-notarealkey``, ``fakekey123``)
_GLUED_PLACEHOLDER = re.compile(
    r"(?i)notareal|notreal|placeholder|changeme|replaceme|dummy|fake|example|redacted|insertyour|youractual"
    r"|yourkey|yourapi|yourtoken|yoursecret|testkey|testtoken|testsecret|mockkey|mocktoken"
)

#: an authentication scheme in front of a header value: the value after it is judged
_SCHEME = re.compile(r"(?i)^(bearer|basic|token)\s+")

#: other vendors' key formats, and Anthropic's: a literal in a test file that has one of
#: these is a leaked key, not a stand-in
_OTHER_KEY_FORMATS = re.compile(
    r"""^(?:
        (?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}                             # AWS access key id
      | ya29\.[A-Za-z0-9_\-]{20,}                                       # Google OAuth access token
      | eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}  # JWT
      | sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{32,}                # OpenAI-style secret key
      | gh[pousr]_[A-Za-z0-9]{36,}                                      # GitHub token
      | AIza[0-9A-Za-z_\-]{35}                                          # Google API key
    )$""",
    re.VERBOSE,
)
#: a random token long enough to be a generated secret (an AWS secret access key is 40)
_RANDOM_TOKEN = re.compile(r"^[A-Za-z0-9+/=_\-.]{32,}$")


def _entropy(text: str) -> float:
    import math

    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in (text.count(ch) for ch in set(text)))


def has_key_format(value: str) -> bool:
    """Whether a literal has the shape of a real credential: one of Anthropic's key formats
    (:data:`KEY_FORMATS`), another vendor's (AWS access key ids, Google OAuth tokens and API
    keys, JWTs, OpenAI-style ``sk-`` keys, GitHub tokens), or a random token of 32
    characters or more (two character classes, high entropy: an AWS secret access key, a
    generated proxy token).  Placeholders of those shapes (``sk-ant-api03-xxxx…``) are not."""
    v = _SCHEME.sub("", value.strip())
    if classify(v) is not None:
        return not is_placeholder(v, strict_format=True)
    if is_placeholder_credential(v):
        return False
    if _OTHER_KEY_FORMATS.match(v):
        return True
    if not _RANDOM_TOKEN.match(v):
        return False
    classes = sum(1 for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]") if re.search(pattern, v))
    core = re.sub(r"[^A-Za-z0-9]", "", v)
    return classes >= 2 and len(set(core)) >= 12 and _entropy(core) >= 3.5


def _counting(core: str) -> bool:
    """``abcd1234``, ``12345678``: most neighbours one apart."""
    steps = sum(1 for a, b in itertools.pairwise(core) if ord(b) - ord(a) == 1)
    return len(core) >= 2 and steps * 2 >= len(core) - 1


def is_placeholder_credential(value: str, *, in_tests: bool = False) -> bool:
    """True for a literal in a credential position that is a stand-in, not a secret.  The one
    predicate every credential rule shares (``hardcoded-client-credential``,
    ``consumer-credential``, ``credential-logged``):

    - values shorter than :data:`MIN_CREDENTIAL_LENGTH` (8) characters, and values with
      spaces (``ANTHROPIC KEY HERE``; a leading ``Bearer ``/``Basic `` scheme aside);
    - known dummy values of SDKs and docs (:data:`KNOWN_DUMMY_CREDENTIALS`: ``anything``,
      ``EMPTY``, ``sk-1234`` …);
    - everything :func:`is_placeholder` calls a placeholder (templates, ellipses, ``your…``,
      ``test``/``fake``/``dummy``/``example``/``changeme`` words, ``xxxx`` filler, repeating
      or counting characters);
    - placeholder phrases glued into a word (``…notarealkey``, ``fakekey``, ``yourapikey``);
    - phrases made only of words that name a credential or its provider, placeholder words
      and short numbers (``my-anthropic-api-key``, ``aws-bearer-token``, ``static-bearer``,
      ``sk-openai-123456``);
    - in a test file (``in_tests``): any literal without a real key format
      (:func:`has_key_format`) — a real key in a test is a leaked key, anything else there
      is a stand-in for one.

    ``prod-key-123`` or ``corp-gw-7f3a9c2e51d04b8f`` outside tests are none of these: they
    are credentials."""
    v = value.strip().strip("'\"")
    v = _SCHEME.sub("", v)
    if len(v) < MIN_CREDENTIAL_LENGTH or any(c.isspace() for c in v):
        return True
    if v.casefold() in KNOWN_DUMMY_CREDENTIALS or _GLUED_PLACEHOLDER.search(v):
        return True
    if is_placeholder(v, min_length=MIN_CREDENTIAL_LENGTH):
        return True
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", v)
    vocabulary = PLACEHOLDER_WORDS | CREDENTIAL_WORDS
    if parts and all((p.isdigit() and (len(p) <= 6 or _low_entropy(p))) or p.lower() in vocabulary for p in parts):
        return True
    core = re.sub(r"[^A-Za-z0-9]", "", v)
    if len(core) < 12 and _counting(core):
        return True
    words = [w for w in re.split(r"[-_.:]+", v) if w]
    if len(words) >= 2 and all(w.isalpha() for w in words) and any(w.lower() in _CREDENTIAL_NOUNS for w in words):
        return True  # a label of letters only that says what it stands for: "parent-key", "sk-explicit"
    return in_tests and not has_key_format(v)


@dataclass(frozen=True)
class KeyMatch:
    start: int
    end: int
    token: str
    format: KeyFormat | None  # None: an Anthropic-looking token that matches no strict format
    #: how the key is written when it is not plain text: "base64" (a value of a Kubernetes
    #: Secret) or "split" (adjacent Python string literals, or escapes inside one)
    via: str = ""
    #: spans of the file that hold the key in pieces or encoded: output must not show them
    hide: tuple[tuple[int, int], ...] = ()

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


#: the candidate token without its left boundary (checked by :func:`_starts_token`): a
#: regex that begins with a literal is scanned much faster than one that begins with a
#: lookbehind
_TOKEN_RE = re.compile(CANDIDATE_RE.pattern[len(_LEFT) :])
_LEFT_RE = re.compile(_LEFT)


def _starts_token(text: str, i: int) -> bool:
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isascii() and c.isalnum()) or _LEFT_RE.match(text, i) is not None


def _candidates(text: str) -> Iterator[re.Match[str]]:
    for m in _TOKEN_RE.finditer(text):
        if _starts_token(text, m.start(1)):
            yield m


def find_keys(text: str) -> list[KeyMatch]:
    """Every credential-looking token in ``text`` that matches a strict format and is not a
    placeholder.  A token that runs longer than the format (gitleaks' boundary) is not a key."""
    out: list[KeyMatch] = []
    for m in _candidates(text):
        token = m.group(1).rstrip(".")
        fmt = classify(token)
        if fmt is None or is_placeholder(token, strict_format=True):
            continue
        out.append(KeyMatch(m.start(1), m.start(1) + len(token), token, fmt))
    return out


def scan_keys(text: str, *, python: bool = False) -> list[KeyMatch]:
    """:func:`find_keys`, plus keys written so that the plain text does not show them: split
    over adjacent string literals or written with escapes inside one (``python``), and
    base64-encoded values of a Kubernetes ``Secret`` manifest.  In file order."""
    found = find_keys(text)
    extra: list[KeyMatch] = []
    if python:
        extra += _split_keys(text, found)
    if "Secret" in text:
        extra += _encoded_keys(text)
    if not extra:
        return found
    taken = {(k.start, k.token) for k in found}
    return sorted(found + [k for k in extra if (k.start, k.token) not in taken], key=lambda k: k.start)


# -- keys split over adjacent Python string literals ---------------------------------------
_STRING_START = re.compile(r"""([rRbBuUfF]{0,2})('''|\"\"\"|'|")""")
#: what may stand between two adjacent literals: blanks, comments, line continuations and
#: line breaks (inside brackets; outside them, two halves of a key on two lines leak too)
_BETWEEN = re.compile(r"(?:[ \t\f\r\n]|\\\r?\n|#[^\n]*)*")
_MAX_PIECES = 32
_MAX_GROUP = 4096


#: the rest of a literal after its opening quote, closing quote included (C speed)
_STRING_REST = {
    q: re.compile(
        (rf"(?:[^{q[0]}\\\n]|\\.)*{q}" if len(q) == 1 else rf"(?:[^{q[0]}\\]|\\.|{q[0]}(?!{q[0]}{q[0]}))*{q}"),
        re.DOTALL,
    )
    for q in ("'", '"', "'''", '"""')
}


def _string_end(text: str, i: int, quote: str) -> int | None:
    """The end of a literal whose body starts at ``i`` (after the opening ``quote``)."""
    m = _STRING_REST[quote].match(text, i, min(len(text), i + _MAX_GROUP))
    return m.end() if m else None


def _opening(text: str, t: int, floor: int = 0) -> int | None:
    """The start (prefix included) of the literal that holds the position ``t``: the
    nearest unescaped quote before it on its line (not before ``floor``)."""
    line_start = max(floor, text.rfind("\n", floor, t) + 1)  # rfind bounded: linear in all
    i = t - 1
    while i >= line_start:
        if text[i] in "'\"":
            slashes = 0
            while i - 1 - slashes >= line_start and text[i - 1 - slashes] == "\\":
                slashes += 1
            if slashes % 2 == 0:
                if i - 2 >= line_start and text[i - 2 : i + 1] == text[i] * 3:
                    i -= 2
                j = i
                while j > line_start and i - j < 2 and text[j - 1] in "rRbBuU":
                    j -= 1
                if j > line_start and (text[j - 1].isalnum() or text[j - 1] == "_"):
                    return None  # an f-string, or a name glued to the quote
                return j
        i -= 1
    return None


def _literal_value(text: str, start: int, body: int, end: int, quote: str) -> str | None:
    """The value of the literal ``text[start:end]`` (its body starts at ``body``), decoded
    as Python does; None when it does not decode.  (``unicode_escape`` in C: the literal
    evaluator is ten times slower, and a hostile file holds millions of literals.)"""
    prefix = text[start : body - len(quote)].lower()
    value = text[body : end - len(quote)]
    if "f" in prefix:
        return None
    if "r" in prefix or "\\" not in value:
        return value
    try:
        return value.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return None


def _literal_group(text: str, start: int) -> tuple[str, list[tuple[int, int]], int]:
    """The joined value of the adjacent literals from ``start`` on, each one's span, and
    where the reading stopped."""
    pieces: list[tuple[int, int]] = []
    values: list[str] = []
    i = start
    while len(pieces) < _MAX_PIECES and i - start < _MAX_GROUP:
        m = _STRING_START.match(text, i)
        if m is None:
            break
        end = _string_end(text, m.end(), m.group(2))
        if end is None:
            i = min(len(text), i + 1)
            break
        value = _literal_value(text, i, m.end(), end, m.group(2))
        if value is None:
            i = end
            break
        pieces.append((i, end))
        values.append(value)
        between = _BETWEEN.match(text, end)
        i = between.end() if between else end
    return "".join(values), pieces, max(i, start + 1)


#: an escape that writes a character of a key's alphabet (``\x41``, ``\u0041``, ``\101``,
#: ``\N{…}``): rare in ordinary code, so a literal holding one is decoded and scanned
_KEY_ESCAPE = re.compile(r"\\(?:x[2-7][0-9A-Fa-f]|u00[2-7][0-9A-Fa-f]|U0000[2-7][0-9A-Fa-f]|[0-7]{3}|N\{)")


#: a literal that ends inside a key's prefix (``"sk-an" "t-api03-…"``; two characters at least)
_PREFIX_END = re.compile(
    r"(?<![A-Za-z0-9_\-])(?:sk(?:-(?:a(?:n(?:t(?:-[a-z]{0,7}\d{0,2})?)?)?)?)?|AB(?:SK?[A-Za-z0-9+/]{0,40})?"
    r"|be(?:d(?:r(?:o(?:c(?:k(?:-[A-Za-z0-9+/=%_\-]{0,48})?)?)?)?)?)?)['\"]"
)


def _split_keys(text: str, plain: list[KeyMatch]) -> list[KeyMatch]:
    """Keys that only the value of adjacent literals shows: a key's start (``sk-ant-…``,
    ``ABSK…``, ``bedrock-api-key-…``) that ends a literal or stops at an escape, completed
    by what follows (``"sk-ant-api03-…" "…AA"``, also across lines inside brackets), a
    literal that ends inside the prefix (``"sk-an" "t-api03-…"``), and literals that write
    a key's characters as escapes (``"sk-ant-\\x61pi03-…"``).  Reported
    at the key's start (at the literal for escapes); every literal of the group is a span to
    hide.  Each position of the file is read a bounded number of times."""
    triggers: list[tuple[int, str]] = []
    plain_starts = {k.start for k in plain}
    for m in _candidates(text):
        t, e = m.start(1), m.end(1)
        if t not in plain_starts and e < len(text) and text[e] in "'\"\\":
            triggers.append((t, m.group(1)[:8]))
    if "\\" in text:
        triggers += [(m.start(), "") for m in _KEY_ESCAPE.finditer(text)]
    triggers += [(m.start(), "") for m in _PREFIX_END.finditer(text)]
    triggers.sort()
    out: list[KeyMatch] = []
    done = 0  # every position before this one has been read
    for t, head in triggers:
        if t < done:
            continue
        start = _opening(text, t, done)
        done = t + 1
        if start is None:
            continue
        joined, pieces, stop = _literal_group(text, start)
        done = max(done, stop)
        if not pieces or (len(pieces) < 2 and "\\" not in text[pieces[0][0] : pieces[0][1]]):
            continue  # one literal without escapes: the plain text scan sees it as it is
        lo, hi = pieces[0][0], pieces[-1][1]
        known = {k.token for k in plain if lo <= k.start < hi}
        for key in find_keys(joined):
            if key.token in known or (head and not key.token.startswith(head)):
                continue
            at = t if head else start
            out.append(KeyMatch(at, max(at + 1, pieces[0][1] - 1), key.token, key.format, "split", tuple(pieces)))
            if head:
                break
    return out


# -- base64 values of a Kubernetes Secret --------------------------------------------------
#: ``kind: Secret`` (YAML) or ``"kind": "Secret"`` (JSON) on a line of its own
_SECRET_KIND = re.compile(r"""(?m)^[ \t]*(?:- )?["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*,?[ \t]*\r?$""")
#: a YAML document separator
_DOCUMENT = re.compile(r"(?m)^---[ \t]*\r?$")
#: a base64 value long enough to hold a key (a key is 108 characters, 144 in base64) and
#: short enough to bound the work (a whole .env file in one value fits)
_B64_VALUE = re.compile(r"(?<![A-Za-z0-9+/=_\-])([A-Za-z0-9+/]{40,16384}={0,2})(?![A-Za-z0-9+/=_\-])")


def _encoded_keys(text: str) -> list[KeyMatch]:
    """Keys in base64 values of a Kubernetes ``Secret`` manifest (its ``data:`` values are
    the secret in base64; gitleaks and TruffleHog decode them too): in each YAML document
    (between ``---`` lines) that is a Secret, or in a whole JSON file that holds one.
    Reported at the encoded value, which is a span to hide."""
    import base64
    import binascii

    kinds = [m.start() for m in _SECRET_KIND.finditer(text)]
    if not kinds:
        return []
    bounds = [0, *(m.start() for m in _DOCUMENT.finditer(text)), len(text)]
    spans = [(a, b) for a, b in itertools.pairwise(bounds) if any(a <= k < b for k in kinds)]
    out: list[KeyMatch] = []
    for a, b in spans:
        for m in _B64_VALUE.finditer(text, a, b):
            value = m.group(1)
            try:
                raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
            except (binascii.Error, ValueError):
                continue
            span = (m.start(1), m.end(1))
            for key in find_keys(raw.decode("utf-8", errors="replace")):
                out.append(KeyMatch(span[0], span[1], key.token, key.format, "base64", (span,)))
    return out


def _encoded_needles(prefixes: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The base64 characters that stand for each prefix whatever its alignment (three
    alignments; the characters shared with the neighbouring bytes are left out)."""
    import base64

    out = set()
    for p in prefixes:
        for pad in range(3):
            enc = base64.b64encode(b"\0" * pad + p)
            first = (pad * 8 + 5) // 6  # the first character that depends on p alone
            last = ((pad + len(p)) * 8) // 6  # past it, characters depend on what follows
            out.add(enc[first:last])
    return tuple(sorted(out))


#: what a file with a base64-encoded key holds, for the runner's byte prefilter
ENCODED_NEEDLES = _encoded_needles((b"sk-ant-", b"ABSK", b"bedrock-api-key-"))


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
