"""Where code gives a Claude client or wrapper its base URL (:func:`url_sites`), how a URL
is parsed and recognised as loopback or as a placeholder, and which HTTP-client settings
turn TLS verification off.  Shared by ``insecure-base-url`` and ``base-url-not-approved``."""

from __future__ import annotations

import ast
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..analysis import (
    ENV_DEFAULT,
    ENV_SET,
    EXPRESSION,
    ValueOrigin,
    call_arg,
    env_var_name,
)
from ..analysis.values import UNKNOWN_PART
from ..model import Fix
from ..surface import (
    BASE_URL_ENV_VARS,
    HTTP_CLIENT_KWARGS,
    MODULE_URL_SETTINGS,
    URL_KWARGS,
    WRAPPERS,
    client_class,
    is_claude_model,
)

# --------------------------------------------------------------------------- where base URLs are given

#: langchain's provider-generic constructor (a Claude client when its model or provider says so)
_INIT_CHAT_MODEL = frozenset({"langchain.chat_models.init_chat_model", "langchain.chat_models.base.init_chat_model"})
_CLAUDE_PROVIDERS = frozenset(
    {"anthropic", "anthropic_bedrock", "bedrock", "bedrock_converse", "google_anthropic_vertex"}
)


@dataclass(frozen=True)
class UrlSite:
    """A base URL given to a Claude client or wrapper (or to the environment it reads)."""

    node: ast.AST  # the expression holding the value: where findings are reported
    subject: str  # "The base_url given to Anthropic(...)" — starts a finding's sentence
    origin: ValueOrigin  # the value and where it came from (value is never None)


def _claude_call(node: ast.Call, q: str | None, ctx) -> str | None:
    """The label of the Claude client or wrapper a call constructs (or a wrapper request
    function it is), else None."""
    if q is None:
        return None
    cc = client_class(q)
    if cc is not None:
        return cc.name
    w = WRAPPERS.get(q)
    if w is not None:
        if w.needs_claude_model and not _claude_model(ctx, node, w.model_args):
            return None
        return q if q.startswith("litellm.") else q.rsplit(".", 1)[-1]
    if q in _INIT_CHAT_MODEL:
        provider = ctx.facts.value_string(call_arg(node, "model_provider"))
        if (provider or "").lower() in _CLAUDE_PROVIDERS or _claude_model(ctx, node, ("model", 0)):
            return "init_chat_model"
    return None


def _claude_model(ctx, node: ast.Call, model_args) -> bool:
    for spec in model_args:
        v = call_arg(node, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
        value = ctx.facts.value_string(v)
        if value is not None:
            return is_claude_model(value)
    return False


#: how a part of a URL only known at run time is shown (in messages as is)
UNKNOWN_SHOWN = "{…}"


def _origin(ctx, value: ast.AST) -> ValueOrigin | None:
    origin = ctx.facts.value_origin(value)
    if origin.value is None and isinstance(value, (ast.JoinedStr, ast.BinOp, ast.Name)):
        text = ctx.facts.partial_string(value).replace(UNKNOWN_PART, UNKNOWN_SHOWN)
        if text != UNKNOWN_SHOWN and "://" in text:
            origin = ValueOrigin(text, EXPRESSION, node=value)
    if origin.value is None or not origin.value.strip():
        return None
    return origin


def _site(ctx, value: ast.AST | None, subject: str) -> UrlSite | None:
    if value is None:
        return None
    origin = _origin(ctx, value)
    if origin is None:
        return None
    if origin.source in (ENV_DEFAULT, ENV_SET) and origin.name in BASE_URL_ENV_VARS:
        return None  # judged where the variable is written or its default given
    return UrlSite(value, subject, origin)


def _env_value_site(ctx, value: ast.AST | None, subject: str) -> UrlSite | None:
    """A value written to (or defaulted for) a base-URL environment variable."""
    if value is None:
        return None
    origin = _origin(ctx, value)
    return UrlSite(value, subject, origin) if origin is not None else None


def url_sites(node: ast.AST, ctx) -> Iterator[UrlSite]:
    """The base URLs a node gives a Claude client or wrapper, directly or through the
    environment: constructor keywords (every wrapper spelling), ``client_args={...}``,
    ``with_options()``/``copy()``, ``os.environ[...] = ...`` and its ``setdefault``,
    ``update``, ``putenv`` and ``monkeypatch.setenv`` forms, environment mappings
    (``env={"ANTHROPIC_BASE_URL": ...}``), ``os.getenv(...)`` defaults (also
    ``os.getenv(...) or "..."``) and ``litellm.api_base = ...``."""
    if isinstance(node, ast.Call):
        yield from _call_sites(node, ctx)
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and ctx.qualname(target.value) == "os.environ":
                name = ctx.string_value(target.slice)
                if name in BASE_URL_ENV_VARS:
                    s = _env_value_site(ctx, node.value, f"The value written to os.environ[{name!r}]")
                    if s:
                        yield s
            elif isinstance(target, ast.Attribute) and ctx.qualname(target) in MODULE_URL_SETTINGS:
                s = _site(ctx, node.value, f"The value assigned to {ctx.qualname(target)}")
                if s:
                    yield s
    elif isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            name = ctx.string_value(k) if k is not None else None
            if name in BASE_URL_ENV_VARS:
                s = _env_value_site(ctx, v, f"The {name} entry of this environment mapping")
                if s:
                    yield s
    elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) >= 2:
        env = env_var_name(node.values[0], ctx.resolver)
        if env is not None and env[0] in BASE_URL_ENV_VARS and env[1] is None:
            s = _env_value_site(ctx, node.values[1], f"The fallback for an unset {env[0]}")
            if s:
                yield s


def _call_sites(node: ast.Call, ctx) -> Iterator[UrlSite]:
    q = ctx.qualname(node.func)
    label = _claude_call(node, q, ctx)
    if label is not None:
        for kw in URL_KWARGS:
            s = _site(ctx, _kwarg(ctx, node, kw), f"The {kw} given to {label}(...)")
            if s:
                yield s
        client_args = call_arg(node, "client_args")
        if isinstance(client_args, ast.Dict):
            for k, v in zip(client_args.keys, client_args.values):
                if k is not None and ctx.string_value(k) == "base_url":
                    s = _site(ctx, v, f"The base_url in the client_args of {label}(...)")
                    if s:
                        yield s
        return
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("with_options", "copy"):
        base = ctx.facts.client(func.value)
        if base is not None:
            for kw in ("base_url",) if not base.wrapper else URL_KWARGS:
                s = _site(ctx, _kwarg(ctx, node, kw), f"The {kw} given to {base.name}.{func.attr}(...)")
                if s:
                    yield s
        return
    env = env_var_name(node, ctx.resolver)
    if env is not None:
        name, default = env
        if name in BASE_URL_ENV_VARS and default is not None:
            if q and q.endswith("setdefault"):
                subject = f"The value os.environ.setdefault writes to {name}"
            else:
                subject = f"The default of {name} in {q}(...)"
            s = _env_value_site(ctx, default, subject)
            if s:
                yield s
        return
    if q == "os.putenv" or (isinstance(func, ast.Attribute) and func.attr == "setenv"):
        name = ctx.string_value(call_arg(node, None, 0))
        if name in BASE_URL_ENV_VARS:
            what = "os.putenv" if q == "os.putenv" else f"{callee_text(func)}"
            s = _env_value_site(ctx, call_arg(node, None, 1), f"The value {what} writes to {name}")
            if s:
                yield s
    elif q == "os.environ.update":
        for kw in node.keywords:
            if kw.arg in BASE_URL_ENV_VARS:
                s = _env_value_site(ctx, kw.value, f"The value written to os.environ[{kw.arg!r}]")
                if s:
                    yield s


def https_fix(ctx, origin: ValueOrigin) -> Fix | None:
    """A fix when the whole URL is one string literal of this Python file (not built from
    parts, not in a notebook): its location is the anchor."""
    lit = origin.literal
    if ctx.source.line_map or not isinstance(lit, ast.Constant) or lit.value != origin.value:
        return None
    if not isinstance(lit.value, str) or lit.value[:7].lower() != "http://":
        return None
    loc = ctx.location(lit)
    return Fix(
        "use https://", {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}
    )


def _kwarg(ctx, call: ast.Call, name: str) -> ast.expr | None:
    """``name=`` of a call, also inside a ``**mapping`` the file builds (``Anthropic(**cfg)``)."""
    v = call_arg(call, name)
    if v is not None:
        return v
    for kw in call.keywords:
        if kw.arg is None:
            status, found = ctx.facts.mapping_get(kw.value, name)
            if status == "found":
                return found
    return None


def callee_text(func: ast.AST) -> str:
    try:
        text = ast.unparse(func)
    except Exception:  # hostile input: any unparse failure falls back
        return "this call"
    return text if len(text) <= 60 else text[:57] + "..."


def http_client_args(node: ast.Call, ctx) -> Iterator[tuple[ast.expr, str]]:
    """``(value, subject)`` for each HTTP client a call hands to a Claude client or wrapper
    (constructor, ``client_args={...}``, ``with_options()``/``copy()``)."""
    q = ctx.qualname(node.func)
    label = _claude_call(node, q, ctx)
    if label is None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("with_options", "copy"):
            base = ctx.facts.client(func.value)
            if base is not None:
                label = f"{base.name}.{func.attr}"
    if label is None:
        return
    for kw in HTTP_CLIENT_KWARGS:
        v = _kwarg(ctx, node, kw)
        if v is not None:
            yield v, f"The {kw} given to {label}(...)"
    client_args = call_arg(node, "client_args")
    if isinstance(client_args, ast.Dict):
        for k, v in zip(client_args.keys, client_args.values):
            if k is not None and ctx.string_value(k) in HTTP_CLIENT_KWARGS:
                yield v, f"The {ctx.string_value(k)} in the client_args of {label}(...)"


# --------------------------------------------------------------------------- URLs


@dataclass(frozen=True)
class Url:
    scheme: str
    host: str
    port: int | None
    path: str
    password: str | None
    text: str
    #: the port is computed at run time (``f"{GATEWAY}:{PORT}"`` with an unknown PORT)
    port_unknown: bool = False

    @property
    def effective_port(self) -> int | None:
        if self.port is not None:
            return self.port
        return {"http": 80, "https": 443}.get(self.scheme)


def parse_url(text: str) -> Url | None:
    """``scheme://host[:port]/path`` (scheme and host lower-cased, trailing dot dropped), or
    None when the text is not an absolute URL with a host."""
    text = text.strip()
    if "://" not in text or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    port_unknown = False
    try:
        port = parts.port
    except ValueError:
        port, port_unknown = None, UNKNOWN_SHOWN in parts.netloc.rpartition(":")[2]
        if not port_unknown:
            return None
    host = (parts.hostname or "").rstrip(".").lower()
    if not parts.scheme or not host:
        return None
    return Url(parts.scheme.lower(), host, port, parts.path, parts.password, text, port_unknown)


#: reserved names that are never real endpoints (RFC 2606 / RFC 6761)
_RESERVED_SUFFIXES = (".example", ".invalid", ".test")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")


def is_loopback(host: str) -> bool:
    """``localhost``, ``*.localhost``, 127.0.0.0/8, ``::1`` (also IPv4-mapped) and the
    unspecified addresses ``0.0.0.0``/``::`` (a connection to them reaches this machine)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_unspecified:
        return True
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(mapped is not None and (mapped.is_loopback or mapped.is_unspecified))


def is_placeholder_host(host: str) -> bool:
    """Template syntax, ``your-…`` hosts and the reserved example/test domains."""
    h = host.lower()
    if any(c in h for c in "<>{}$%*\\") or "..." in h or "xxx" in h:
        return True
    if h.startswith(("your-", "your_", "your.")) or h in ("your", "yourhost", "host", "hostname"):
        return True
    return (
        h in _EXAMPLE_DOMAINS or h.endswith(tuple("." + d for d in _EXAMPLE_DOMAINS)) or h.endswith(_RESERVED_SUFFIXES)
    )


def host_matches(host: str, patterns) -> bool:
    """``host`` equals a pattern, or a ``*.suffix`` pattern covers it."""
    host = host.lower()
    for p in patterns:
        p = str(p).strip().lower().rstrip(".")
        if p.startswith("*."):
            if host.endswith(p[1:]):
                return True
        elif host == p:
            return True
    return False


def describe_origin(origin: ValueOrigin, ctx) -> str:
    """``the literal 'x'``, ``'x' from the constant NAME (line 3)`` …, with notebook lines
    mapped back to the file."""
    return origin.describe(lambda n: ctx.source.file_line(getattr(n, "lineno", 0) or 0))


# --------------------------------------------------------------------------- TLS verification


_HTTP_CLIENT_NAMES = frozenset(
    {"Client", "AsyncClient", "DefaultHttpxClient", "DefaultAsyncHttpxClient", "DefaultAioHttpClient"}
)
_HTTP_CLIENT_MODULES = frozenset({"httpx", "httpx2", "anthropic"})
_TRANSPORTS = frozenset({"HTTPTransport", "AsyncHTTPTransport"})
_UNVERIFIED_CONTEXTS = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})


def is_http_client(ctx, call: ast.Call) -> bool:
    q = ctx.qualname(call.func) or ""
    return q.split(".")[0] in _HTTP_CLIENT_MODULES and q.rsplit(".", 1)[-1] in _HTTP_CLIENT_NAMES


def _is_false(ctx, expr: ast.AST | None) -> bool:
    if isinstance(expr, ast.Constant):
        return expr.value is False or (type(expr.value) is int and expr.value == 0)
    if isinstance(expr, ast.Name):
        assigns, iters, _scope, param = ctx.facts.lookup(expr.id, ctx.facts.scope(expr))
        if len(assigns) == 1 and not iters and param is None:
            return _is_false(ctx, assigns[0])
    return False


def _unverified_context(ctx, expr: ast.AST | None) -> str | None:
    """Why an ``ssl`` context skips certificate checks, or None."""
    if isinstance(expr, ast.Call):
        q = ctx.qualname(expr.func)
        if q in _UNVERIFIED_CONTEXTS:
            return f"{q}()"
        return None
    if not isinstance(expr, ast.Name):
        return None
    assigns, _iters, scope, _param = ctx.facts.lookup(expr.id, ctx.facts.scope(expr))
    if scope is None:
        return None
    for value in assigns:
        found = _unverified_context(ctx, value)
        if found:
            return found
    for node in ast.walk(scope.node):
        if not isinstance(node, ast.Assign):
            continue
        for t in node.targets:
            if (
                isinstance(t, ast.Attribute)
                and isinstance(t.value, ast.Name)
                and t.value.id == expr.id
                and t.attr == "verify_mode"
                and ctx.qualname(node.value) == "ssl.CERT_NONE"
            ):
                return f"an SSL context with verify_mode=ssl.CERT_NONE (line {ctx.source.file_line(node.lineno)})"
    return None


def verification_off(ctx, http: ast.Call) -> str | None:
    """How an HTTP client constructor turns certificate verification off, or None."""
    verify = call_arg(http, "verify")
    if _is_false(ctx, verify):
        return "verify=False"
    why = _unverified_context(ctx, verify)
    if why:
        return f"verify={why}"
    transport = call_arg(http, "transport")
    if transport is not None:
        t = ctx.facts.producer(transport, lambda c: (ctx.qualname(c.func) or "").rsplit(".", 1)[-1] in _TRANSPORTS)
        if t is not None and (_is_false(ctx, call_arg(t, "verify")) or _unverified_context(ctx, call_arg(t, "verify"))):
            return "a transport with verify=False"
    connector = call_arg(http, "connector")
    if connector is not None:
        c = ctx.facts.producer(connector, lambda c: (ctx.qualname(c.func) or "").endswith("TCPConnector"))
        if c is not None and (_is_false(ctx, call_arg(c, "ssl")) or _is_false(ctx, call_arg(c, "verify_ssl"))):
            return "a TCPConnector with ssl=False"
    return None


# --------------------------------------------------------------------------- the rule
