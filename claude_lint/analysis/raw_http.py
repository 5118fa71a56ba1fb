"""Raw HTTP requests to Anthropic's Messages API: the one recognition every rule uses (through
:meth:`~claude_lint.analysis.facts.Facts.claude_request`) for ``requests``/``httpx``/
``aiohttp``/``urllib`` calls, whatever way the URL is built.

A raw HTTP call is a Claude request when its URL (the call's URL, joined to the session's
``base_url`` for a relative path) is

* on the first-party host: ``https://api.anthropic.com/v1/messages`` (also ``/v1/messages/
  batches``, ``/v1/messages/count_tokens``, ``/v1/complete``, ``/v1/files``), written out or
  built from constants, f-strings, ``+``, ``urljoin`` or an ``ANTHROPIC_BASE_URL`` default; or
* a Messages API path — ``/v1/messages`` (and the forms above), or ``/messages`` after a
  base only known at run time (``f"{self.config.api_base}/messages"``) — **with evidence
  that the endpoint is Anthropic's**, one of:

  - an ``anthropic-version`` header on the call or its session;
  - a Claude model in the body (``json={"model": "claude-…"}``);
  - a base URL read from one of the SDK's base-URL variables (``ANTHROPIC_BASE_URL`` …) or
    from a name that says so (``ANTHROPIC_API_BASE``, ``settings.anthropic_base_url``,
    ``self.claude_url``).

Not enough alone (documented look-alikes): a ``/messages`` path of another service (Slack,
Twilio, a chat app's own ``/api/threads/{id}/messages``, a FastAPI route string), OpenAI's
``/v1/chat/completions``, and an ``x-api-key`` header (many APIs use that name).
"""

from __future__ import annotations

import ast
import re
from typing import Any
from urllib.parse import urlsplit

from ..surface import BASE_URL_ENV_VARS, is_claude_model
from .imports import call_arg
from .values import ENV, ENV_DEFAULT, ENV_SET, UNKNOWN_PART

#: ``/v1/…`` of the first-party API that sends content, on its host
_FIRST_PARTY = re.compile(
    r"(?i)^(?:https?://)?api\.anthropic\.com(/v1/(?:messages(?:/batches|/count_tokens)?|complete|files))(?![\w.-])"
)
#: a Messages API path at the end of a URL (query and fragment allowed)
_API_PATH = re.compile(r"(?i)(/v1/(?:messages(?:/batches|/count_tokens)?|complete))/?(?:[?#].*)?$")
#: ``/messages`` right after a part only known at run time (a base URL ending in ``/v1``)
_BARE_MESSAGES = re.compile(r"(?i)\x00/?(messages(?:/batches|/count_tokens)?)/?(?:[?#].*)?$")
_CLAUDE_NAME = re.compile(r"(?i)anthropic|claude")
_URLJOIN = frozenset({"urllib.parse.urljoin", "urlparse.urljoin", "requests.compat.urljoin"})


def anthropic_path(url: str | None) -> str | None:
    """``/v1/messages`` … for a URL of the first-party API that sends content, else None."""
    if not url:
        return None
    m = _FIRST_PARTY.match(url)
    return m.group(1) if m else None


def url_text(facts: Any, expr: ast.AST | None, _depth: int = 0) -> str:
    """The text of a URL expression with :data:`UNKNOWN_PART` for each part only known at
    run time: literals, constants, f-strings, ``+``, ``urljoin(base, path)``, and the
    default of an environment read (``os.getenv("ANTHROPIC_BASE_URL", "https://…")``)."""
    if expr is None or _depth > 8:
        return UNKNOWN_PART
    if isinstance(expr, ast.Call) and (facts.r.qualname(expr.func) or "") in _URLJOIN and len(expr.args) >= 2:
        return _urljoin(url_text(facts, expr.args[0], _depth + 1), url_text(facts, expr.args[1], _depth + 1))
    if isinstance(expr, ast.JoinedStr):
        return "".join(
            str(p.value)
            if isinstance(p, ast.Constant)
            else url_text(facts, p.value, _depth + 1)
            if isinstance(p, ast.FormattedValue) and p.format_spec is None
            else UNKNOWN_PART
            for p in expr.values
        )
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return url_text(facts, expr.left, _depth + 1) + url_text(facts, expr.right, _depth + 1)
    origin = facts.value_origin(expr)
    if origin.value is not None:
        return str(origin.value)
    if isinstance(expr, ast.Name):
        assigns, iters, _scope, param = facts.lookup(expr.id, facts.scope(expr))
        if len(assigns) == 1 and not iters and param is None:
            return url_text(facts, assigns[0], _depth + 1)
    return str(facts.partial_string(expr))


def _urljoin(base: str, path: str) -> str:
    if "://" in path or path.startswith(UNKNOWN_PART):
        return path
    if path.startswith("/"):
        if UNKNOWN_PART in base.split("://", 1)[-1].split("/", 1)[0] or "://" not in base:
            return base.rstrip("/") + path
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}{path}"
    return base.rsplit("/", 1)[0] + "/" + path if not base.endswith("/") else base + path


def joined(base: str, url: str) -> str:
    """A session's ``base_url`` and a request's URL, as httpx/aiohttp combine them."""
    if not base or "://" in url:
        return url
    return base.rstrip("/") + "/" + url.lstrip("/")


def messages_api_path(
    facts: Any,
    call: ast.Call,
    url: ast.AST | None,
    base: ast.AST | None = None,
    session_calls: tuple[ast.Call, ...] = (),
) -> str | None:
    """``/v1/messages`` (or ``/v1/messages/batches``, ``/v1/complete`` …) when a raw HTTP call
    sends to Anthropic's Messages API, else None (see the module docstring for the evidence
    a URL off the first-party host needs)."""
    text = url_text(facts, url)
    full = joined(url_text(facts, base), text) if base is not None else text
    path = anthropic_path(full)
    if path is not None:
        return path
    m = _API_PATH.search(full)
    if m is not None:
        path = m.group(1)
    else:
        bare = _BARE_MESSAGES.search(full)
        if bare is None:
            return None
        path = "/v1/" + bare.group(1)
    calls = (*session_calls, call)
    if _versioned(facts, calls) or _claude_body(facts, call) or _claude_base(facts, url) or _claude_base(facts, base):
        return path.lower()
    return None


def _versioned(facts: Any, calls: tuple[ast.Call, ...]) -> bool:
    """An ``anthropic-version`` header on the call or on the session that sends it."""
    for c in calls:
        headers = call_arg(c, "headers")
        m = facts.mapping(headers)
        if isinstance(m, ast.Dict):
            for k in m.keys:
                if k is not None and (facts.value_string(k) or "").lower() == "anthropic-version":
                    return True
    return False


def _claude_body(facts: Any, call: ast.Call) -> bool:
    """A Claude model in the request body (``json=``/``data=``)."""
    for name in ("json", "data", "content"):
        body = call_arg(call, name)
        if body is None:
            continue
        status, model = facts.mapping_get(body, "model")
        if status == "found" and is_claude_model(facts.value_string(model) or ""):
            return True
    return False


def _claude_base(facts: Any, expr: ast.AST | None) -> bool:
    """A URL part read from the SDK's base-URL variables or from a name that says
    Anthropic or Claude."""
    if expr is None:
        return False
    for node in ast.walk(expr):
        if isinstance(node, ast.Constant):
            continue
        if isinstance(node, ast.Name) and _CLAUDE_NAME.search(node.id):
            return True
        if isinstance(node, ast.Attribute) and _CLAUDE_NAME.search(node.attr):
            return True
        if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            origin = facts.value_origin(node)
            if origin.source in (ENV, ENV_DEFAULT, ENV_SET) and (
                origin.name in BASE_URL_ENV_VARS or _CLAUDE_NAME.search(origin.name or "")
            ):
                return True
    return False
