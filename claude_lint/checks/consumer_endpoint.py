"""consumer-endpoint: code that talks to the claude.ai web app instead of the commercial API."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .. import keys
from ..analysis import call_arg, env_var_name
from ..analysis.values import UNKNOWN_PART
from ..model import Confidence, Severity
from ..rule import Rule

#: ``https://claude.ai…``, ``//api.claude.ai…``: the host, then the rest (``\x00`` marks a
#: part only known at run time)
_URL = re.compile(
    r"^\s*(?:(?:https?|wss?):)?//(?P<host>(?:[a-z0-9-]+\.)*claude\.ai)(?::\d+)?(?P<rest>(?:[/?#\x00].*)?)$", re.I | re.S
)
_API_PATH = re.compile(r"^/api(?:$|[/\x00])", re.I)
#: the OAuth callback of claude.ai's remote MCP connectors: MCP servers list it as an
#: allowed redirect URI; it is not a call to claude.ai
_MCP_CALLBACK = re.compile(r"^/api/mcp/", re.I)
#: gitleaks ``claude-code-session-url``
_SESSION_URL = re.compile(r"(?i)\bhttps?://claude\.ai/code/(session_[A-Za-z0-9]{16,})\b")

API, WEB = "api", "web"

#: unofficial claude.ai client libraries (claude-surface §6): import name -> PyPI package.
#: Any import of these modules counts.
_MODULES = {
    "claude2_api": "unofficial-claude-api (also unofficial-claude2-api)",
    "unofficial_claude_api": "unofficial-claude-api",
    "claudesync": "claudesync",
    "ctxsync": "ctxsync (the renamed claudesync)",
    "async_claude_client": "async-claude-client",
    "claude_webapi": "claude-webapi",
}
#: libraries whose import name is generic (a project's own ``claude_api.py``, ``claude/``,
#: ``claude_ai.py`` are common): only their distinctive names count
_NAMED = {
    "claude_api": (frozenset({"Client"}), "claude-api (also claude-api-temp)"),
    "claude": (frozenset({"claude_client", "claude_wrapper"}), "claude-api-py"),
    "claude_ai": (
        frozenset({"ClaudeAIClient", "CookieAuth", "ClaudeOrchestrator", "ClaudeAISettings"}),
        "claude-webapi",
    ),
}

#: calls that show, log or compare a string rather than request it
_DISPLAY = frozenset(
    {
        "print",
        "input",
        "echo",
        "secho",
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "log",
        "write",
        "writelines",
        "markdown",
        "caption",
        "success",
        "link_button",
        "page_link",
        "dedent",
        "gettext",
        "ngettext",
        "_",
    }
)
_INSPECT = frozenset(
    {
        "startswith",
        "endswith",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "replace",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "removeprefix",
        "removesuffix",
        "strip",
        "lstrip",
        "rstrip",
        "match",
        "fullmatch",
        "search",
        "findall",
        "finditer",
        "sub",
        "subn",
        "compile",
        "fnmatch",
        "escape",
        "quote",
    }
)
_DOC_KWARGS = frozenset(
    {"help", "description", "epilog", "usage", "doc", "docstring", "title", "label", "placeholder", "caption", "text"}
)
#: words in a callee's name that make it a request (``get``, ``self._post``, ``make_request``)
_REQUEST_WORDS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "request",
        "requests",
        "stream",
        "send",
        "fetch",
        "urlopen",
        "ws",
        "websocket",
        "connect",
        "goto",
        "navigate",
        "call",
        "download",
        "upload",
        "retrieve",
        "urlretrieve",
    }
)
_HTTP_MODULES = frozenset(
    {
        "requests",
        "httpx",
        "httpx2",
        "aiohttp",
        "urllib",
        "urllib3",
        "curl_cffi",
        "cloudscraper",
        "tls_client",
        "websocket",
        "websockets",
        "pycurl",
        "selenium",
        "playwright",
        "seleniumbase",
        "undetected_chromedriver",
        "pyppeteer",
        "mechanize",
        "httplib2",
    }
)
_IMPERSONATORS = frozenset({"curl_cffi", "cloudscraper", "tls_client", "undetected_chromedriver"})
_URL_KWARGS = ("url", "base_url", "uri", "endpoint", "api_url", "claude_api_url", "api_base")
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_URLJOIN = frozenset({"urllib.parse.urljoin", "urlparse.urljoin", "requests.compat.urljoin"})
_BROWSER_HEADERS = frozenset({"origin", "referer"})
_U = UNKNOWN_PART  # the analysis's one convention for a part known only at run time


def classify(text: str | None) -> tuple[str, str] | None:
    """``(API | WEB, host)`` for a claude.ai URL, None for anything else (the remote-MCP
    OAuth callback included)."""
    if not text:
        return None
    m = _URL.match(text)
    if not m:
        return None
    host = m.group("host").lower()
    path = re.split(r"[?#]", m.group("rest"), maxsplit=1)[0]
    if host == "api.claude.ai":
        return API, host
    if host in ("claude.ai", "www.claude.ai"):
        if _MCP_CALLBACK.match(path):
            return None
        return (API if _API_PATH.match(path) else WEB), host
    return WEB, host


def _shown(text: str) -> str:
    t = text.strip().replace(_U, "{…}")
    return t if len(t) <= 120 else t[:117] + "..."


def _words(name: str) -> set[str]:
    return {w.lower() for w in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name) if w}


@dataclass
class _State:
    active: bool
    covered: set[int] = field(default_factory=set)  # nodes consumed by a reported request
    quiet: set[int] = field(default_factory=set)  # nodes that are shown, logged or compared
    fparts: set[int] = field(default_factory=set)  # constant parts of f-strings
    candidates: list[ast.AST] = field(default_factory=list)  # strings/builders judged at the end
    fired_stmts: set[int] = field(default_factory=set)
    #: reported requests: (the call, the index ctx.report returned for its finding)
    requests: list[tuple[ast.Call, int]] = field(default_factory=list)
    #: browser headers posing as claude.ai: (the dict, the value reported, the message)
    headers: list[tuple[ast.Dict, ast.AST, str]] = field(default_factory=list)


class _Text:
    """The text an expression evaluates to, with ``\\x00`` for parts known only at run time;
    records the nodes it went through."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.facts = ctx.facts
        self.notes: list[tuple[str, ast.AST]] = []  # constants and variables the value came through

    @property
    def via(self) -> str:
        """The innermost constant or variable that holds a claude.ai URL on its own (the one
        that names the host), as ``NAME (line N)``."""
        found = self.via_node
        if found is None:
            return ""
        name, value = found
        return f"{name} (line {self.ctx.source.file_line(getattr(value, 'lineno', 0) or 0)})"

    @property
    def via_node(self) -> tuple[str, ast.AST] | None:
        """The name and value node behind :attr:`via` (a related location of the finding)."""
        best = None
        for name, value in self.notes:
            if classify(_Text(self.ctx).of(value, set())) is not None:
                best = (name, value)
        return best

    def of(self, expr: ast.AST | None, covered: set[int], depth: int = 0) -> str:
        if expr is None or depth > 12:
            return _U
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                covered.add(id(expr))
                return expr.value
            return str(expr.value) if isinstance(expr.value, int) and not isinstance(expr.value, bool) else _U
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.facts.lookup(expr.id, self.facts.scope(expr))
            if len(assigns) == 1 and not iters and param is None and not isinstance(assigns[0], ast.AugAssign):
                self._note(expr.id, assigns[0])
                covered.add(id(assigns[0]))
                return self.of(assigns[0], covered, depth + 1)
            return _U
        if isinstance(expr, ast.Attribute):
            value = self._attribute(expr)
            if value is not None:
                self._note(ast.unparse(expr), value)
                covered.add(id(value))
                return self.of(value, covered, depth + 1)
            return _U
        if isinstance(expr, ast.JoinedStr):
            covered.add(id(expr))
            out = []
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    covered.add(id(part))
                    out.append(str(part.value))
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                    out.append(self.of(part.value, covered, depth + 1))
                else:
                    out.append(_U)
            return "".join(out)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            covered.add(id(expr))
            return self.of(expr.left, covered, depth + 1) + self.of(expr.right, covered, depth + 1)
        if isinstance(expr, ast.Call):
            q = self.ctx.qualname(expr.func)
            if q in _URLJOIN or (isinstance(expr.func, ast.Name) and expr.func.id == "urljoin"):
                covered.add(id(expr))
                return _urljoin(
                    self.of(call_arg(expr, "base", 0), covered, depth + 1),
                    self.of(call_arg(expr, "url", 1), covered, depth + 1),
                )
            f = expr.func
            if (
                isinstance(f, ast.Attribute)
                and f.attr == "format"
                and isinstance(f.value, ast.Constant)
                and isinstance(f.value.value, str)
            ):
                covered.add(id(expr))
                covered.add(id(f.value))
                return self._format(expr, f.value.value, covered, depth)
            env = env_var_name(expr, self.ctx.resolver)
            if env is not None and env[1] is not None:
                return self.of(env[1], covered, depth + 1)
            fn = self.facts.called_function(expr)  # a helper of this module returning the URL
            if fn is not None:
                returns = self.facts.scopes[fn].returns
                if len(returns) == 1:
                    return self.of(returns[0], covered, depth + 1)
        return _U

    def _note(self, name: str, value: ast.AST) -> None:
        if len(self.notes) < 8:
            self.notes.append((name, value))

    def _format(self, call: ast.Call, template: str, covered: set[int], depth: int) -> str:
        counter = iter(range(1000))

        def field_value(m: re.Match) -> str:
            name = m.group(1).split("!")[0].split(":")[0].split(".")[0].split("[")[0]
            if name == "":
                arg = call_arg(call, None, next(counter))
            elif name.isdigit():
                arg = call_arg(call, None, int(name))
            else:
                arg = call_arg(call, name)
            return self.of(arg, covered, depth + 1)

        return (
            re.sub(r"\{([^{}]*)\}", field_value, template.replace("{{", "\x01").replace("}}", "\x02"))
            .replace("\x01", "{")
            .replace("\x02", "}")
        )

    def _attribute(self, expr: ast.Attribute) -> ast.expr | None:
        """The one value of ``self.X``/``cls.X`` (class body or methods) or ``Class.X``."""
        base = expr.value
        if not isinstance(base, ast.Name):
            return None
        if base.id in ("self", "cls"):
            klass = self.facts.scope(expr).klass
        else:
            klass = next((s for s in self.ctx.tree.body if isinstance(s, ast.ClassDef) and s.name == base.id), None)
        if klass is None:
            return None
        found: list[ast.expr] = []
        for stmt in klass.body:
            if isinstance(stmt, ast.Assign):
                found += [stmt.value for t in stmt.targets if isinstance(t, ast.Name) and t.id == expr.attr]
            elif (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.target.id == expr.attr
                and stmt.value is not None
            ):
                found.append(stmt.value)
        found += [v for v, _scope in self.facts.class_attrs.get(klass, {}).get(expr.attr, [])]
        return found[0] if len(found) == 1 and not isinstance(found[0], ast.AugAssign) else None


def _urljoin(base: str, rel: str) -> str:
    if re.match(r"^\s*(?:https?:)?//", rel):
        return rel
    m = re.match(r"^(\s*(?:https?:)?//[^/?#]*)(.*)$", base, re.S)
    if not m:
        return _U + rel
    if rel.startswith("/"):
        return m.group(1) + rel
    path = m.group(2)
    return m.group(1) + (path[: path.rfind("/") + 1] if "/" in path else "/") + rel


def _leftmost(expr: ast.AST) -> ast.AST | None:
    """The piece a composite URL starts with, when that piece is an expression of its own
    (not a constant part of an f-string)."""
    if isinstance(expr, ast.BinOp):
        return expr.left
    if isinstance(expr, ast.JoinedStr):
        first = expr.values[0] if expr.values else None
        return first.value if isinstance(first, ast.FormattedValue) else None
    if isinstance(expr, ast.Call):
        f = expr.func
        if isinstance(f, ast.Attribute) and f.attr == "format":
            return None
        return call_arg(expr, "base", 0)
    return None


def _unofficial(fullname: str) -> str | None:
    """The PyPI package behind an imported dotted name, if it is an unofficial claude.ai client."""
    parts = fullname.split(".")
    if parts[0] in _MODULES:
        return _MODULES[parts[0]]
    named = _NAMED.get(parts[0])
    if named is not None and any(p in named[0] for p in parts[1:]):
        return named[1]
    return None


class ConsumerEndpoint(Rule):
    """
    ## What it does
    Finds code that talks to the claude.ai consumer web app instead of the commercial
    Claude API:

    - a request to a claude.ai web API URL — `https://claude.ai/api/…` or
      `https://api.claude.ai/…` — through any HTTP client (`requests`, `httpx`, `aiohttp`,
      `urllib`, `curl_cffi`, `cloudscraper`, a session object, a helper of your own whose
      name says it requests: `get`, `_post`, `make_request` …); the URL is followed through
      constants, variables, class attributes (`self.BASE_URL`), f-strings, `+`,
      `urllib.parse.urljoin` and `str.format`, so `f"{BASE}/api/organizations"` with
      `BASE = "https://claude.ai"` counts. A claude.ai API URL that does not visibly reach
      a request (a constant, a dict of endpoints, a configuration default) is reported where
      it is written;
    - a claude.ai page (`https://claude.ai/chats`, `/login`, `/new` …) loaded by an HTTP
      client or a browser-automation tool (Selenium `driver.get`, Playwright `page.goto`);
      medium severity unless the session impersonates a browser;
    - browser impersonation aimed at claude.ai: the message says when the request goes
      through `curl_cffi` (`impersonate="chrome110"`), `cloudscraper`, `tls_client` or
      `undetected_chromedriver`, and an `Origin`/`Referer` header claiming
      `https://claude.ai` is reported;
    - imports of the unofficial claude.ai client libraries: `claude2_api`
      (unofficial-claude-api, unofficial-claude2-api), `unofficial_claude_api`,
      `claudesync` and its successor `ctxsync`, `async_claude_client`, `claude_webapi`, and —
      since their import names are common names of a project's own modules — only the
      distinctive names of `claude_api` (`Client`: claude-api, claude-api-temp),
      `claude` (`claude_client`, `claude_wrapper`: claude-api-py) and `claude_ai`
      (`ClaudeAIClient`, `CookieAuth`, `ClaudeOrchestrator`: claude-webapi);
    - a Claude Code remote-session URL (`https://claude.ai/code/session_…`) anywhere in a
      string, docstrings included: it opens one person's session.

    Not reported: the official API hosts (`api.anthropic.com`, the Admin API's
    `/v1/organizations`, `platform.claude.com`, `docs.claude.com`); the OAuth callback
    `https://claude.ai/api/mcp/auth_callback` that remote MCP servers list as a redirect
    URI; and documentation — a claude.ai URL in a docstring, a comment, a string that only
    mentions it in running text (`"Download the app at https://claude.ai/download"`), a
    string that is printed, logged, opened in the user's browser (`webbrowser.open`) or
    given as `help=`/`description=`, or compared (`url.startswith(...)`, `==`, `in`). A
    string literal that never reaches a request and is not a claude.ai API URL is
    documentation.
    Like every rule tagged `traffic`, it does not report in a file under the policy's `test-
    paths` that looks like a test (test functions or classes, mocks, recorded cassettes: see
    README, Test files); the summary counts those findings, and `tests: report` or
    `--include-tests` shows them one severity step lower.

    One finding per request: the call to claude.ai is reported; the constant or variable its
    URL is built from and the `Origin`/`Referer` headers set for it (passed to it, through a
    variable, or set in the same function) are related locations of that finding. Browser
    headers with no visible claude.ai request in their function are reported on their own.

    ## Why is this bad?
    claude.ai is a consumer product used with one person's login (a `sessionKey` cookie or
    a subscription token). Data sent through it is handled under the consumer terms and
    that person's privacy settings — not under the commercial terms, the organisation's
    Zero Data Retention or a BAA — and automated access to the web app's private API is not
    permitted by those terms. Browser impersonation exists to get around the web app's bot
    protection. Applications must use the Claude API with an API key of the organisation.

    ## Example
    ```python
    from curl_cffi import requests

    BASE_URL = "https://claude.ai"
    orgs = requests.get(f"{BASE_URL}/api/organizations", impersonate="chrome110", cookies=cookies)
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic()  # an API key of your organisation, from ANTHROPIC_API_KEY
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
    ```

    ## References
    - https://www.anthropic.com/legal/consumer-terms
    - https://www.anthropic.com/legal/commercial-terms
    - https://docs.anthropic.com/en/api/getting-started
    """

    id = "consumer-endpoint"
    summary = "claude.ai consumer web app used by code"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("security", "consumer", "compliance", "traffic")
    fix_hint = (
        "Call the Claude API with the anthropic SDK and an API key of your organisation; remove the claude.ai client."
    )

    # -- per-file state ---------------------------------------------------------------------
    @staticmethod
    def _state(ctx) -> _State:
        st = ctx.scratch.get("consumer-endpoint")
        if st is None:
            st = _State(active="claude.ai" in ctx.text.lower())
            ctx.scratch["consumer-endpoint"] = st
        return st

    @staticmethod
    def _quiet(st: _State, nodes) -> None:
        """Mark strings as shown/compared, not requested: the nodes and their parts, without
        descending into calls other than string builders (``print(requests.get(url).text)``
        still requests)."""
        stack = list(nodes)
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Call):
                f = n.func
                if not (isinstance(f, ast.Attribute) and f.attr in ("format", "join")) and not (
                    isinstance(f, ast.Name) and f.id in ("urljoin", "str")
                ):
                    continue
            st.quiet.add(id(n))
            stack.extend(ast.iter_child_nodes(n))

    @staticmethod
    def _webbrowser(func: ast.AST, ctx) -> bool:
        """``webbrowser.open(...)``, ``webbrowser.get("chrome").open(...)``: shown to the user."""
        node = func
        while isinstance(node, (ast.Attribute, ast.Call)):
            node = node.value if isinstance(node, ast.Attribute) else node.func
        return isinstance(node, ast.Name) and (ctx.resolver.aliases.get(node.id) or "").split(".")[0] == "webbrowser"

    def _is_bare(self, node: ast.AST, ctx) -> bool:
        stmt = ctx.current_stmt
        return isinstance(stmt, ast.Expr) and stmt.value is node

    # -- imports ----------------------------------------------------------------------------
    def _report_import(self, node: ast.AST, name: str, package: str, ctx, generic: bool) -> None:
        ctx.scratch.setdefault("consumer-endpoint.imports", set()).add(name.split(".")[0])
        what = "This import loads" if isinstance(node, (ast.Import, ast.ImportFrom)) else "This call uses"
        ctx.report(
            node,
            f"{what} {name} from {package}, an unofficial claude.ai client that drives a personal "
            "claude.ai login through the web app's private API instead of the commercial Claude API",
            confidence=Confidence.MEDIUM if generic else Confidence.HIGH,
        )

    def visit_Import(self, node: ast.Import, ctx) -> None:
        for a in node.names:
            package = _unofficial(a.name)
            if package is not None:
                self._report_import(node, a.name, package, ctx, a.name.split(".")[0] in _NAMED)
                return

    def visit_ImportFrom(self, node: ast.ImportFrom, ctx) -> None:
        if node.level or not node.module:
            return
        for a in node.names:
            full = node.module if a.name == "*" else f"{node.module}.{a.name}"
            package = _unofficial(full)
            if package is not None:
                self._report_import(node, full, package, ctx, node.module.split(".")[0] in _NAMED)
                return

    # -- calls ------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, ctx) -> None:
        func = node.func
        q = ctx.qualname(func)
        if isinstance(func, ast.Attribute) and q:
            # `import claude_api` then `claude_api.Client(...)`: the import alone was not distinctive
            root = func
            while isinstance(root, ast.Attribute):
                root = root.value
            top = ctx.resolver.aliases.get(root.id) if isinstance(root, ast.Name) else None
            if top in _NAMED and top not in ctx.scratch.get("consumer-endpoint.imports", ()):
                package = _unofficial(q)
                if package is not None:
                    self._report_import(node, q, package, ctx, True)
        st = self._state(ctx)
        if not st.active:
            return
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        for kw in node.keywords:
            if kw.arg in _DOC_KWARGS:
                self._quiet(st, [kw.value])
        if name in _DISPLAY or name in _INSPECT or name.startswith("assert") or self._webbrowser(func, ctx):
            self._quiet(st, [*node.args, *(kw.value for kw in node.keywords)])
            return
        if q in _URLJOIN or name == "format" or (name == "urljoin" and isinstance(func, ast.Name)):
            st.candidates.append(node)
            return
        if id(node) in st.quiet:
            return
        for arg, kw in self._url_args(node, name):
            covered: set[int] = set()
            text_of = _Text(ctx)
            text = text_of.of(arg, covered)
            found = classify(text)
            if found is None:
                if text and not text.startswith(_U):
                    # a request to a known other URL: its Origin/Referer headers are not posing
                    # as claude.ai (a CORS test of an MCP server sends Origin: https://claude.ai)
                    headers = call_arg(node, "headers")
                    if isinstance(headers, ast.Dict):
                        st.quiet.add(id(headers))
                continue
            kind, _host = found
            top = (q or "").split(".")[0]
            requests_it = bool(_words(name) & _REQUEST_WORDS) or top in _HTTP_MODULES or kw == "base_url"
            if not requests_it:
                continue  # an API URL handed to something else is judged where it is written
            imperson = self._impersonation(node, ctx)
            st.covered |= covered
            if ctx.current_stmt is not None:
                st.fired_stmts.add(id(ctx.current_stmt))
            callee = _callee(func)
            via = f" (built from {text_of.via})" if text_of.via else ""
            origin = text_of.via_node
            related = [(origin[1], f"built from {origin[0]}")] if origin is not None else []
            secrets = [m.group(1) for m in _SESSION_URL.finditer(text)]
            if kind == API:
                index = ctx.report(
                    node,
                    f"This {callee}(...) call sends a request to the claude.ai web API '{_shown(text)}'{via}{imperson}; "
                    "the consumer app's private API runs on a personal claude.ai login, outside the commercial terms",
                    secrets=secrets,
                    related=related,
                )
            else:
                index = ctx.report(
                    node,
                    f"This {callee}(...) call loads the claude.ai web app page '{_shown(text)}'{via}{imperson}; "
                    "automating the consumer app uses a personal claude.ai login, outside the commercial terms",
                    secrets=secrets,
                    severity=None if imperson else Severity.MEDIUM,
                    confidence=None if imperson else Confidence.MEDIUM,
                    related=related,
                )
            if index is not None:
                st.requests.append((node, index))
            return

    @staticmethod
    def _url_args(node: ast.Call, name: str):
        if node.args and not isinstance(node.args[0], ast.Starred):
            first = node.args[0]
            method = (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.upper() in _HTTP_METHODS
            )
            if not method:
                yield first, None
            if (
                (method or "request" in _words(name))
                and len(node.args) > 1
                and not isinstance(node.args[1], ast.Starred)
            ):
                yield node.args[1], None  # request(method, url)
        for kw in node.keywords:
            if kw.arg in _URL_KWARGS:
                yield kw.value, kw.arg

    def _impersonation(self, node: ast.Call, ctx) -> str:
        def describe(call: ast.Call) -> str | None:
            imp = call_arg(call, "impersonate")
            if imp is not None:
                value = ctx.facts.value_string(imp)
                return (
                    f" through a browser-impersonating session (impersonate={value!r})"
                    if value
                    else " through a browser-impersonating session"
                )
            top = (ctx.qualname(call.func) or "").split(".")[0]
            if top in _IMPERSONATORS:
                return f" through {top}, which impersonates a browser"
            return None

        found = describe(node)
        if found:
            return found
        if isinstance(node.func, ast.Attribute):
            session = ctx.facts.producer(node.func.value, lambda c: describe(c) is not None)
            if session is not None:
                return describe(session) or ""
        return ""

    # -- strings ----------------------------------------------------------------------------
    def visit_Constant(self, node: ast.Constant, ctx) -> None:
        value = node.value
        if not isinstance(value, str) or len(value) > 5000:
            return
        st = self._state(ctx)
        if not st.active:
            return
        if "claude.ai/code/session_" in value.lower():
            ids = [m.group(1) for m in _SESSION_URL.finditer(value)]
            ids = [i for i in ids if not keys.is_placeholder(i[len("session_") :], min_length=16)]
            if ids and id(node) not in st.covered:
                ctx.report(
                    node,
                    f"A Claude Code remote-session URL (https://claude.ai/code/{ids[0]}) is written here: it opens "
                    "one person's claude.ai session and must not be shared, committed or scripted",
                    secrets=ids,
                )
                st.covered.add(id(node))
                return
        if id(node) in st.fparts or self._is_bare(node, ctx) or "claude.ai" not in value.lower():
            return
        st.candidates.append(node)

    def visit_JoinedStr(self, node: ast.JoinedStr, ctx) -> None:
        st = self._state(ctx)
        if not st.active:
            return
        st.fparts.update(id(v) for v in node.values)
        if not self._is_bare(node, ctx):
            st.candidates.append(node)

    def visit_BinOp(self, node: ast.BinOp, ctx) -> None:
        if isinstance(node.op, ast.Add):
            st = self._state(ctx)
            if st.active:
                st.candidates.append(node)

    def visit_Compare(self, node: ast.Compare, ctx) -> None:
        st = self._state(ctx)
        if st.active:
            self._quiet(st, [node.left, *node.comparators])

    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        st = self._state(ctx)
        if not st.active or id(node) in st.quiet:
            return
        found: list[tuple[str, str, ast.AST]] = []
        for k, v in zip(node.keys, node.values):
            key = ctx.string_value(k) if k is not None else None
            if key is None or key.lower() not in _BROWSER_HEADERS:
                continue
            text = _Text(ctx).of(v, set())
            if classify(text) is not None:
                found.append((key, text, v))
        if not found:
            return
        key, text, v = found[0]
        names = " and ".join(dict.fromkeys(k for k, _t, _v in found))
        # judged in finish(): a header set for a reported request is part of that finding
        st.headers.append(
            (
                node,
                v,
                (
                    f"The {names} header{'s' if len(found) > 1 else ''} ('{_shown(text)}') make{'' if len(found) > 1 else 's'} "
                    "this request pose as the claude.ai web app; code that talks to claude.ai's private endpoints uses a "
                    "personal login, outside the commercial terms"
                ),
            )
        )

    def _headers(self, ctx, st: _State) -> None:
        """One finding per cause: browser headers that belong to a reported claude.ai request
        (given to it, directly or through a variable, or set in the same function or module
        body) are a related location of the request's finding; the others are reported."""
        for dict_node, value, message in st.headers:
            owner = self._owner(ctx, st, dict_node)
            if owner is not None:
                ctx.relate(owner, value, "the browser header")
                continue
            ctx.report(value, message, confidence=Confidence.MEDIUM, at_statement=ctx.facts.statement(value))

    @staticmethod
    def _owner(ctx, st: _State, dict_node: ast.Dict) -> int | None:
        facts = ctx.facts
        scope = facts.scope(dict_node)
        same_scope = None
        for call, index in st.requests:
            if any(n is dict_node for n in ast.walk(call)):
                return index
            headers = call_arg(call, "headers")
            if isinstance(headers, ast.Name):
                assigns, _iters, _scope, _param = facts.lookup(headers.id, facts.scope(headers))
                if any(a is dict_node or getattr(a, "value", None) is dict_node for a in assigns):
                    return index
            if same_scope is None and facts.scope(call) is scope:
                same_scope = index
        return same_scope

    # -- claude.ai API URLs that reach no visible request --------------------------------------
    def finish(self, ctx) -> None:
        st = ctx.scratch.get("consumer-endpoint")
        if st is None or not st.active:
            return
        self._headers(ctx, st)
        if not st.candidates:
            return
        done = st.covered | st.quiet
        for node in st.candidates:
            if id(node) in done:
                continue
            covered: set[int] = set()
            text_of = _Text(ctx)
            text = text_of.of(node, covered)
            found = classify(text)
            if found is None or found[0] != API:
                continue
            left = _leftmost(node)
            if left is not None:
                left_text = _Text(ctx).of(left, set())
                left_found = classify(left_text)
                if left_found is not None and left_found[0] == API:
                    continue  # the piece it starts with is the claude.ai API URL: reported there
            done |= covered
            if isinstance(node, ast.Constant):
                what = f"The claude.ai web API URL '{_shown(text)}' is written here"
            else:
                via = f" from {text_of.via}" if text_of.via else ""
                what = f"The claude.ai web API URL '{_shown(text)}' is built here{via}"
            ctx.report(
                node,
                f"{what}: code that calls the consumer app's private API runs on a personal claude.ai login, "
                "outside the commercial terms",
                secrets=[m.group(1) for m in _SESSION_URL.finditer(text)],
                at_statement=ctx.facts.statement(node),
            )


def _callee(func: ast.AST) -> str:
    try:
        text = ast.unparse(func)
    except Exception:  # pragma: no cover
        return "call"
    return text if len(text) <= 60 else text[:57] + "..."
