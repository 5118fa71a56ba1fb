"""credential-logged: a Claude credential printed, logged, raised or put in a trace span."""

from __future__ import annotations

import ast
import re

from ..analysis import (
    EXCEPTION,
    LOG,
    PRINT,
    TELEMETRY,
    WARNING,
    env_var_name,
    tree_nodes,
)
from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit import credentials
from ..surface import KEY_ENV_VARS

_SINKS = frozenset({PRINT, LOG, WARNING, EXCEPTION, TELEMETRY})
#: names that say a value is the Claude key: ANTHROPIC_API_KEY, anthropic_api_key,
#: claude_api_key, anthropic_key, CLAUDE_KEY, anthropic_auth_token, anthropic_admin_key …
_KEY_NAME = re.compile(r"(?i)^_*(anthropic|claude)_?(api_?|admin_?|auth_?|aws_?|foundry_?)?(key|token|secret)$")
_KEY_NAMES = frozenset(n.lower() for n in KEY_ENV_VARS)
#: functions and methods that read a named secret: config("X"), env.str("X"), st.secrets.get("X"),
#: userdata.get("X") (Colab), get_secret("X"), os.getenv("X") …
_GETTERS = frozenset(
    {
        "get",
        "getenv",
        "get_env",
        "env",
        "config",
        "str",
        "get_secret",
        "get_secret_value",
        "secret",
        "require_env",
        "get_required_env",
        "must_env",
        "environ_get",
        "pop",
        "setdefault",
        "get_key",
    }
)
#: a client's own attributes that hold its credential (anthropic.Anthropic().api_key …)
_CLIENT_ATTRS = frozenset({"api_key", "auth_token", "aws_secret_key", "aws_session_token", "access_token"})
#: module attributes of old SDKs and wrappers that hold the key process-wide
_MODULE_KEYS = frozenset({"anthropic.api_key", "litellm.anthropic_key"})
#: predicates and measurements of a string: their result reveals nothing of it
_PREDICATES = frozenset(
    {
        "startswith",
        "endswith",
        "isalnum",
        "isalpha",
        "isascii",
        "isdigit",
        "isidentifier",
        "islower",
        "isupper",
        "isspace",
        "isprintable",
        "count",
        "find",
        "rfind",
        "index",
        "rindex",
        "keys",
        "__len__",
        "__contains__",
    }
)
#: helpers whose name says they redact or hash
_REDACTOR = re.compile(r"(?i)mask|redact|obfusc|hash|fingerprint|censor|sanitiz|scrub|anonymi|digest|hide|star")
#: a slice of at most this many characters is a redacted form (the first 12 characters of
#: an Anthropic key, "sk-ant-api03", are its public prefix)
MAX_REVEALED = 12
#: field names that may hold a credential or a container of one: a field read of an object
#: or mapping that is not known in this file follows its container only for these names
_CREDENTIAL_FIELD = re.compile(
    r"(?i)key(?!words?)|(?<!max_)(?<!num_)token(?!s|_?count|_?limit|i[sz]e)|secret|auth|cred|passw|header|bearer|cookie|environ|^env|env$|conf|cfg|setting|option|opts"
    r"|param|kwargs|args|session|anthropic|claude|llm|client|provider|connection|secrets|vault|store"
)
#: HTTP libraries: what their request functions return is a response, not the request's headers
_HTTP_MODULES = ("requests.", "httpx.", "aiohttp.", "urllib.request.", "urllib3.", "http.client.")
_HTTP_VERBS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream", "fetch", "urlopen"}
)
#: keyword arguments that only a request takes (``dict.get`` takes none)
_REQUEST_KWARGS = frozenset({"headers", "auth", "json", "data", "params", "files", "cookies", "timeout", "content"})
#: environment-style names (``ANTHROPIC_API_KEY``) as values: a variable's name, not a key
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_NEEDLES = re.compile(r"(?i)api_?key|auth_?token|anthropic_|claude_|environ|bearer_token|getenv|secret")


def is_key_name(name: str | None) -> bool:
    """Whether a variable, attribute, setting or environment name denotes a Claude credential."""
    return bool(name) and (name.lower() in _KEY_NAMES or bool(_KEY_NAME.match(name)))  # type: ignore[union-attr, arg-type]


class CredentialLogged(Rule):
    """
    ## What it does
    Follows a Claude credential to the places where a program writes text out and reports
    it when it arrives there. Credentials are:

    - environment reads of a Claude key variable (`os.environ["ANTHROPIC_API_KEY"]`,
      `os.getenv("ANTHROPIC_AUTH_TOKEN")`, `ANTHROPIC_ADMIN_KEY`, `AWS_BEARER_TOKEN_BEDROCK`,
      `ANTHROPIC_FOUNDRY_API_KEY` …), and reads of the same names from secret stores
      (`st.secrets["ANTHROPIC_API_KEY"]`, `config("ANTHROPIC_API_KEY")`, Colab
      `userdata.get(...)`);
    - the `api_key`/`auth_token` attribute of a Claude client, `anthropic.api_key`;
    - a setting whose name says it is the Anthropic key (`settings.anthropic_api_key`,
      `config.CLAUDE_API_KEY`, an imported `ANTHROPIC_API_KEY`, a parameter
      `anthropic_api_key`), and `.get_secret_value()` of one;
    - the whole process environment (`print(os.environ)`, `dict(os.environ)`), with low
      confidence.

    They are followed through assignments, f-strings, `%`, `.format`, `+`, `join`, dict and
    list displays (a headers dict), `self.x` attributes and helpers of the same module.
    Sinks are `print` (and `pprint`, `rich`, `click.echo`, `sys.stdout.write`), `logging`
    and every logger (`logging.getLogger`, `structlog`, `loguru`, names such as `log`,
    `logger`, `self._logger`; keyword arguments of structured loggers count),
    `warnings.warn`, the arguments of an exception raised here and `assert` messages, and
    telemetry (`span.set_attribute(s)`, `span.add_event`, Sentry `set_context`,
    `set_extra`, `set_tag`, `capture_message`) — and, in notebooks, the last expression of
    a cell, whose value Jupyter displays and saves in the `.ipynb`. Unlike `prompt-logged`,
    console output is a sink everywhere — scripts, notebooks and tests included, not only
    services: a key printed once is in a CI log, a terminal's scrollback or a notebook's
    saved output, and has leaked.

    Not reported: whether a key is set (`bool(key)`, `key is None`, `len(key)`,
    `key.startswith("sk-ant-")`), a redacted form — a slice of at most 12 characters
    (`key[:8]`, `key[-4:]`; the first 12 characters of an Anthropic key are its public
    prefix `sk-ant-api03`), the result of a helper named like `mask`/`redact`/`hash`, or
    `hashlib` — the variable's *name* as a string, a pydantic `SecretStr` field (it prints
    as `**********`) and keys of other providers (`OPENAI_API_KEY`).
    Like every rule tagged `traffic`, it does not report in a file under the policy's `test-
    paths` that looks like a test (test functions or classes, mocks, recorded cassettes: see
    README, Test files); the summary counts those findings, and `tests: report` or
    `--include-tests` shows them one severity step lower.

    Credentials are field-sensitive: a container holding a key taints only the field that
    holds it. Reading a field whose name says it holds no credential (`cfg["model"]["name"]`,
    `cfg.get("timeout")`, `settings.model`) from a mapping or object that this file does not
    spell out is not the key, while `log.info(cfg)` and `log.info(cfg["api_key"])` are
    (names with `key`, `token`, `secret`, `auth`, `header`, `config`, `settings`, `client` …
    are followed into their container; a dict display known in the file is followed
    exactly). A response is not the credential of its request: the result of an HTTP call
    (`requests.get(url, headers=h)`, `session.post(...)`, `httpx.…`) carries none of its
    headers, so an error message built from `res.text` is not reported. A key-named variable
    that holds a literal is a credential when the literal is one (not a placeholder, see
    `hardcoded-client-credential`, nor a variable name): `CLAUDE_API_KEY = "corp-gw-7f3a…"`.

    Inside a library that implements a Claude client the rule is unchanged: a library that
    writes its user's key to a log leaks every user's key.

    ## Why is this bad?
    Logs, consoles, error trackers and trace backends are read by many more people and
    systems than the secret store, are shipped to third parties and kept for months. A key
    written there is a leaked key: anyone who reads it can spend your organisation's quota
    and read whatever its workspace can reach, until it is rotated.

    ## Example
    ```python
    import logging
    import os

    import anthropic

    log = logging.getLogger(__name__)
    key = os.environ["ANTHROPIC_API_KEY"]
    log.info(f"Creating Claude client with key {key}")
    client = anthropic.Anthropic(api_key=key)
    ```

    ## Use instead
    ```python
    import logging
    import os

    import anthropic

    log = logging.getLogger(__name__)
    key = os.environ["ANTHROPIC_API_KEY"]
    log.info("Creating Claude client with key %s…", key[:12])  # the public prefix only
    client = anthropic.Anthropic(api_key=key)
    ```

    ## References
    - https://cwe.mitre.org/data/definitions/532.html
    - https://docs.anthropic.com/en/api/getting-started#authentication
    - https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/
    - CWE-532: Insertion of Sensitive Information into Log File
    """

    id = "credential-logged"
    summary = "credential written to a log, console, exception or span"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("security", "secrets", "credentials", "logging", "traffic")
    cwe = (532,)
    fix_hint = (
        "Log whether the key is set or its first 12 characters at most, never the key; rotate a key that was logged."
    )
    #: a file that names no credential, no environment and no secret cannot hold a source:
    #: the Python engine runs none of this rule's methods there (one search per file)
    python_prefilter = _NEEDLES

    # -- hooks -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, ctx) -> None:
        self._check(node, ctx)

    def visit_Raise(self, node: ast.Raise, ctx) -> None:
        self._check(node, ctx)

    def visit_Assert(self, node: ast.Assert, ctx) -> None:
        self._check(node, ctx)

    def visit_Expr(self, node: ast.Expr, ctx) -> None:
        if ctx.source.cell_map:  # a notebook cell's last expression is displayed
            self._check(node, ctx)

    # -- the check -------------------------------------------------------------------------
    def _check(self, node: ast.AST, ctx) -> None:
        if isinstance(node, ast.Expr):
            sink = ctx.facts.notebook_display_sink(node, ctx.source.cell)
        else:
            sink = ctx.facts.output_sink(node)
        if sink is None or sink.kind not in _SINKS:
            return
        source, stop = _Tracer.of(ctx)
        for value in sink.values:
            if isinstance(value, ast.Constant):
                continue
            origins: dict[str, ast.AST] = {}
            labels = ctx.facts.labels(value, source, stop=stop, origins=origins)
            if not labels:
                continue
            label = min(labels, key=_rank)
            origin = origins[label]
            what = _describe(label)
            line = ctx.source.file_line(getattr(origin, "lineno", 0))
            here = ctx.source.file_line(getattr(value, "lineno", 0))
            where = f" (line {line})" if line and line != here else ""
            kind = label.split(":", 1)[0]
            confidence = Confidence.LOW if kind == "environ" else Confidence.MEDIUM if kind == "config" else None
            ctx.report(
                value,
                f"{what[0].upper()}{what[1:]}{where} reaches {sink.name}.",
                confidence=confidence,
                flow=[(origin, what), (value, f"written by {sink.name}")],
            )
            return  # one finding per sink


def _rank(label: str) -> tuple[int, str]:
    order = ("env", "secret", "client", "module", "config", "environ")
    kind = label.split(":", 1)[0]
    return (order.index(kind) if kind in order else len(order), label)


def _describe(label: str) -> str:
    kind, _, rest = label.partition(":")
    if kind == "env":
        return f"the Claude credential from the environment variable {rest}"
    if kind == "secret":
        return f"the Claude credential {rest} read from configuration"
    if kind == "client":
        return f"the credential of the {rest}"
    if kind == "module":
        return f"the Claude credential in {rest}"
    if kind == "config":
        return f"the Claude credential in {rest}"
    return "the whole process environment, which holds the Claude credential,"


class _Tracer:
    """The source and stop functions of one file (built once, shared by every sink)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.facts = ctx.facts
        self.r = ctx.resolver
        self.secret_str = _secret_str_fields(ctx.tree)
        self._container_ids: frozenset[int] | None = None

    @classmethod
    def of(cls, ctx):
        tracer = ctx.facts.memo("credential-logged.tracer", lambda: cls(ctx))
        return tracer.source, tracer.stop

    # -- sources ---------------------------------------------------------------------------
    def source(self, node: ast.AST) -> frozenset[str]:
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            key = self.r.string_value(node.slice)
            if is_key_name(key):
                return frozenset({f"env:{key}" if self.r.qualname(node.value) == "os.environ" else f"secret:{key}"})
            return frozenset()
        if isinstance(node, ast.Call):
            return self._call_source(node)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            return self._attribute_source(node)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if self.r.qualname(node) == "os.environ":
                return frozenset({"environ"})
            if is_key_name(node.id) and node.id not in self.secret_str and self._name_holds_value(node):
                return frozenset({f"config:{node.id}"})
        return frozenset()

    def _call_source(self, node: ast.Call) -> frozenset[str]:
        env = env_var_name(node, self.r)
        if env is not None:
            if is_key_name(env[0]) and not (self.r.qualname(node.func) or "").endswith(("putenv",)):
                return frozenset({f"env:{env[0]}"})
            return frozenset()
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name == "get_secret_value" and isinstance(func, ast.Attribute):
            target = func.value
            tname = (
                target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
            )
            if is_key_name(tname) or (
                tname in _CLIENT_ATTRS | {"anthropic_api_key"}
                and isinstance(target, ast.Attribute)
                and self.facts.client(target.value) is not None
            ):
                return frozenset({f"config:{_short(target)}"})
            return frozenset()
        if name in _GETTERS and node.args and (isinstance(func, ast.Attribute) or name != "str"):
            key = self.r.string_value(node.args[0])
            if is_key_name(key):
                return frozenset({f"secret:{key}"})
        return frozenset()

    def _attribute_source(self, node: ast.Attribute) -> frozenset[str]:
        q = self.r.qualname(node)
        if q in _MODULE_KEYS:
            return frozenset({f"module:{q}"})
        if q == "os.environ":
            return frozenset({"environ"})
        if node.attr in _CLIENT_ATTRS:
            client = self.facts.client(node.value)
            if client is not None and not client.wrapper:
                return frozenset({f"client:{client.name} client ({node.attr})"})
        if is_key_name(node.attr) and node.attr not in self.secret_str:
            client = self.facts.client(node.value)
            if client is not None and client.wrapper:
                return frozenset()  # wrappers keep their key in a SecretStr: it prints as **********
            return frozenset({f"config:{_short(node)}"})
        return frozenset()

    def _name_holds_value(self, node: ast.Name) -> bool:
        """A key-named variable is a credential unless it only ever holds a constant (its
        own name), a comparison or a measurement."""
        assigns, iters, scope, param = self.facts.lookup(node.id, self.facts.scope(node))
        if scope is None or param is not None or iters:
            return True
        for value in assigns:
            if isinstance(value, ast.Constant):
                if (
                    isinstance(value.value, str)
                    and not _ENV_NAME.match(value.value)
                    and not credentials.is_placeholder(self.ctx, value.value)
                ):
                    return True  # a literal credential (not a stand-in) under a key's name
                continue
            if isinstance(value, (ast.Compare, ast.UnaryOp)):
                continue
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in ("len", "bool", "int")
            ):
                continue
            return True
        return False

    # -- where the walk stops ----------------------------------------------------------------
    def stop(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            if env_var_name(node, self.r) is not None:
                return True  # an environment read: its own name decides (source)
            if self._http_request(node):
                return True  # a response is not the credential of its request
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if (
                name in ("get", "pop")
                and isinstance(func, ast.Attribute)
                and self._other_field(func.value, node.args[0] if node.args else None)
            ):
                return True
            if (
                name in _PREDICATES
                or _REDACTOR.search(name or "")
                or (self.r.qualname(func) or "").startswith(("hashlib.", "hmac.", "secrets.compare_digest"))
            ):
                return True
            return self.facts.opaque_call(node)
        if isinstance(node, ast.Subscript):
            if env_var_name(node, self.r) is not None:
                return True
            return _reveals_little(node.slice) or (
                id(node) not in self._containers and self._other_field(node.value, node.slice)
            )
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            return (
                id(node) not in self._containers
                and not _CREDENTIAL_FIELD.search(node.attr)
                and self.r.qualname(node) not in _MODULE_KEYS
                and self.r.qualname(node) != "os.environ"
            )
        return False

    def _other_field(self, container: ast.AST, key_node: ast.AST | None) -> bool:
        """A read of a field whose name says it holds no credential (``cfg["model"]``,
        ``cfg.get("timeout")``) from a mapping this file does not spell out: the container
        holding a key does not make its other fields the key.  (For a dict display known in
        this file the propagation already follows only the value under the key read.)"""
        field = self.r.string_value(key_node) if key_node is not None else None
        if field is None or _CREDENTIAL_FIELD.search(field) or is_key_name(field):
            return False
        return self.facts.mapping(container) is None

    @property
    def _containers(self) -> frozenset[int]:
        """Nodes that a further field read opens (``cfg.llm`` in ``cfg.llm.api_key``): the
        walk passes through them to the container, whatever their own name."""
        if self._container_ids is None:
            nodes = list(tree_nodes(self.ctx.tree))
            methods = {id(n.func) for n in nodes if isinstance(n, ast.Call)}  # cfg.model.lower(): a method, not a field
            self._container_ids = frozenset(
                id(n.value)
                for n in nodes
                if isinstance(n, ast.Subscript) or (isinstance(n, ast.Attribute) and id(n) not in methods)
            )
        return self._container_ids

    def _http_request(self, call: ast.Call) -> bool:
        """``requests.get(url, headers=...)``, ``session.post(...)``, ``httpx.Client().send(...)``:
        an HTTP request, whose result is the server's response."""
        q = self.r.qualname(call.func) or ""
        if q.startswith(_HTTP_MODULES):
            return q.rsplit(".", 1)[-1] in _HTTP_VERBS  # httpx.Request(...) or a client object keeps its headers
        func = call.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in _HTTP_VERBS
            and any(kw.arg in _REQUEST_KWARGS for kw in call.keywords)
        )


def _reveals_little(s: ast.AST) -> bool:
    """``key[:8]``, ``key[-4:]``, ``key[2:10]``: at most MAX_REVEALED characters."""
    if not isinstance(s, ast.Slice) or s.step is not None:
        return False
    lower, upper = _int(s.lower), _int(s.upper)
    if s.lower is None and upper is not None and upper >= 0:
        return upper <= MAX_REVEALED
    if s.upper is None and lower is not None and lower < 0:
        return -lower <= MAX_REVEALED
    if lower is not None and upper is not None and (lower >= 0) == (upper >= 0):
        return upper - lower <= MAX_REVEALED
    return False


def _int(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _int(node.operand)
        return -inner if inner is not None else None
    return None


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else "…" + text[-59:]


def _secret_str_fields(tree: ast.Module) -> frozenset[str]:
    """Names of class fields of this module declared as pydantic ``SecretStr``/``SecretBytes``."""
    out = set()
    for node in tree_nodes(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and "Secret" in ast.unparse(stmt.annotation)
                ):
                    out.add(stmt.target.id)
    return frozenset(out)
