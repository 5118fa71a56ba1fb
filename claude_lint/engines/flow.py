"""What names hold: the one resolver every Python rule shares.

Built lazily, once per file, on top of the import/constant :class:`Resolver`:

* **clients** — which expression is a Claude client or wrapper: ``client = Anthropic()``,
  ``self.client`` set in ``__init__`` and used in other methods, clients returned by a
  factory function of the same module, ``with_options(...)``/``copy(...)`` derivations,
  parameters annotated with a client class;
* **requests** — which call sends a request to Claude, through which client, by which
  method (``messages.create``, ``beta.messages.stream``, ``messages.batches.create`` …,
  through ``.with_raw_response``/``.with_streaming_response``), and wrapper calls
  (``llm.invoke``, ``litellm.completion(model="anthropic/…")``);
* **labels** — a flow-insensitive, per-function propagation of labels through
  assignments, f-strings, ``%``/``.format``/``+``/``join``, containers, comprehensions,
  ``str``/``json.dumps``, attribute access and subscripts, and return values of functions
  of the same module.  Rules choose the sources (a response, a prompt, a credential,
  health data); the propagation is shared.

When a client cannot be known (a parameter without annotation, an import from another
module) the resolver says nothing rather than guess.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..model import CLIENT_CLASSES, WRAPPERS, ClientKind, client_class, is_claude_model

Scope = ast.AST  # a Module, FunctionDef, AsyncFunctionDef or Lambda

#: request methods reachable from a client (beta forms included), as attribute paths
REQUEST_METHODS = frozenset(
    {
        "messages.create",
        "messages.stream",
        "messages.parse",
        "messages.count_tokens",
        "messages.batches.create",
        "beta.messages.create",
        "beta.messages.stream",
        "beta.messages.parse",
        "beta.messages.tool_runner",
        "beta.messages.count_tokens",
        "beta.messages.thread",
        "beta.messages.batches.create",
        "completions.create",
        "beta.agents.create",
        "beta.agents.update",
        "beta.sessions.create",
        "beta.sessions.events.send",
        "files.upload",
        "beta.files.upload",
        "skills.create",
        "beta.skills.create",
        "completion",  # 0.x-era ``anthropic.Client(key).completion(...)``
    }
)
#: request methods that do not send content for inference
NON_INFERENCE = frozenset({"messages.count_tokens", "beta.messages.count_tokens"})
_TRANSPARENT = {"with_raw_response", "with_streaming_response"}
#: methods of langchain-style chat models that send a request
WRAPPER_REQUEST_METHODS = frozenset(
    {"invoke", "ainvoke", "stream", "astream", "batch", "abatch", "predict", "apredict", "complete", "acomplete",
     "chat", "achat", "stream_complete", "stream_chat", "run", "run_sync", "arun", "__call__", "generate", "agenerate"}
)
#: wrapper functions that are themselves requests
WRAPPER_REQUEST_FUNCTIONS = frozenset(
    {"litellm.completion", "litellm.acompletion", "litellm.text_completion", "litellm.anthropic.messages.create",
     "litellm.anthropic.messages.acreate"}
)


@dataclass(frozen=True)
class ClientInfo:
    """A Claude client or wrapper object, and the calls that configured it."""

    name: str  # class or wrapper name, e.g. "AnthropicVertex", "ChatAnthropic"
    kind: ClientKind | None
    wrapper: bool
    #: the constructor call, then each with_options()/copy() applied, oldest first
    calls: tuple[ast.Call, ...]

    @property
    def constructor(self) -> ast.Call:
        return self.calls[0]

    def kwarg(self, name: str) -> ast.expr | None:
        """The last value given to ``name`` by the constructor or a later with_options()."""
        for call in reversed(self.calls):
            for kw in call.keywords:
                if kw.arg == name:
                    return kw.value
        return None


@dataclass(frozen=True)
class RequestInfo:
    """A call that sends a request to Claude."""

    call: ast.Call
    method: str  # e.g. "messages.create", or "invoke" for wrappers, or the wrapper function name
    client: ClientInfo | None  # None for module-level wrapper functions (litellm.completion)

    @property
    def inference(self) -> bool:
        return self.method not in NON_INFERENCE


# ---------------------------------------------------------------------------- output sinks
#: kinds of :class:`Sink`
PRINT, LOG, WARNING, EXCEPTION, TELEMETRY = "print", "log", "warning", "exception", "telemetry"


@dataclass(frozen=True)
class Sink:
    """A place where values leave the program as text (see :meth:`Facts.output_sink`)."""

    node: ast.AST  # the call (or the raised call, or the assert message)
    kind: str  # PRINT | LOG | WARNING | EXCEPTION | TELEMETRY
    name: str  # how a message names it: "print()", "logger.info()", "the message of the ValueError raised here"
    values: tuple[ast.expr, ...]  # the expressions whose content is written


#: methods of stdlib, structlog and loguru loggers that write a record
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg", "trace",
     "success", "adebug", "ainfo", "awarning", "aerror", "aexception", "acritical", "alog", "amsg"}
)
#: keyword arguments of logging calls that control the record rather than fill it
_LOG_CONTROL_KWARGS = frozenset({"exc_info", "stack_info", "stacklevel"})
_LOGGER_OBJECTS = frozenset({"loguru.logger", "logging.root", "structlog", "logfire", "absl.logging"})
_LOGGER_FACTORIES = frozenset(
    {"logging.getLogger", "logging.LoggerAdapter", "logging.Logger", "logging.getLoggerClass",
     "structlog.get_logger", "structlog.getLogger", "structlog.stdlib.get_logger", "structlog.wrap_logger",
     "structlog.stdlib.BoundLogger", "loguru.logger.bind", "loguru.logger.opt", "loguru.logger.patch",
     "logbook.Logger", "logzero.setup_logger", "absl.logging.get_absl_logger"}
)
_LOGGER_DERIVATIONS = frozenset({"bind", "new", "opt", "patch", "getChild", "get_child"})
_LOGGER_NAME = re.compile(r"(?i)^_*(log|logger|lgr)$|_(log|logger)$")
_LOGGER_NAME_CASED = re.compile(r"[a-z0-9](Log|Logger)$")
_PRINT_FUNCTIONS = frozenset(
    {"pprint.pprint", "pprint.pp", "rich.print", "rich.pretty.pprint", "click.echo", "click.secho", "typer.echo",
     "typer.secho", "sys.stdout.write", "sys.stderr.write", "sys.stdout.writelines", "sys.stderr.writelines",
     "builtins.print", "icecream.ic"}
)
#: OpenTelemetry span methods: any receiver
_SPAN_METHODS = frozenset({"set_attribute", "set_attributes", "add_event"})
#: Sentry / ddtrace scope and span methods: on sentry_sdk or a receiver named like a span or scope
_SCOPE_METHODS = frozenset(
    {"set_tag", "set_tags", "set_data", "set_extra", "set_context", "capture_message", "add_breadcrumb", "set_user"}
)
_TELEMETRY_RECEIVER = re.compile(r"(?i)span|scope|trace|sentry")

#: methods whose result carries the content of their receiver or arguments
CONTENT_METHODS = frozenset(
    {"format", "format_map", "join", "strip", "lstrip", "rstrip", "replace", "lower", "upper", "title",
     "capitalize", "casefold", "swapcase", "encode", "decode", "split", "rsplit", "splitlines", "partition",
     "rpartition", "removeprefix", "removesuffix", "center", "ljust", "rjust", "zfill", "expandtabs",
     "translate", "get", "copy", "items", "values", "pop", "setdefault", "to_dict", "to_json", "dict", "json",
     "model_dump", "model_dump_json", "get_final_text", "get_final_message", "get_final_response", "until_done",
     "parse", "read", "text", "__str__", "__repr__", "dumps", "pformat"}
)
#: module functions whose result carries the content of their arguments
CONTENT_FUNCTIONS = frozenset(
    {"json.dumps", "pprint.pformat", "textwrap.dedent", "textwrap.indent", "textwrap.shorten", "textwrap.fill",
     "textwrap.wrap", "copy.copy", "copy.deepcopy", "dataclasses.asdict", "yaml.dump", "yaml.safe_dump",
     "base64.b64encode", "base64.urlsafe_b64encode", "html.escape", "shlex.quote", "urllib.parse.quote",
     "urllib.parse.urlencode", "reprlib.repr", "orjson.dumps", "ujson.dumps", "rich.pretty.pretty_repr",
     "json.loads", "orjson.loads", "ujson.loads", "yaml.safe_load", "yaml.load", "ast.literal_eval",
     "markdown.markdown", "html.unescape"}
)
CONTENT_BUILTINS = frozenset(
    {"str", "repr", "ascii", "format", "dict", "list", "tuple", "set", "frozenset", "sorted", "reversed", "iter",
     "next", "getattr", "vars", "bytes", "bytearray", "zip", "map", "filter", "enumerate", "max", "min"}
)
#: message constructors that hold content: HumanMessage(content=...), MessageParam(...), PromptTemplate
_MESSAGE_CLASS = re.compile(r"Message(Param)?$|^(Text|Content)Block(Param)?$|Prompt(Template)?$")

#: labels of :meth:`Facts.response_source` and :meth:`Facts.prompt_source`
RESPONSE, PROMPT = "claude-response", "claude-prompt"
RESPONSE_LABELS, PROMPT_LABELS = frozenset({RESPONSE}), frozenset({PROMPT})
#: attributes of responses, stream events and messages that hold metadata, not content
RESPONSE_METADATA = frozenset(
    {"usage", "id", "model", "stop_reason", "stop_sequence", "type", "role", "request_id", "_request_id",
     "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
     "server_tool_use", "service_tier", "finish_reason", "response_metadata", "usage_metadata", "headers",
     "status_code", "created", "object", "system_fingerprint", "index", "elapsed", "retries_taken",
     "prompt_tokens", "completion_tokens", "total_tokens", "response_ms", "http_response", "container", "name"}
)
#: request methods whose result is an object's metadata, not generated content
_NO_CONTENT_RESPONSE = frozenset(
    {"files.upload", "beta.files.upload", "skills.create", "beta.skills.create", "beta.agents.create",
     "beta.agents.update", "beta.sessions.create", "messages.batches.create", "beta.messages.batches.create"}
)
#: keyword arguments of a request that carry its prompt (Facts.prompt_arguments)
_PROMPT_KWARGS = ("messages", "system", "prompt", "input", "requests", "events", "initial_events")
#: request paths accepted on a receiver the resolver cannot know (Facts.likely_request)
_LOOSE_METHODS = frozenset(
    {"messages.create", "messages.stream", "messages.parse", "beta.messages.create", "beta.messages.stream",
     "beta.messages.parse", "beta.messages.tool_runner"}
)


def notebook_display_sink(node: ast.AST, tree: ast.Module, cell_of: Callable[[int], int | None]) -> Sink | None:
    """For a notebook: the expression statement that ends a code cell, whose value Jupyter
    displays and saves in the ``.ipynb`` (a PRINT sink); ``cell_of(line)`` gives the cell
    of a (virtual) line, None outside notebooks."""
    if not isinstance(node, ast.Expr) or cell_of(node.lineno) is None:
        return None
    body = tree.body
    try:
        i = next(k for k, stmt in enumerate(body) if stmt is node)
    except StopIteration:
        return None
    if i + 1 < len(body) and cell_of(body[i + 1].lineno) == cell_of(node.lineno):
        return None
    value = node.value
    if isinstance(value, ast.Constant):
        return None
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)):
        name = value.func.id if isinstance(value.func, ast.Name) else value.func.attr
        if name in ("print", "display") or name in LOG_METHODS:
            return None  # a sink of its own (or returns None)
    return Sink(value, PRINT, "the output of this notebook cell", (value,))


def _terminal_name(expr: ast.AST | None) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _callee(func: ast.AST) -> str:
    """A short readable name of a called expression: ``logger.info``, ``self.log.debug``."""
    try:
        text = ast.unparse(func)
    except Exception:  # pragma: no cover - unparse handles every expression
        text = _terminal_name(func) or "call"
    if len(text) > 40:
        text = "…" + text[-39:]
    return text


#: sources of a value (ValueOrigin.source)
LITERAL, CONSTANT, VARIABLE, EXPRESSION = "literal", "constant", "variable", "expression"
ENV, ENV_DEFAULT, ENV_SET, UNKNOWN = "environment", "environment default", "environment set in code", "unknown"


@dataclass(frozen=True)
class ValueOrigin:
    """A string value and where it came from (see :meth:`Facts.value_origin`)."""

    value: str | None
    source: str  # LITERAL | CONSTANT | VARIABLE | EXPRESSION | ENV | ENV_DEFAULT | ENV_SET | UNKNOWN
    name: str = ""  # the constant, variable or environment variable
    node: ast.AST | None = None  # the expression examined
    literal: ast.AST | None = None  # the string literal holding the value, when there is one
    via: str = ""  # a constant or variable an environment read went through
    def_node: ast.AST | None = None  # where the constant/variable/environment write is defined

    @property
    def from_environment(self) -> bool:
        return self.source in (ENV, ENV_DEFAULT)

    def describe(self, line_of: Callable[[ast.AST], int] | None = None) -> str:
        """``the literal 'x'``, ``'x' from the constant NAME (line 3)``, ``'x', the default of
        os.getenv('VAR')``, ``the environment variable VAR`` …"""
        line = ""
        if self.def_node is not None:
            n = line_of(self.def_node) if line_of else getattr(self.def_node, "lineno", 0)
            line = f" (line {n})" if n else ""
        via = f" (read into {self.via})" if self.via else ""
        v = repr(self.value)
        if self.source == LITERAL:
            return f"the literal {v}"
        if self.source == CONSTANT:
            return f"{v} from the constant {self.name}{line}"
        if self.source == VARIABLE:
            return f"{v} from the variable {self.name}{line}"
        if self.source == EXPRESSION:
            return f"{v} built from constants"
        if self.source == ENV_DEFAULT:
            return f"{v}, the default of the environment variable {self.name}{via}"
        if self.source == ENV_SET:
            return f"{v}, written to the environment variable {self.name}{line}"
        if self.source == ENV:
            return f"the environment variable {self.name}{via}"
        return "an unknown value"


@dataclass
class _ScopeInfo:
    node: Scope
    parent: "_ScopeInfo | None"
    klass: ast.ClassDef | None
    assigns: dict[str, list[ast.expr]] = field(default_factory=dict)
    #: names bound by ``for x in it`` / ``with it as x`` / comprehension: name -> iterable/context expr
    iter_binds: dict[str, list[ast.expr]] = field(default_factory=dict)
    params: dict[str, ast.arg] = field(default_factory=dict)
    returns: list[ast.expr] = field(default_factory=list)


class Facts:
    """Per-file facts: scopes, assignments, clients, requests, label propagation."""

    def __init__(self, tree: ast.Module, resolver) -> None:
        self.tree = tree
        self.r = resolver
        self.scopes: dict[ast.AST, _ScopeInfo] = {}
        self.scope_of_node: dict[int, _ScopeInfo] = {}  # id(node) -> scope, for every node
        self.class_attrs: dict[ast.ClassDef, dict[str, list[tuple[ast.expr, _ScopeInfo]]]] = {}
        self.functions: dict[str, ast.AST] = {}  # module-level function name -> def
        self.methods: dict[tuple[ast.ClassDef, str], ast.AST] = {}
        self._client_cache: dict[int, ClientInfo | None] = {}
        self._build()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        module = _ScopeInfo(self.tree, None, None)
        self.scopes[self.tree] = module
        stack: list[tuple[ast.AST, _ScopeInfo, ast.ClassDef | None]] = [(self.tree, module, None)]
        while stack:
            node, scope, klass = stack.pop()
            self.scope_of_node[id(node)] = scope
            for child in ast.iter_child_nodes(node):
                child_scope, child_class = scope, klass
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    child_scope = _ScopeInfo(child, scope, klass)
                    self.scopes[child] = child_scope
                    args = child.args
                    for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                        if a is not None:
                            child_scope.params[a.arg] = a
                    if not isinstance(child, ast.Lambda):
                        if scope is module and klass is None:
                            self.functions[child.name] = child
                        if klass is not None and child in klass.body:
                            self.methods[(klass, child.name)] = child
                        # the function name is bound in the enclosing scope
                        scope.assigns.setdefault(child.name, [])
                    else:
                        child_scope.returns.append(child.body)
                elif isinstance(child, ast.ClassDef):
                    child_class = child
                    self.class_attrs.setdefault(child, {})
                self._record(child, child_scope, child_class)
                stack.append((child, child_scope, child_class))

    def _record(self, node: ast.AST, scope: _ScopeInfo, klass: ast.ClassDef | None) -> None:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                self._bind_target(t, node.value, scope, klass)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._bind_target(node.target, node.value if isinstance(node, ast.AnnAssign) else node, scope, klass)
        elif isinstance(node, ast.NamedExpr):
            self._bind_target(node.target, node.value, scope, klass)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._bind_iter(node.target, node.iter, scope)
        elif isinstance(node, ast.comprehension):
            self._bind_iter(node.target, node.iter, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_iter(item.optional_vars, item.context_expr, scope)
        elif isinstance(node, ast.Return) and node.value is not None:
            scope.returns.append(node.value)
        elif isinstance(node, (ast.Yield, ast.YieldFrom)) and node.value is not None:
            scope.returns.append(node.value)

    def _bind_target(self, target: ast.AST, value: ast.expr | ast.AugAssign, scope: _ScopeInfo, klass) -> None:
        if isinstance(value, ast.AugAssign):  # x += y: x also holds y
            if isinstance(target, ast.Name):
                scope.assigns.setdefault(target.id, []).append(value.value)
            return
        if isinstance(target, ast.Name):
            scope.assigns.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, elt in enumerate(target.elts):
                if isinstance(value, (ast.Tuple, ast.List)) and i < len(value.elts):
                    self._bind_target(elt, value.elts[i], scope, klass)
                else:
                    self._bind_target(elt, value, scope, klass)  # unpacking: each part may hold it
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in (
            "self",
            "cls",
        ):
            if klass is not None:
                self.class_attrs.setdefault(klass, {}).setdefault(target.attr, []).append((value, scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # d["k"] = v  /  lst[i] = v: the container holds v
            scope.assigns.setdefault(target.value.id, []).append(value)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, value, scope, klass)

    def _bind_iter(self, target: ast.AST, source: ast.expr, scope: _ScopeInfo) -> None:
        if isinstance(target, ast.Name):
            scope.iter_binds.setdefault(target.id, []).append(source)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._bind_iter(elt, source, scope)
        elif isinstance(target, ast.Starred):
            self._bind_iter(target.value, source, scope)

    # ------------------------------------------------------------------ scopes
    def scope(self, node: ast.AST) -> _ScopeInfo:
        return self.scope_of_node.get(id(node)) or self.scopes[self.tree]

    def lookup(self, name: str, scope: _ScopeInfo) -> tuple[list[ast.expr], list[ast.expr], _ScopeInfo | None, ast.arg | None]:
        """Assignments, iteration bindings, defining scope and parameter of ``name`` seen
        from ``scope`` (Python's LEGB, class bodies skipped)."""
        s: _ScopeInfo | None = scope
        while s is not None:
            if name in s.assigns or name in s.iter_binds or name in s.params:
                return s.assigns.get(name, []), s.iter_binds.get(name, []), s, s.params.get(name)
            s = s.parent
        return [], [], None, None

    def scope_for_value(self, value: ast.AST) -> _ScopeInfo:
        return self.scope(value)

    # ------------------------------------------------------------------ clients
    def client(self, expr: ast.AST | None, _depth: int = 0) -> ClientInfo | None:
        """The Claude client or wrapper an expression evaluates to, if it can be known."""
        if expr is None or _depth > 12:
            return None
        key = id(expr)
        if key in self._client_cache:
            return self._client_cache[key]
        self._client_cache[key] = None  # cycle guard
        info = self._client(expr, _depth)
        self._client_cache[key] = info
        return info

    def _client(self, expr: ast.AST, depth: int) -> ClientInfo | None:
        if isinstance(expr, ast.Await):
            return self.client(expr.value, depth + 1)
        if isinstance(expr, (ast.BoolOp, ast.IfExp)):
            # `client or anthropic.Anthropic(...)`: an injected client, else one built here
            values = expr.values if isinstance(expr, ast.BoolOp) else [expr.body, expr.orelse]
            for value in values:
                info = self.client(value, depth + 1)
                if info is not None:
                    return info
            return None
        if isinstance(expr, ast.Call):
            q = self.r.qualname(expr.func)
            cc = client_class(q)
            if cc is not None:
                return ClientInfo(cc.name, cc.kind, False, (expr,))
            w = WRAPPERS.get(q or "")
            if w is not None and q not in WRAPPER_REQUEST_FUNCTIONS:
                if w.needs_claude_model and not self._claude_model_arg(expr, w.model_args):
                    return None
                return ClientInfo(q.rsplit(".", 1)[-1], w.kind, True, (expr,))
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("with_options", "copy"):
                base = self.client(expr.func.value, depth + 1)
                if base is not None:
                    return ClientInfo(base.name, base.kind, base.wrapper, (*base.calls, expr))
                return None
            # a factory function of this module (or a method of the same class)
            fn = self._called_function(expr)
            if fn is not None:
                for ret in self.scopes[fn].returns:
                    info = self.client(ret, depth + 1)
                    if info is not None:
                        return info
            return None
        if isinstance(expr, ast.Name):
            assigns, _iters, scope, param = self.lookup(expr.id, self.scope(expr))
            for value in assigns:
                info = self.client(value, depth + 1)
                if info is not None:
                    return info
            if param is not None and param.annotation is not None:
                return self._client_from_annotation(param.annotation)
            return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            if klass is None:
                return None
            for value, _scope in self.class_attrs.get(klass, {}).get(expr.attr, []):
                info = self.client(value, depth + 1)
                if info is not None:
                    return info
            return None
        return None

    def _client_from_annotation(self, ann: ast.expr) -> ClientInfo | None:
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:
                ann = ast.parse(ann.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(ann, ast.BinOp):  # Anthropic | None
            return self._client_from_annotation(ann.left) or self._client_from_annotation(ann.right)
        if isinstance(ann, ast.Subscript):  # Optional[Anthropic]
            return self._client_from_annotation(ann.slice)
        cc = client_class(self.r.qualname(ann))
        if cc is not None:
            fake = ast.Call(func=ann, args=[], keywords=[])
            ast.copy_location(fake, ann)
            return ClientInfo(cc.name, cc.kind, False, (fake,))
        return None

    def _called_function(self, call: ast.Call) -> ast.AST | None:
        f = call.func
        if isinstance(f, ast.Name) and f.id in self.functions and f.id not in self.r.aliases:
            return self.functions[f.id]
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
            klass = self.scope(call).klass
            if klass is not None:
                return self.methods.get((klass, f.attr))
        return None

    def _claude_model_arg(self, call: ast.Call, model_args) -> bool:
        from .python import call_arg

        for spec in model_args:
            v = call_arg(call, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
            value = self.value_string(v)
            if value is not None:
                return is_claude_model(value)
        return False

    # ------------------------------------------------------------------ values
    def value_string(self, expr: ast.AST | None, _depth: int = 0) -> str | None:
        """A string value from literals, module constants and single local assignments."""
        if expr is None or _depth > 10:
            return None
        v = self.r.string_value(expr)
        if v is not None:
            return v
        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None:
                return self.value_string(assigns[0], _depth + 1)
        return None

    # ------------------------------------------------------------------ requests
    def request(self, call: ast.Call) -> RequestInfo | None:
        """The Claude request a call sends, if it is one."""
        q = self.r.qualname(call.func)
        if q in WRAPPER_REQUEST_FUNCTIONS:
            if q.startswith("litellm.anthropic."):
                return RequestInfo(call, q, None)
            from .python import call_arg

            model = self.value_string(call_arg(call, "model", 0))
            if model is not None and is_claude_model(model):
                return RequestInfo(call, q, None)
            return None
        func = call.func
        if not isinstance(func, ast.Attribute):
            return None
        parts: list[str] = []
        node: ast.AST = func
        while isinstance(node, ast.Attribute):
            if node.attr not in _TRANSPARENT:
                parts.append(node.attr)
            node_base = node.value
            path = ".".join(reversed(parts))
            if path in REQUEST_METHODS:
                client = self.client(node_base)
                if client is not None and not client.wrapper:
                    return RequestInfo(call, path, client)
            node = node_base
        # a wrapper object's request method: llm.invoke(...)
        if func.attr in WRAPPER_REQUEST_METHODS:
            client = self.client(func.value)
            if client is not None and client.wrapper:
                return RequestInfo(call, func.attr, client)
        return None

    def requests(self) -> Iterator[RequestInfo]:
        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Call):
                info = self.request(node)
                if info is not None:
                    yield info

    # ------------------------------------------------------------------ labels
    def labels(self, expr: ast.AST | None, source: Callable[[ast.AST], frozenset[str]], _seen: set | None = None,
               _depth: int = 0, *, stop: Callable[[ast.AST], bool] | None = None,
               origins: dict[str, ast.AST] | None = None) -> frozenset[str]:
        """The labels an expression carries: ``source(node)`` for the node itself, plus what
        flows into it through names, operators, containers and calls of this module.

        ``stop(node)`` (optional) ends the walk at a node after its own ``source`` labels
        (e.g. :meth:`opaque_call`, a redacting slice, a metadata attribute);  ``origins``
        (optional) receives, for each label, the first node that introduced it.  A
        subscript or ``.get("k")`` of a dict display known in this file follows only the
        value stored under that key."""
        if expr is None or _depth > 40:
            return frozenset()
        seen = _seen if _seen is not None else set()
        key = id(expr)
        if key in seen:
            return frozenset()
        seen.add(key)
        found = source(expr)
        if found and origins is not None:
            for label in found:
                origins.setdefault(label, expr)
        out = set(found)
        if stop is not None and stop(expr):
            return frozenset(out)

        def sub(e):
            out.update(self.labels(e, source, seen, _depth + 1, stop=stop, origins=origins))

        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup(expr.id, self.scope(expr))
            for v in (*assigns, *iters):
                sub(v)
            if param is not None and scope is not None and not isinstance(scope.node, ast.Lambda):
                # a parameter: its default and the arguments callers in this file pass
                for v in self._parameter_sources(scope.node).get(expr.id, []):
                    sub(v)
        elif isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
                klass = self.scope(expr).klass
                if klass is not None:
                    for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []):
                        sub(v)
            sub(expr.value)
        elif isinstance(expr, ast.Subscript):
            status, item = self._mapping_item(expr.value, expr.slice)
            if status == "unknown":
                sub(expr.value)
            elif item is not None:
                sub(item)
        elif isinstance(expr, ast.JoinedStr):
            for v in expr.values:
                if isinstance(v, ast.FormattedValue):
                    sub(v.value)
        elif isinstance(expr, ast.BinOp):
            sub(expr.left)
            sub(expr.right)
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                sub(v)
        elif isinstance(expr, ast.IfExp):
            sub(expr.body)
            sub(expr.orelse)
        elif isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            for v in expr.elts:
                sub(v)
        elif isinstance(expr, ast.Dict):
            for k, v in zip(expr.keys, expr.values):
                if k is not None:
                    sub(k)
                sub(v)
        elif isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            sub(expr.elt)
        elif isinstance(expr, ast.DictComp):
            sub(expr.key)
            sub(expr.value)
        elif isinstance(expr, ast.Starred):
            sub(expr.value)
        elif isinstance(expr, ast.Await):
            sub(expr.value)
        elif isinstance(expr, ast.NamedExpr):
            sub(expr.value)
        elif isinstance(expr, ast.FormattedValue):
            sub(expr.value)
        elif isinstance(expr, ast.Call):
            self._call_labels(expr, source, seen, _depth, sub)
        for extra in self._extra_edges(expr):  # .append(), class attributes, instance methods
            sub(extra)
        return frozenset(out)

    #: calls whose result carries no content of their arguments
    _OPAQUE = frozenset({"len", "bool", "int", "float", "hash", "id", "type", "isinstance", "callable", "range",
                         "enumerate.count", "time.time"})

    def _call_labels(self, call: ast.Call, source, seen, depth, sub) -> None:
        q = self.r.qualname(call.func)
        func = call.func
        name = func.id if isinstance(func, ast.Name) else None
        if name in self._OPAQUE and name not in self.functions:
            return
        fn = self._called_function(call)
        if fn is not None:
            # a function of this module: its return values, with its parameters bound to
            # the arguments of this call
            info = self.scopes[fn]
            for ret in info.returns:
                sub(ret)
            for a in call.args:
                sub(a)
            for kw in call.keywords:
                sub(kw.value)
            return
        if isinstance(func, ast.Attribute):
            if func.attr == "get" and call.args and not call.keywords:
                status, item = self._mapping_item(func.value, call.args[0])
                if status != "unknown":  # d.get("k", default) of a known dict
                    if item is not None:
                        sub(item)
                    for a in call.args[1:]:
                        sub(a)
                    return
            # x.format(...), "".join(x), x.strip(), obj.method(...): the receiver and the arguments
            sub(func.value)
        for a in call.args:
            sub(a)
        for kw in call.keywords:
            sub(kw.value)
        del q

    def _mapping_item(self, container: ast.AST, key_node: ast.AST) -> tuple[str, ast.expr | None]:
        """``container[key]`` when ``container`` is a dict display (or ``dict(...)``) known in
        this file and ``key`` a constant string: ``("found", value)``, ``("absent", None)``,
        else ``("unknown", None)``."""
        key = self.r.string_value(key_node)
        if key is None or self._mutated(container):  # changed in place: anything may be in it
            return "unknown", None
        m = self.mapping(container)
        if isinstance(m, ast.Dict) or (isinstance(m, ast.Call) and isinstance(m.func, ast.Name) and m.func.id == "dict"):
            return self.mapping_get(container, key)
        return "unknown", None

    def parameter_sources(self, fn: ast.AST) -> dict[str, list[ast.expr]]:
        """For a function of this module, the argument expressions passed to each of its
        parameters at call sites in this file (for inter-procedural propagation)."""
        out: dict[str, list[ast.expr]] = {}
        if isinstance(fn, ast.Lambda):
            return out
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Call) and self._called_function(node) is fn:
                offset = 1 if params and params[0] in ("self", "cls") and isinstance(node.func, ast.Attribute) else 0
                for i, a in enumerate(node.args):
                    if i + offset < len(params):
                        out.setdefault(params[i + offset], []).append(a)
                for kw in node.keywords:
                    if kw.arg:
                        out.setdefault(kw.arg, []).append(kw.value)
        return out

    # ------------------------------------------------------------------ value origins
    # (added for the residency rules; general: any rule may ask where a value came from)
    def value_origin(self, expr: ast.AST | None, _depth: int = 0) -> "ValueOrigin":
        """Where a string value came from: a literal, a module constant, a local variable, an
        expression of constants, ``os.getenv("X", "default")`` (also ``os.getenv("X") or
        "default"``), the environment (no default), or a literal this file writes to
        ``os.environ`` before reading it.  ``ValueOrigin.value`` is None when unknown."""
        from .python import env_var_name

        if expr is None or _depth > 10:
            return ValueOrigin(None, UNKNOWN, node=expr)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return ValueOrigin(expr.value, LITERAL, node=expr, literal=expr)
        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None and scope is not None:
                inner = self.value_origin(assigns[0], _depth + 1)
                module = scope.node is self.tree
                if inner.source in (LITERAL, EXPRESSION):
                    return ValueOrigin(inner.value, CONSTANT if module else VARIABLE, expr.id, expr, inner.literal,
                                       def_node=assigns[0])
                if inner.value is not None or inner.source in (ENV, ENV_DEFAULT, ENV_SET):
                    return ValueOrigin(inner.value, inner.source, inner.name, expr, inner.literal,
                                       via=inner.via or expr.id, def_node=inner.def_node)
                return ValueOrigin(None, UNKNOWN, node=expr)
            return ValueOrigin(None, UNKNOWN, node=expr)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            value = self._class_constant(expr.value.id, expr.attr)
            if value is not None:
                inner = self.value_origin(value, _depth + 1)
                if inner.source in (LITERAL, EXPRESSION):
                    return ValueOrigin(inner.value, CONSTANT, f"{expr.value.id}.{expr.attr}", expr, inner.literal,
                                       def_node=value)
                if inner.value is not None or inner.source in (ENV, ENV_DEFAULT, ENV_SET):
                    return ValueOrigin(inner.value, inner.source, inner.name, expr, inner.literal,
                                       via=inner.via or f"{expr.value.id}.{expr.attr}", def_node=inner.def_node)
            return ValueOrigin(None, UNKNOWN, node=expr)
        env = env_var_name(expr, self.r)
        if env is not None:
            name, default = env
            if isinstance(expr, ast.Call) and (self.r.qualname(expr.func) or "").endswith(".pop"):
                return ValueOrigin(None, UNKNOWN, node=expr)
            written = self.env_writes().get(name)
            if written is not None:
                value, node = written
                return ValueOrigin(value, ENV_SET, name, expr, node, def_node=node)
            if default is not None:
                d = self.value_origin(default, _depth + 1)
                if d.value:  # an empty default is no default
                    return ValueOrigin(d.value, ENV_DEFAULT, name, expr, d.literal)
            return ValueOrigin(None, ENV, name, expr)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and len(expr.values) == 2:
            first = self.value_origin(expr.values[0], _depth + 1)
            if first.source == ENV_SET:
                return first
            if first.source in (ENV, ENV_DEFAULT):
                d = self.value_origin(expr.values[1], _depth + 1)
                if d.value is not None and first.source == ENV:
                    return ValueOrigin(d.value, ENV_DEFAULT, first.name, expr, d.literal, via=first.via)
                return first
            return ValueOrigin(None, UNKNOWN, node=expr)
        value = self.value_string(expr)
        if value is not None:
            return ValueOrigin(value, EXPRESSION, node=expr)
        return ValueOrigin(None, UNKNOWN, node=expr)

    def _class_constant(self, class_name: str, attr: str) -> ast.expr | None:
        """The value of ``attr`` assigned once in the body of the module-level class
        ``class_name`` (``class Config: REGION = "us-east-1"`` → ``Config.REGION``), unless the
        name is rebound in the module or the attribute assigned elsewhere (``self.REGION = ...``)."""
        classes = getattr(self, "_module_classes", None)
        if classes is None:
            classes = {}
            for stmt in self.tree.body:
                if isinstance(stmt, ast.ClassDef):
                    classes[stmt.name] = None if stmt.name in classes else stmt
            self._module_classes = classes
        klass = classes.get(class_name)
        if klass is None or self.scopes[self.tree].assigns.get(class_name):
            return None
        found = []
        for stmt in klass.body:
            if isinstance(stmt, ast.Assign):
                found += [stmt.value for t in stmt.targets if isinstance(t, ast.Name) and t.id == attr]
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
                found.append(stmt.value)
        if len(found) != 1 or found[0] is None or self.class_attrs.get(klass, {}).get(attr):
            return None
        return found[0]

    def env_writes(self) -> dict[str, tuple[str, ast.AST]]:
        """Literal values this file writes to the process environment:
        ``os.environ["X"] = "v"``, ``os.environ.setdefault("X", "v")``, ``os.putenv("X", "v")``,
        ``os.environ.update({"X": "v"})`` → ``{"X": ("v", literal node)}`` (first write wins)."""
        cached = getattr(self, "_env_writes", None)
        if cached is not None:
            return cached
        out: dict[str, tuple[str, ast.AST]] = {}

        def note(name_node, value_node):
            name = self.r.string_value(name_node) if not isinstance(name_node, str) else name_node
            lit = self.r.literal_node(value_node)
            if name and lit is not None and name not in out:
                out[name] = (lit.value, lit)

        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and self.r.qualname(t.value) == "os.environ":
                        note(t.slice, node.value)
            elif isinstance(node, ast.Call):
                q = self.r.qualname(node.func)
                if q in ("os.environ.setdefault", "os.putenv") and len(node.args) >= 2:
                    note(node.args[0], node.args[1])
                elif q == "os.environ.update":
                    if node.args and isinstance(node.args[0], ast.Dict):
                        for k, v in zip(node.args[0].keys, node.args[0].values):
                            if k is not None:
                                note(k, v)
                    for kw in node.keywords:
                        if kw.arg:
                            note(kw.arg, kw.value)
        self._env_writes = out
        return out

    def mapping(self, expr: ast.AST | None, _depth: int = 0) -> ast.Dict | ast.Call | None:
        """The dict display (or ``dict(...)``/TypedDict-style call) an expression evaluates
        to, following single assignments and module constants; None when unknown."""
        if expr is None or _depth > 8:
            return None
        if isinstance(expr, ast.Dict):
            return expr
        if isinstance(expr, ast.Call):
            f = expr.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name == "dict" or "Param" in name or name.endswith(("Settings", "Request")):
                return expr
            return None
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None:
                return self.mapping(assigns[0], _depth + 1)
            if not assigns and not iters and param is None and expr.id in self.r.constants:
                return self.mapping(self.r.constants[expr.id], _depth + 1)
        return None

    def mapping_get(self, expr: ast.AST | None, key: str, _depth: int = 0) -> tuple[str, ast.expr | None]:
        """Look ``key`` up in what ``expr`` evaluates to: ``("found", value)``,
        ``("absent", None)`` when the mapping is fully known and lacks it, else
        ``("unknown", None)`` (a ``**splat`` that cannot be resolved, an unknown mapping)."""
        m = self.mapping(expr)
        if m is None or _depth > 6:
            return "unknown", None
        unknown = False
        if isinstance(m, ast.Dict):
            for k, v in zip(m.keys, m.values):
                if k is None:
                    status, found = self.mapping_get(v, key, _depth + 1)
                    if status == "found":
                        return status, found
                    unknown = unknown or status == "unknown"
                elif self.r.string_value(k) == key:
                    return "found", v
                elif self.r.string_value(k) is None:
                    unknown = True
        else:
            for kw in m.keywords:
                if kw.arg == key:
                    return "found", kw.value
                if kw.arg is None:
                    status, found = self.mapping_get(kw.value, key, _depth + 1)
                    if status == "found":
                        return status, found
                    unknown = unknown or status == "unknown"
            if m.args:
                unknown = True
        return ("unknown", None) if unknown else ("absent", None)

    def producer(self, expr: ast.AST | None, match: Callable[[ast.Call], bool], _depth: int = 0,
                 _seen: set[int] | None = None) -> ast.Call | None:
        """The call that produced the value of ``expr`` and satisfies ``match`` (e.g. a
        ``boto3.client("bedrock-runtime")`` call), following names, ``self.x`` set in the
        class, ``await``, ``with ... as x`` and factory functions of this module.

        Each expression is explored once per question (``_seen``): without it, names assigned
        from each other and factories returning each other's results made the search
        exponential (litellm 1.83's proxy server: 89 million calls for 24 thousand questions)."""
        if expr is None or _depth > 12:
            return None
        if _seen is None:
            _seen = set()
        elif id(expr) in _seen:
            return None
        _seen.add(id(expr))
        if isinstance(expr, ast.Await):
            return self.producer(expr.value, match, _depth + 1, _seen)
        if isinstance(expr, ast.Call):
            if match(expr):
                return expr
            fn = self._called_function(expr)
            if fn is not None:
                for ret in self.scopes[fn].returns:
                    found = self.producer(ret, match, _depth + 1, _seen)
                    if found is not None:
                        return found
            return None
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            for value in (*assigns, *iters):
                found = self.producer(value, match, _depth + 1, _seen)
                if found is not None:
                    return found
            return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            for value, _s in self.class_attrs.get(klass, {}).get(expr.attr, []) if klass is not None else ():
                found = self.producer(value, match, _depth + 1, _seen)
                if found is not None:
                    return found
        return None

    def statement(self, node: ast.AST) -> ast.stmt | None:
        """The innermost statement holding ``node`` (for reporting outside the traversal)."""
        table = getattr(self, "_stmt_of", None)
        if table is None:
            table = {}
            stack: list[tuple[ast.AST, ast.stmt | None]] = [(self.tree, None)]
            while stack:
                n, stmt = stack.pop()
                if isinstance(n, ast.stmt):
                    stmt = n
                table[id(n)] = stmt
                stack.extend((c, stmt) for c in ast.iter_child_nodes(n))
            self._stmt_of = table
        return table.get(id(node))

    # ------------------------------------------------------------------ output sinks
    # (added for credential-logged and prompt-logged; general: any rule may ask where a
    # value leaves the program as text — a console, a log, an exception, a trace span)
    def output_sink(self, node: ast.AST) -> "Sink | None":
        """The sink ``node`` writes values to, if it is one: ``print``/``pprint``/``rich``/
        ``click.echo``/``sys.stdout.write`` (PRINT); ``logging.*``, a logger's methods —
        ``logging.getLogger(...)``, ``structlog.get_logger()``, ``loguru.logger``, a
        ``LoggerAdapter``, ``.bind(...)`` of one, or a name such as ``log``, ``logger``,
        ``self._logger``, ``audit_log`` — with their keyword arguments (structured loggers)
        (LOG); ``warnings.warn`` (WARNING); the arguments of an exception raised here and an
        ``assert`` message (EXCEPTION); OpenTelemetry span attributes and events, Sentry
        context, tags, extras and messages (TELEMETRY).  ``Sink.values`` are the expressions
        whose content is written."""
        cache = self.__dict__.setdefault("_sink_cache", {})
        key = id(node)
        if key not in cache:
            cache[key] = self._output_sink(node)
        return cache[key]

    def _output_sink(self, node: ast.AST) -> "Sink | None":
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            exc = node.exc
            values = tuple(a for a in (*exc.args, *(kw.value for kw in exc.keywords)))
            if values:
                return Sink(exc, EXCEPTION, f"the message of the {_callee(exc.func)} raised here", values)
            return None
        if isinstance(node, ast.Assert) and node.msg is not None:
            return Sink(node.msg, EXCEPTION, "the message of this assert", (node.msg,))
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        q = self.r.qualname(func) or ""
        args = tuple(a.value if isinstance(a, ast.Starred) else a for a in node.args)
        kwvals = tuple(kw.value for kw in node.keywords)
        # print-like
        if isinstance(func, ast.Name) and func.id == "print" and func.id not in self.r.aliases \
                and func.id not in self.functions:
            return Sink(node, PRINT, "print()", args)
        if q in _PRINT_FUNCTIONS:
            return Sink(node, PRINT, f"{q}()", args + tuple(kw.value for kw in node.keywords if kw.arg in ("message", "msg")))
        if q in ("warnings.warn", "warnings.warn_explicit"):
            msg = node.args[0] if node.args else next((kw.value for kw in node.keywords if kw.arg == "message"), None)
            return Sink(node, WARNING, f"{q}()", (msg,)) if msg is not None else None
        if not isinstance(func, ast.Attribute):
            return None
        method = func.attr
        receiver = func.value
        # logging
        if method in LOG_METHODS:
            if (q.startswith("logging.") and q.count(".") == 1) or self.is_logger(receiver):
                values = args + tuple(kw.value for kw in node.keywords if kw.arg not in _LOG_CONTROL_KWARGS)
                return Sink(node, LOG, f"{_callee(func)}()", values)
        if method in ("print", "log", "print_json", "out") and self.producer(
                receiver, lambda c: self.r.qualname(c.func) in ("rich.console.Console", "rich.get_console")) is not None:
            return Sink(node, PRINT, f"{_callee(func)}()", args)
        # telemetry
        telemetry = method in _SPAN_METHODS or (
            method in _SCOPE_METHODS
            and (q.startswith("sentry_sdk.") or _TELEMETRY_RECEIVER.search(_terminal_name(receiver) or ""))
        )
        if telemetry:
            if method in ("set_attributes", "set_tags", "set_user", "capture_message"):
                values = args + kwvals
            elif method == "add_breadcrumb":
                values = args + tuple(kw.value for kw in node.keywords if kw.arg in ("message", "data", None))
            else:  # (key, value) forms: the key is a name, the value is written
                values = args[1:] + tuple(kw.value for kw in node.keywords if kw.arg not in ("key", "name"))
            return Sink(node, TELEMETRY, f"{_callee(func)}()", values) if values else None
        return None

    def is_logger(self, expr: ast.AST | None, _depth: int = 0) -> bool:
        """Whether ``expr`` is a logger: ``loguru.logger``, the result of
        ``logging.getLogger``/``structlog.get_logger``/``LoggerAdapter``/``.bind(...)``,
        a name or attribute that holds one (followed through assignments, ``self.x`` and
        factory functions of this module), or a name that says so (``log``, ``logger``,
        ``_LOG``, ``audit_log``, ``requestLogger``)."""
        if expr is None or _depth > 8:
            return False
        q = self.r.qualname(expr)
        if q in _LOGGER_OBJECTS:
            return True
        if isinstance(expr, ast.Call):
            fq = self.r.qualname(expr.func) or ""
            if fq in _LOGGER_FACTORIES:
                return True
            f = expr.func
            if isinstance(f, ast.Attribute) and f.attr in _LOGGER_DERIVATIONS:
                return self.is_logger(f.value, _depth + 1)
            fn = self._called_function(expr)
            if fn is not None:
                return any(self.is_logger(r, _depth + 1) for r in self.scopes[fn].returns)
            return False
        name = _terminal_name(expr)
        if name and (_LOGGER_NAME.search(name) or _LOGGER_NAME_CASED.search(name)):
            return True
        if isinstance(expr, ast.Name):
            assigns, _iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            return any(self.is_logger(v, _depth + 1) for v in assigns)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            if klass is not None:
                return any(self.is_logger(v, _depth + 1) for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []))
        return False

    def opaque_call(self, call: ast.Call) -> bool:
        """True for a call whose result is not known to carry the content of its receiver
        or arguments: anything but functions of this module, the string/dict/list methods
        and builtins that copy or reshape content (``format``, ``join``, ``strip``, ``get``,
        ``items``, ``str``, ``dict``, ``json.dumps`` …), response accessors
        (``model_dump_json``, ``get_final_text`` …) and message constructors
        (``HumanMessage(...)``).  Use as (part of) a ``stop`` for :meth:`labels` where an
        unknown library call (``requests.post(..., headers=...)``, a client constructor)
        must not pass its arguments into its result."""
        func = call.func
        if self._called_function(call) is not None:
            return False
        if isinstance(func, ast.Attribute):
            if func.attr in CONTENT_METHODS or _MESSAGE_CLASS.search(func.attr):
                return False
            q = self.r.qualname(func)
            return q not in CONTENT_FUNCTIONS
        if isinstance(func, ast.Name):
            if func.id in self.r.aliases:
                return self.r.qualname(func) not in CONTENT_FUNCTIONS and not _MESSAGE_CLASS.search(func.id)
            return func.id not in CONTENT_BUILTINS and not _MESSAGE_CLASS.search(func.id)
        return True

    # ------------------------------------------------------------------ responses
    def likely_request(self, call: ast.Call) -> RequestInfo | None:
        """:meth:`claude_request`, or — in a file that imports ``anthropic`` — a
        ``X.messages.create/stream/parse`` (or ``X.beta.messages.…``) call on a receiver the
        resolver cannot know (a parameter, ``self.client`` set from one) and that no
        constructor of this file produces.  ``client`` is None for these."""
        cache = self.__dict__.setdefault("_likely_cache", {})
        key = id(call)
        if key in cache:
            return cache[key]
        info = self.claude_request(call)
        if info is None and self._imports_anthropic():
            info = self._loose_request(call)
        cache[key] = info
        return info

    def _imports_anthropic(self) -> bool:
        found = self.__dict__.get("_imports_anthropic_cache")
        if found is None:  # asked for every call of the file: the imports do not change
            found = self.__dict__["_imports_anthropic_cache"] = any(
                v == "anthropic" or v.startswith("anthropic.") for v in self.r.aliases.values())
        return found

    def _loose_request(self, call: ast.Call) -> RequestInfo | None:
        parts: list[str] = []
        node: ast.AST = call.func
        while isinstance(node, ast.Attribute):
            if node.attr not in _TRANSPARENT:
                parts.append(node.attr)
            node = node.value
            path = ".".join(reversed(parts))
            if path in _LOOSE_METHODS:
                break
        else:
            return None
        base = node
        if not (isinstance(base, ast.Name) or (isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name))):
            return None
        if self.client(base) is not None or self.producer(base, lambda c: True) is not None:
            return None  # a known object that is not a Claude client
        return RequestInfo(call, path, None)

    def response_source(self, node: ast.AST) -> frozenset[str]:
        """A ``source`` for :meth:`labels`: ``{RESPONSE}`` for a call that sends an inference
        request to Claude (:meth:`likely_request`).  Through the label propagation this
        covers ``response.content``, ``.content[0].text``, ``for block in
        response.content``, ``with client.messages.stream(...) as stream`` and
        ``stream.text_stream``/``event.delta.text``/``stream.get_final_text()``, a
        wrapper's ``llm.invoke(...)`` result and its ``.content``, litellm's
        ``.choices[0].message.content``, and helpers of this module that return them.
        Pair it with :meth:`response_stop` so that metadata (``usage``, ``id``,
        ``stop_reason``, ``model`` …) carries no label."""
        if isinstance(node, ast.Call):
            info = self.likely_request(node)
            if info is not None and info.inference and info.method not in _NO_CONTENT_RESPONSE \
                    and not any(p in info.method for p in ("/files", "/batches", "/count_tokens", "/models")):
                return RESPONSE_LABELS
        return frozenset()

    def response_stop(self, node: ast.AST) -> bool:
        """A ``stop`` for :meth:`labels`: metadata attributes of a response, stream event or
        message (:data:`RESPONSE_METADATA`) and opaque calls (:meth:`opaque_call`)."""
        if isinstance(node, ast.Attribute):
            return node.attr in RESPONSE_METADATA
        if isinstance(node, ast.Call):
            return self.opaque_call(node)
        return False

    # ------------------------------------------------------------------ prompts
    def prompt_source(self, node: ast.AST) -> frozenset[str]:
        """A ``source`` for :meth:`labels`: ``{PROMPT}`` for a name, ``self.attr`` or
        dotted path (``req.question``, ``data["q"]``) whose value is part of the prompt of
        a Claude request in this file — passed as its ``messages``/``system``/``prompt`` or
        used to build them (through f-strings, ``+``, ``%``, ``format``, ``join``,
        containers, message constructors, helpers of this module and the arguments their
        callers pass).  Names that only hold a constant string (a fixed system prompt) are
        not prompt content."""
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            key = self._binding_key(node)
            if key is not None and key in self._prompt_table():
                return PROMPT_LABELS
        return frozenset()

    def prompt_request(self, node: ast.AST) -> ast.Call | None:
        """For a node :meth:`prompt_source` labels, the request call whose prompt it feeds."""
        key = self._binding_key(node)
        return self._prompt_table().get(key) if key is not None else None

    def _binding_key(self, node: ast.AST) -> tuple | None:
        if isinstance(node, ast.Name):
            _a, _i, scope, _p = self.lookup(node.id, self.scope(node))
            if scope is None:
                return None
            return ("name", id(scope.node), node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            klass = self.scope(node).klass
            if klass is not None:
                return ("attr", id(klass), node.attr)
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            root: ast.AST = node
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                if isinstance(root, ast.Subscript) and self.r.string_value(root.slice) is None:
                    return None
                root = root.value
            if isinstance(root, ast.Name):
                return ("path", id(self.scope(node).node), ast.unparse(node))
        return None

    def _prompt_table(self) -> dict[tuple, ast.Call]:
        table = getattr(self, "_prompts", None)
        if table is not None:
            return table
        table = {}
        self._prompts = table
        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Call):
                info = self.likely_request(node)
                if info is not None and info.inference:
                    for arg in self.prompt_arguments(info):
                        self._collect_prompt(arg, node, table, 0)
        return table

    def prompt_arguments(self, info: RequestInfo) -> list[ast.expr]:
        """The arguments of a request that carry its prompt: ``messages``, ``system``,
        ``prompt``, ``input``, batch ``requests``, Managed Agents ``events``/
        ``initial_events``; a ``**params`` splat (its content keys when the dict is known in
        this file); a wrapper's positional input (``llm.invoke(x)``); litellm's second
        positional argument (``messages``); the ``json=``/``data=`` body of a raw HTTP
        request.  Tool definitions and uploaded files are not the prompt."""
        call = info.call
        names = _PROMPT_KWARGS + (("json", "data", "content", "body") if info.method.startswith("POST ") else ())
        out: list[ast.expr] = []
        for kw in call.keywords:
            if kw.arg in names:
                out.append(kw.value)
            elif kw.arg is None:
                if self.mapping(kw.value) is None:
                    out.append(kw.value)
                for k in _PROMPT_KWARGS:
                    status, value = self.mapping_get(kw.value, k)
                    if status == "found" and value is not None:
                        out.append(value)
        client = info.client
        if client is not None and client.wrapper and not info.method.startswith("POST "):
            out.extend(a.value if isinstance(a, ast.Starred) else a for a in call.args)
        elif (client is None or info.method.startswith("litellm.")) and len(call.args) > 1:
            out.append(call.args[1])
        return out

    def _collect_prompt(self, expr: ast.AST | None, request: ast.Call, table: dict, depth: int) -> None:
        if expr is None or depth > 30:
            return
        follow = lambda e: self._collect_prompt(e, request, table, depth + 1)  # noqa: E731
        if isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript)):
            key = self._binding_key(expr)
            if key is None:
                if isinstance(expr, ast.Subscript):
                    follow(expr.value)  # messages[-1]: part of messages
                return
            if key in table:
                return
            if self.value_string(expr) is not None:
                return  # a constant string: source code, not data
            table[key] = request
            if isinstance(expr, ast.Name):
                assigns, iters, scope, param = self.lookup(expr.id, self.scope(expr))
                for v in (*assigns, *iters):
                    follow(v)
                if param is not None and scope is not None and not isinstance(scope.node, ast.Lambda):
                    for v in self._parameter_sources(scope.node).get(expr.id, []):
                        follow(v)
            elif key[0] == "attr":
                klass = self.scope(expr).klass
                for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []) if klass is not None else ():
                    follow(v)
            return
        if isinstance(expr, ast.JoinedStr):
            for v in expr.values:
                if isinstance(v, ast.FormattedValue):
                    follow(v.value)
        elif isinstance(expr, ast.BinOp):
            follow(expr.left)
            follow(expr.right)
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                follow(v)
        elif isinstance(expr, ast.IfExp):
            follow(expr.body)
            follow(expr.orelse)
        elif isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            for v in expr.elts:
                follow(v)
        elif isinstance(expr, ast.Dict):
            for v in expr.values:
                follow(v)
        elif isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            follow(expr.elt)
        elif isinstance(expr, ast.DictComp):
            follow(expr.value)
        elif isinstance(expr, (ast.Starred, ast.Await, ast.NamedExpr, ast.FormattedValue)):
            follow(expr.value)
        elif isinstance(expr, ast.Call):
            fn = self._called_function(expr)
            if fn is not None:
                for ret in self.scopes[fn].returns:
                    follow(ret)
            elif self.opaque_call(expr):
                return
            elif isinstance(expr.func, ast.Attribute):
                follow(expr.func.value)
            for a in expr.args:
                follow(a)
            for kw in expr.keywords:
                follow(kw.value)

    def _parameter_sources(self, fn: ast.AST) -> dict[str, list[ast.expr]]:
        """What flows into each parameter of ``fn``: the arguments of its call sites in this
        file (:meth:`call_sites`, :meth:`argument_for`) and its default values (memoized)."""
        cache = self.__dict__.setdefault("_param_sources", {})
        if id(fn) not in cache:
            out: dict[str, list[ast.expr]] = {}
            args = fn.args
            names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
            for site in self.call_sites(fn):  # one indexed walk for the whole file
                for name in names:
                    arg = self.argument_for(site, fn, name)
                    if arg is not None:
                        out.setdefault(name, []).append(arg)
            positional = [*args.posonlyargs, *args.args]
            for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults):
                out.setdefault(a.arg, []).append(d)
            for a, d in zip(args.kwonlyargs, args.kw_defaults):
                if d is not None:
                    out.setdefault(a.arg, []).append(d)
            cache[id(fn)] = out
        return cache[id(fn)]

    def memo(self, key: str, factory: Callable[[], object]) -> object:
        """A per-file result shared by several rules (computed once)."""
        store = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = factory()
        return store[key]

    # ------------------------------------------------------------------ traced flow
    # (added for the health-data rules; general: any rule may ask how a value got somewhere)
    #: methods that put their arguments into the receiver (``messages.append(x)``)
    MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft",
                          "put", "put_nowait", "__setitem__"})
    #: functions whose result carries no content of the arguments (for :meth:`trace`, with ``_OPAQUE``)
    OPAQUE_FUNCTIONS = frozenset({"any", "all", "sum", "round", "abs", "ord", "math.floor", "math.ceil",
                                  "math.isnan", "os.path.exists", "os.path.getsize"})
    #: methods whose result carries no content of the receiver or arguments (for :meth:`trace`)
    OPAQUE_METHODS = frozenset({"count", "index", "find", "rfind", "startswith", "endswith", "isdigit", "isalpha",
                                "isalnum", "isnumeric", "isspace", "islower", "isupper", "nunique", "__len__",
                                "exists", "is_file", "is_dir", "total_seconds"})

    def module_classes(self) -> dict[str, ast.ClassDef]:
        """Module-level classes by name (a name defined twice is left out)."""
        cached = getattr(self, "_flow_classes", None)
        if cached is None:
            seen: dict[str, ast.ClassDef | None] = {}
            for stmt in self.tree.body:
                if isinstance(stmt, ast.ClassDef):
                    seen[stmt.name] = None if stmt.name in seen else stmt
            cached = {k: v for k, v in seen.items() if v is not None}
            self._flow_classes = cached
        return cached

    def _flow_index(self) -> dict:
        """One walk: what mutating calls and augmented assignments put into names and
        attributes, and the attributes assigned in class bodies."""
        cached = getattr(self, "_flow_idx", None)
        if cached is not None:
            return cached
        names: dict[tuple[int, str], list[ast.expr]] = {}
        attrs: dict[tuple[ast.ClassDef, str], list[ast.expr]] = {}
        body: dict[tuple[ast.ClassDef, str], list[ast.expr]] = {}

        def holder(target: ast.AST, value: ast.expr) -> None:
            while isinstance(target, ast.Subscript):  # d["k"].append(v), d["k"] += v
                target = target.value
            if isinstance(target, ast.Name):
                scope = self.scope(target)
                _a, _i, defining, _p = self.lookup(target.id, scope)
                names.setdefault((id((defining or scope).node), target.id), []).append(value)
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in (
                "self", "cls"
            ):
                klass = self.scope(target).klass
                if klass is not None:
                    attrs.setdefault((klass, target.attr), []).append(value)

        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in self.MUTATORS:
                values = list(node.args[1:] if node.func.attr in ("insert", "__setitem__") else node.args)
                if node.func.attr == "setdefault":
                    values = node.args[1:2]
                values += [kw.value for kw in node.keywords]
                for v in values:
                    holder(node.func.value, v.value if isinstance(v, ast.Starred) else v)
            elif isinstance(node, ast.AugAssign) and not isinstance(node.target, ast.Name):
                holder(node.target, node.value)
            elif isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and not isinstance(t.value, ast.Name):
                        holder(t.value, node.value)  # self.d["k"] = v, d["a"][0]["b"] = v
            elif isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign):
                        for t in stmt.targets:
                            if isinstance(t, ast.Name):
                                body.setdefault((node, t.id), []).append(stmt.value)
                    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                        body.setdefault((node, stmt.target.id), []).append(stmt.value)
        cached = {"names": names, "attrs": attrs, "body": body}
        self._flow_idx = cached
        return cached

    def instance_class(self, expr: ast.AST | None) -> ast.ClassDef | None:
        """The module class an expression is an instance of: ``x = Intake(...)``, ``self.x =
        Intake(...)``, a parameter annotated ``Intake``, ``self`` inside a method."""
        if expr is None:
            return None
        if isinstance(expr, ast.Name) and expr.id in ("self", "cls"):
            return self.scope(expr).klass
        classes = self.module_classes()
        if not classes:
            return None
        cache = self.__dict__.setdefault("_instance_class_cache", {})
        key = id(expr)
        if key not in cache:
            cache[key] = self._instance_class(expr, classes)
        return cache[key]

    def _instance_class(self, expr: ast.AST, classes: dict) -> ast.ClassDef | None:
        if isinstance(expr, ast.Name):
            _a, _i, _s, param = self.lookup(expr.id, self.scope(expr))
            ann = param.annotation if param is not None else None
            if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
                return classes.get(ann.value)
            if isinstance(ann, ast.Name):
                return classes.get(ann.id)
        made = self.producer(expr, lambda c: isinstance(c.func, ast.Name) and c.func.id in classes
                             and c.func.id not in self.r.aliases)
        return classes.get(made.func.id) if made is not None else None

    def callee(self, call: ast.Call) -> ast.AST | None:
        """The function or method of this module a call runs: module functions, ``self.m()``,
        ``obj.m()`` on an instance of a module class, ``Cls.m()``, and ``Cls(...)`` (its
        ``__init__``)."""
        fn = self._called_function(call)
        if fn is not None:
            return fn
        f = call.func
        classes = self.module_classes()
        if isinstance(f, ast.Name) and f.id in classes and f.id not in self.r.aliases:
            return self.methods.get((classes[f.id], "__init__"))
        if isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and f.value.id in classes and f.value.id not in self.r.aliases:
                return self.methods.get((classes[f.value.id], f.attr))
            klass = self.instance_class(f.value)
            if klass is not None:
                return self.methods.get((klass, f.attr))
        return None

    def call_sites(self, fn: ast.AST) -> list[ast.Call]:
        """Calls in this file that run ``fn`` (see :meth:`callee`)."""
        table = getattr(self, "_flow_sites", None)
        if table is None:
            table = {}
            for node in tree_nodes(self.tree):
                if isinstance(node, ast.Call):
                    target = self.callee(node)
                    if target is not None:
                        table.setdefault(id(target), []).append(node)
            self._flow_sites = table
        return table.get(id(fn), [])

    def argument_for(self, call: ast.Call, fn: ast.AST, param: str) -> ast.expr | None:
        """The argument expression ``call`` passes to parameter ``param`` of ``fn``."""
        if isinstance(fn, ast.Lambda):
            return None
        for kw in call.keywords:
            if kw.arg == param:
                return kw.value
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        if param not in params:
            return None
        index = params.index(param)
        bound = bool(params) and params[0] in ("self", "cls") and (
            isinstance(call.func, ast.Attribute) or (isinstance(call.func, ast.Name) and fn.name == "__init__")
        )
        if bound and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) \
                and call.func.value.id in self.module_classes() and not any(
                    isinstance(d, ast.Name) and d.id in ("classmethod",) for d in fn.decorator_list):
            bound = False  # Cls.method(obj, ...): explicit first argument
        index -= 1 if bound else 0
        if index < 0:
            return None
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                return None
            if i == index:
                return a
        return None

    def _function_of_param(self, name: str, scope: "_ScopeInfo") -> ast.AST | None:
        node = scope.node
        return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in scope.params else None

    def _mutated(self, expr: ast.AST) -> bool:
        """Whether a name is changed in place somewhere (``.append``, ``d["k"][0] = v`` …)."""
        if not isinstance(expr, ast.Name):
            return False
        _a, _i, defining, _p = self.lookup(expr.id, self.scope(expr))
        return (id((defining or self.scope(expr)).node), expr.id) in self._flow_index()["names"]

    def _extra_edges(self, expr: ast.AST) -> Iterator[ast.expr]:
        """Context-free propagation added for the health-data rules and shared by
        :meth:`labels`: values put in by ``.append``/``.extend``/``.update``/``.insert``/…,
        augmented assignment to attributes and subscripts, class-body attributes, attributes
        and method results of instances of module classes, and constructor arguments of
        module classes."""
        idx = self._flow_index()
        if isinstance(expr, ast.Name):
            _a, _i, defining, _p = self.lookup(expr.id, self.scope(expr))
            yield from idx["names"].get((id((defining or self.scope(expr)).node), expr.id), ())
        elif isinstance(expr, ast.Attribute):
            klass = self.instance_class(expr.value)
            if klass is None and isinstance(expr.value, ast.Name) and expr.value.id in self.module_classes() \
                    and expr.value.id not in self.r.aliases:
                klass = self.module_classes()[expr.value.id]
            if klass is not None:
                yield from idx["attrs"].get((klass, expr.attr), ())
                yield from idx["body"].get((klass, expr.attr), ())
                if not (isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls")):
                    for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []):
                        yield v
        elif isinstance(expr, ast.Call) and self._called_function(expr) is None:
            fn = self.callee(expr)
            if fn is not None and getattr(fn, "name", "") != "__init__":
                yield from self.scopes[fn].returns
            elif isinstance(expr.func, ast.Name) and expr.func.id in self.module_classes():
                yield from expr.args
                yield from (kw.value for kw in expr.keywords)

    def _flow_edges(self, expr: ast.AST, stack: tuple) -> Iterator[tuple[ast.AST, str, tuple, bool]]:
        """Where the value of ``expr`` comes from: ``(upstream node, what happens, call stack,
        whether the message describes the upstream node rather than expr)``.  The same edges as :meth:`labels` (plus :meth:`_extra_edges`), except
        that calls of this module's functions are followed into their return values with the
        call remembered, so a parameter leads back to that call's argument only."""
        def short(node: ast.AST) -> str:
            try:
                text = ast.unparse(node)
            except Exception:  # pragma: no cover - unparse of odd nodes
                text = type(node).__name__
            text = " ".join(text.split())
            return text if len(text) <= 40 else text[:37] + "..."

        if isinstance(expr, ast.Name):
            scope = self.scope(expr)
            assigns, iters, defining, param = self.lookup(expr.id, scope)
            for v in assigns:
                yield v, f"assigned to `{expr.id}`", stack, True
            for v in iters:
                yield v, f"iterated as `{expr.id}`", stack, True
            fn = self._function_of_param(expr.id, defining) if (param is not None and defining is not None) else None
            if fn is not None:
                fname = getattr(fn, "name", "lambda")
                if stack and self.callee(stack[-1]) is fn:
                    arg = self.argument_for(stack[-1], fn, expr.id)
                    if arg is not None:
                        yield arg, f"parameter `{expr.id}` of {fname}() receives it", stack[:-1], False
                else:
                    for site in self.call_sites(fn):
                        arg = self.argument_for(site, fn, expr.id)
                        if arg is not None:
                            yield arg, f"parameter `{expr.id}` of {fname}() receives it", (), False
        elif isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
                klass = self.scope(expr).klass
                if klass is not None:
                    for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []):
                        yield v, f"stored in `self.{expr.attr}`", (), True
            yield expr.value, "", stack, False
        elif isinstance(expr, ast.Subscript):
            item = None
            if hasattr(self, "_mapping_item") and not self._mutated(expr.value):  # d["k"] of a known dict
                status, item = self._mapping_item(expr.value, expr.slice)
                if status != "unknown":
                    if item is not None:
                        yield item, "", stack, False
                    return
            yield expr.value, "", stack, False
        elif isinstance(expr, ast.JoinedStr):
            for v in expr.values:
                if isinstance(v, ast.FormattedValue):
                    yield v.value, "", stack, False
        elif isinstance(expr, ast.BinOp):
            yield expr.left, "", stack, False
            yield expr.right, "", stack, False
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                yield v, "", stack, False
        elif isinstance(expr, ast.IfExp):
            yield expr.body, "", stack, False
            yield expr.orelse, "", stack, False
        elif isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            for v in expr.elts:
                yield v, "", stack, False
        elif isinstance(expr, ast.Dict):
            for k, v in zip(expr.keys, expr.values):
                if k is not None:
                    yield k, "", stack, False
                yield v, "", stack, False
        elif isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            yield expr.elt, "", stack, False
        elif isinstance(expr, ast.DictComp):
            yield expr.key, "", stack, False
            yield expr.value, "", stack, False
        elif isinstance(expr, (ast.Starred, ast.Await, ast.NamedExpr, ast.FormattedValue)):
            yield expr.value, "", stack, False
        elif isinstance(expr, ast.Call):
            func = expr.func
            name = func.id if isinstance(func, ast.Name) else None
            if name in self._OPAQUE and name not in self.functions:
                return
            if (name or self.r.qualname(func)) in self.OPAQUE_FUNCTIONS and name not in self.functions:
                return
            if isinstance(func, ast.Attribute) and func.attr in self.OPAQUE_METHODS:
                return
            fn = self.callee(expr)
            if fn is not None and getattr(fn, "name", "") != "__init__":
                if len(stack) < 6:
                    for ret in self.scopes[fn].returns:
                        yield ret, f"returned by {getattr(fn, 'name', 'lambda')}()", (*stack, expr), True
                return
            if isinstance(func, ast.Attribute):
                yield func.value, "", stack, False
            for a in expr.args:
                yield a, "", stack, False
            for kw in expr.keywords:
                yield kw.value, "", stack, False
            return
        if not isinstance(expr, ast.Call):
            msg = None
            for v in self._extra_edges(expr):
                if msg is None:
                    msg = f"added to `{short(expr)}`" if isinstance(expr, (ast.Name, ast.Attribute)) else ""
                yield v, msg, (), True

    def trace(self, expr: ast.AST | None, source: Callable[[ast.AST], frozenset[str]], *,
              max_states: int = 20000) -> list[tuple[ast.AST, str]] | None:
        """One shortest path by which a labelled value reaches ``expr``, or None.

        ``source(node)`` gives the labels a node carries by itself (as for :meth:`labels`).
        The result runs from the source to ``expr``: ``[(source node, its first label),
        (node, how the value arrived there), ..., (expr, how it arrived)]``; steps on the
        same line are merged (the source and ``expr`` are always kept), so it reads as a
        SARIF ``threadFlow``.  The edges are those of :meth:`labels` and
        :meth:`_extra_edges`, with one difference: a call of a function or method of this
        module is followed into its return values remembering the call, so a parameter
        leads back to *that* call's argument; a parameter reached without a call (``expr``
        inside the function) leads to the arguments of every call site of the function.
        Calls of other functions pass their receiver and arguments through, except the
        opaque ones (``len()``, ``.count()`` …).  Breadth-first; the path found through a
        name is reused for every request that reaches the name (computed once per file and
        source predicate), so the path is short but not always the shortest; at most
        ``max_states`` (node, call stack) states are explored per name."""
        if expr is None:
            return None
        caches = self.__dict__.setdefault("_trace_caches", {})
        entry = caches.get(id(source))
        if entry is None or entry[0] is not source:
            entry = caches[id(source)] = (source, {})
        chain = self._trace(expr, source, entry[1], 0, max_states)
        return None if chain is None else _merge_lines(chain)

    def _flow_edges_cached(self, node: ast.AST, stack: tuple) -> list:
        cache = self.__dict__.setdefault("_edge_cache", {})
        key = (id(node), tuple(id(c) for c in stack))
        found = cache.get(key)
        if found is None:
            found = cache[key] = list(self._flow_edges(node, stack))
        return found

    _IN_PROGRESS = object()

    def _trace(self, expr: ast.AST, source, cache: dict, depth: int, max_states: int):
        """Raw chain (source first, each node with its message) from a source to ``expr``."""
        start = (id(expr), ())
        parent: dict[tuple, tuple | None] = {start: None}
        info: dict[tuple, tuple[ast.AST, str, bool]] = {start: (expr, "", False)}
        queue = [(expr, ())]
        head = 0
        found_key = None
        prefix: list[tuple[ast.AST, str]] | None = None  # a cached chain ending at the found node
        label = ""
        while head < len(queue) and len(parent) <= max_states:
            node, stack = queue[head]
            head += 1
            key = (id(node), stack)
            labels = source(node)
            if labels:
                found_key, label = key, sorted(labels)[0]
                break
            if node is not expr and not stack and isinstance(node, ast.Name) and depth < 40:
                # what lies behind a name depends on its binding only: computed once per binding
                _a, _i, defining, _p = self.lookup(node.id, self.scope(node))
                bkey = (id(defining.node) if defining is not None else 0, node.id)
                sub = cache.get(bkey)
                if bkey not in cache:
                    cache[bkey] = self._IN_PROGRESS
                    sub = self._trace(node, source, cache, depth + 1, max_states)
                    cache[bkey] = sub
                if sub is None:
                    continue  # no source behind this name
                if sub is not self._IN_PROGRESS:
                    found_key, prefix = key, sub
                    break
            for child, msg, new_stack, at_child in self._flow_edges_cached(node, stack):
                if child is None:
                    continue
                ckey = (id(child), new_stack)
                if ckey in parent:
                    continue
                parent[ckey] = key
                info[ckey] = (child, msg, at_child)
                queue.append((child, new_stack))
        if found_key is None:
            return None
        nodes: list[ast.AST] = []
        edges: list[tuple[str, bool]] = []  # edges[i] joins nodes[i] (upstream) and nodes[i + 1]
        k = found_key
        while k is not None:
            node, msg, at_child = info[k]
            nodes.append(node)
            edges.append((msg, at_child))
            k = parent[k]
        messages = [""] * len(nodes)
        if prefix is None:
            messages[0] = label
        else:
            messages[0] = prefix[-1][1]
        for i, (msg, at_child) in enumerate(edges[:-1]):
            if not msg:
                continue
            j = i if at_child else i + 1
            if not messages[j]:
                messages[j] = msg
        chain = list(zip(nodes, messages))
        if prefix is not None:
            chain = list(prefix[:-1]) + chain
        return chain

    # ------------------------------------------------------------------ content requests
    # (added for the health-data rules; general: every shape by which content reaches Claude)
    #: calls that derive a wrapper object from another and keep its model (langchain runnables)
    DERIVATIONS = frozenset({"bind_tools", "bind", "with_structured_output", "with_config", "with_retry",
                             "with_fallbacks", "with_types", "with_listeners", "configurable_fields",
                             "configurable_alternatives", "pipe"})
    #: request methods of instructor-patched and OpenAI-compatible clients
    COMPAT_METHODS = frozenset({"chat.completions.create", "chat.completions.create_with_completion",
                                "chat.completions.create_partial", "chat.completions.create_iterable",
                                "create", "create_with_completion", "create_partial", "create_iterable",
                                "messages.create_with_completion", "messages.create_partial",
                                "messages.create_iterable"})
    #: the pydantic-ai Agent's request methods
    AGENT_RUN_METHODS = frozenset({"run", "run_sync", "run_stream", "iter", "run_stream_events"})
    #: boto3 bedrock-runtime methods that send a model request
    BOTO3_INVOKE = frozenset({"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"})
    _HTTP_FUNCS = frozenset({"requests.post", "requests.put", "requests.request", "httpx.post", "httpx.put",
                             "httpx.request", "httpx.stream", "aiohttp.request", "urllib.request.Request",
                             "urllib.request.urlopen"})
    _HTTP_CLIENTS = frozenset({"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
                               "aiohttp.ClientSession"})
    _DSPY_MODULES = frozenset({"Predict", "ChainOfThought", "ReAct", "ProgramOfThought", "ChainOfThoughtWithHint",
                               "MultiChainComparison", "Refine", "BestOfN"})

    def content_client(self, expr: ast.AST | None, _depth: int = 0) -> ClientInfo | None:
        """Like :meth:`client`, and also the objects through which wrapper libraries send
        content: langchain runnables derived from a Claude chat model (``bind_tools``,
        ``with_structured_output``, ``prompt | llm | parser``), ``init_chat_model`` with a
        Claude model, instructor (``from_anthropic(client)``, ``from_provider("anthropic/…")``),
        pydantic-ai ``Agent`` with a Claude model, dspy ``LM``/modules when a Claude ``LM`` is
        configured, ``ClaudeSDKClient``, an ``OpenAI`` client pointed at api.anthropic.com, a
        boto3 ``bedrock-runtime`` client and an HTTP session.  The ``calls`` of the result list
        the constructor, then each derivation (``bind_tools`` …) applied."""
        if expr is None or _depth > 12:
            return None
        base = self.client(expr)
        if base is not None:
            return base
        cache = self.__dict__.setdefault("_content_clients", {})
        key = id(expr)
        if key in cache:
            return cache[key]
        cache[key] = None
        info = self._content_client(expr, _depth)
        cache[key] = info
        return info

    def _content_client(self, expr: ast.AST, depth: int) -> ClientInfo | None:
        from .python import call_arg

        if isinstance(expr, ast.Await):
            return self.content_client(expr.value, depth + 1)
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            for v in (*assigns, *iters):
                info = self.content_client(v, depth + 1)
                if info is not None:
                    return info
            if param is not None and param.annotation is not None:
                return self._wrapper_from_annotation(param.annotation)
            return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []) if klass is not None else ():
                info = self.content_client(v, depth + 1)
                if info is not None:
                    return info
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):  # prompt | llm | parser
            return self.content_client(expr.left, depth + 1) or self.content_client(expr.right, depth + 1)
        if not isinstance(expr, ast.Call):
            return None
        q = self.r.qualname(expr.func) or ""
        f = expr.func
        if isinstance(f, ast.Attribute) and f.attr in self.DERIVATIONS:
            inner = self.content_client(f.value, depth + 1)
            if inner is not None:
                return ClientInfo(inner.name, inner.kind, inner.wrapper, (*inner.calls, expr))
            return None
        if q.endswith("RunnableSequence") or q.endswith("LLMChain") or q.endswith("ConversationChain"):
            for a in (*expr.args, *(kw.value for kw in expr.keywords)):
                info = self.content_client(a, depth + 1)
                if info is not None:
                    return ClientInfo(info.name, info.kind, True, (*info.calls, expr))
            return None
        if q in ("instructor.from_anthropic", "instructor.patch", "instructor.apatch", "instructor.from_litellm"):
            inner = self.client(call_arg(expr, "client", 0))
            if inner is None:
                return None
            return ClientInfo(f"instructor ({inner.name})", inner.kind, False, (*inner.calls, expr))
        if q == "instructor.from_provider":
            model = self.value_string(call_arg(expr, "model", 0)) or ""
            kind = _route_kind(model, "instructor")
            return ClientInfo("instructor.from_provider", kind, False, (expr,)) if kind is not None else None
        if q in ("langchain.chat_models.init_chat_model", "langchain.chat_models.base.init_chat_model"):
            model = self.value_string(call_arg(expr, "model", 0)) or ""
            provider = self.value_string(call_arg(expr, "model_provider")) or ""
            kind = _langchain_provider_kind(model, provider)
            return ClientInfo("init_chat_model", kind, True, (expr,)) if kind is not None else None
        if q in ("pydantic_ai.Agent", "pydantic_ai.agent.Agent"):
            kind = self._pydantic_model_kind(call_arg(expr, "model", 0))
            return ClientInfo("pydantic-ai Agent", kind, True, (expr,)) if kind is not None else None
        if q in ("claude_agent_sdk.ClaudeSDKClient",):
            return ClientInfo("ClaudeSDKClient", ClientKind.FIRST_PARTY, True, (expr,))
        if q in ("openai.OpenAI", "openai.AsyncOpenAI"):
            url = self.value_string(call_arg(expr, "base_url")) or ""
            if "api.anthropic.com" in url:
                return ClientInfo("OpenAI-compatible client of api.anthropic.com", ClientKind.FIRST_PARTY, False, (expr,))
            return None
        if q == "boto3.client" or (isinstance(f, ast.Attribute) and f.attr == "client"):
            if self.value_string(call_arg(expr, "service_name", 0)) == "bedrock-runtime":
                return ClientInfo("boto3 bedrock-runtime client", ClientKind.BEDROCK, True, (expr,))
            return None
        if q in self._HTTP_CLIENTS:
            return ClientInfo(q, None, True, (expr,))
        if q.startswith("dspy.") and q.rsplit(".", 1)[-1] in self._DSPY_MODULES:
            lm = self._dspy_configured_lm()
            if lm is not None:
                return ClientInfo(f"dspy.{q.rsplit('.', 1)[-1]}", lm.kind, True, (*lm.calls, expr))
            return None
        fn = self.callee(expr)
        if fn is not None:
            for ret in self.scopes[fn].returns:
                info = self.content_client(ret, depth + 1)
                if info is not None:
                    return info
        return None

    def _wrapper_from_annotation(self, ann: ast.expr) -> ClientInfo | None:
        """A parameter annotated with a wrapper class that always talks to Claude
        (``llm: ChatAnthropic``, ``Optional[ChatAnthropic]``)."""
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:
                ann = ast.parse(ann.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(ann, ast.BinOp):
            return self._wrapper_from_annotation(ann.left) or self._wrapper_from_annotation(ann.right)
        if isinstance(ann, ast.Subscript):
            return self._wrapper_from_annotation(ann.slice)
        if isinstance(ann, ast.Tuple):
            for elt in ann.elts:
                info = self._wrapper_from_annotation(elt)
                if info is not None:
                    return info
            return None
        q = self.r.qualname(ann) or ""
        w = WRAPPERS.get(q)
        if w is None or w.needs_claude_model or q in WRAPPER_REQUEST_FUNCTIONS:
            return None
        fake = ast.Call(func=ann, args=[], keywords=[])
        ast.copy_location(fake, ann)
        return ClientInfo(q.rsplit(".", 1)[-1], w.kind, True, (fake,))

    def _pydantic_model_kind(self, model: ast.AST | None) -> ClientKind | None:
        if model is None:
            return None
        value = self.value_string(model)
        if value is not None:
            low = value.lower()
            if "claude" not in low:
                return None
            if low.startswith("anthropic:"):
                return ClientKind.FIRST_PARTY
            if low.startswith("bedrock:"):
                return ClientKind.BEDROCK
            if low.startswith(("google-vertex:", "vertex:")):
                return ClientKind.VERTEX
            return None
        made = self.producer(model, lambda c: (self.r.qualname(c.func) or "").startswith("pydantic_ai.")
                             and (self.r.qualname(c.func) or "").rsplit(".", 1)[-1] in ("AnthropicModel", "BedrockConverseModel"))
        if made is None:
            return None
        from .python import call_arg

        if (self.r.qualname(made.func) or "").endswith("BedrockConverseModel"):
            name = self.value_string(call_arg(made, "model_name", 0)) or ""
            return ClientKind.BEDROCK if "claude" in name.lower() else None
        provider = call_arg(made, "provider")
        if provider is None or self.value_string(provider) == "anthropic":
            return ClientKind.FIRST_PARTY
        pc = self.producer(provider, lambda c: (self.r.qualname(c.func) or "").endswith("AnthropicProvider"))
        if pc is None:
            return None
        inner = self.client(call_arg(pc, "anthropic_client"))
        return inner.kind if inner is not None else ClientKind.FIRST_PARTY

    def _dspy_configured_lm(self) -> ClientInfo | None:
        """The Claude ``dspy.LM`` this file configures (``dspy.configure(lm=...)``)."""
        if "_dspy_lm" not in self.__dict__:
            from .python import call_arg

            found = None
            for node in tree_nodes(self.tree):
                if isinstance(node, ast.Call) and self.r.qualname(node.func) in (
                    "dspy.configure", "dspy.settings.configure", "dspy.context"
                ):
                    found = self.client(call_arg(node, "lm"))
                    if found is not None:
                        break
            self._dspy_lm = found
        return self._dspy_lm

    def _boto3_arg(self, call: ast.Call, name: str) -> ast.AST | None:
        """A boto3 keyword argument, also from a ``**kwargs`` dict the file builds (the shape
        of the Bedrock console's code export: ``invoke_model(**kwargs)``)."""
        from .python import call_arg

        found = call_arg(call, name)
        for kw in call.keywords:
            if found is None and kw.arg is None:
                status, value = self.mapping_get(kw.value, name)
                if status == "found":
                    found = value
        return found

    def _anthropic_body(self, expr: ast.AST | None, _depth: int = 0) -> bool:
        """Whether an ``invoke_model`` body is Claude's Messages API on Bedrock: a mapping with
        an ``anthropic_version`` key, also inside ``json.dumps(...)`` / ``.encode()`` and
        through the assignments of a local name (one of them naming the key is enough)."""
        if expr is None or _depth > 8:
            return False
        if isinstance(expr, ast.Call):
            f = expr.func
            if isinstance(f, ast.Attribute) and f.attr == "encode":
                return self._anthropic_body(f.value, _depth + 1)
            if self.r.qualname(f) == "json.dumps" and expr.args:
                return self._anthropic_body(expr.args[0], _depth + 1)
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            if assigns or iters or param is not None:
                return not iters and param is None and any(self._anthropic_body(a, _depth + 1) for a in assigns)
        return self.mapping_get(expr, "anthropic_version")[0] == "found"

    def claude_request(self, call: ast.Call) -> RequestInfo | None:
        """:meth:`request`, and the other shapes by which a call sends content to Claude:
        requests through :meth:`content_client` objects (langchain runnables, instructor,
        pydantic-ai ``Agent.run``, dspy, ``ClaudeSDKClient.query``, an OpenAI-compatible
        client of api.anthropic.com), ``claude_agent_sdk.query``, boto3 ``invoke_model`` /
        ``converse`` (and their stream forms) with a Claude ``modelId``, and raw HTTP POSTs
        to ``api.anthropic.com/v1/…``.  ``method`` names the method or the HTTP path."""
        req = self.request(call)
        if req is not None:
            return req
        from .python import call_arg

        q = self.r.qualname(call.func) or ""
        if q == "claude_agent_sdk.query":
            return RequestInfo(call, "query", ClientInfo("claude_agent_sdk.query", ClientKind.FIRST_PARTY, True, (call,)))
        if q in self._HTTP_FUNCS:
            url = call_arg(call, "url", 1 if q.endswith(".request") else 0)
            path = _anthropic_path(self.value_string(url) or self._url_text(url))
            if path is not None:
                return RequestInfo(call, f"POST {path}", ClientInfo("raw HTTP to api.anthropic.com", ClientKind.FIRST_PARTY, True, (call,)))
            return None
        f = call.func
        if isinstance(f, ast.Attribute):
            if f.attr in self.BOTO3_INVOKE:
                model = self.value_string(self._boto3_arg(call, "modelId"))
                if model is None and f.attr.startswith("invoke_model"):
                    # a modelId from settings: the body of Claude's Messages API on Bedrock names it
                    model = "anthropic.claude" if self._anthropic_body(self._boto3_arg(call, "body")) else None
                if model is None or not is_claude_model(model):
                    return None
                made = self.producer(f.value, lambda c: self.value_string(call_arg(c, "service_name", 0)) == "bedrock-runtime")
                return RequestInfo(call, f.attr, ClientInfo("boto3 bedrock-runtime client", ClientKind.BEDROCK, True,
                                                            (made or call,)))
            if f.attr in ("post", "put", "request", "stream"):
                session = self.content_client(f.value)
                if session is not None and session.name in self._HTTP_CLIENTS:
                    url = call_arg(call, "url", 1 if f.attr in ("request", "stream") else 0)
                    text = self.value_string(url) or self._url_text(url)
                    base = self.value_string(session.kwarg("base_url")) or ""
                    path = _anthropic_path(text) or (_anthropic_path(base + text) if base and text else None)
                    if path is not None:
                        return RequestInfo(call, f"POST {path}", ClientInfo(
                            "raw HTTP to api.anthropic.com", ClientKind.FIRST_PARTY, True, session.calls + (call,)))
                    return None
            parts: list[str] = []
            node: ast.AST = f
            while isinstance(node, ast.Attribute):
                if node.attr not in _TRANSPARENT:
                    parts.append(node.attr)
                node = node.value
                path = ".".join(reversed(parts))
                if path in REQUEST_METHODS or path in self.COMPAT_METHODS:
                    info = self.content_client(node)
                    if info is not None and not info.wrapper:
                        return RequestInfo(call, path, info)
            info = self.content_client(f.value)
            if info is not None and info.wrapper:
                if info.name == "pydantic-ai Agent":
                    return RequestInfo(call, f.attr, info) if f.attr in self.AGENT_RUN_METHODS else None
                if info.name == "ClaudeSDKClient":
                    return RequestInfo(call, f.attr, info) if f.attr == "query" else None
                if f.attr in WRAPPER_REQUEST_METHODS and info.name not in self._HTTP_CLIENTS \
                        and info.name != "boto3 bedrock-runtime client":
                    return RequestInfo(call, f.attr, info)
            return None
        # a wrapper object called directly: dspy ``lm("...")``, a dspy module ``qa(question=...)``
        info = self.content_client(f)
        if info is not None and info.wrapper and (info.name == "LM" or info.name.startswith("dspy.")):
            return RequestInfo(call, "__call__", info)
        return None

    def _url_text(self, expr: ast.AST | None) -> str:
        """The constant text of an f-string URL with unknown parts as ``{}``."""
        if isinstance(expr, ast.Name):
            assigns, iters, _s, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None:
                return self._url_text(assigns[0])
            if not assigns and expr.id in self.r.constants:
                return self._url_text(self.r.constants[expr.id])
            return ""
        if isinstance(expr, ast.JoinedStr):
            out = []
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    out.append(str(part.value))
                else:
                    v = self.value_string(part.value) if isinstance(part, ast.FormattedValue) else None
                    out.append(v if v is not None else "{}")
            return "".join(out)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return (self.value_string(expr.left) or self._url_text(expr.left)) + (
                self.value_string(expr.right) or self._url_text(expr.right))
        return self.value_string(expr) or ""

    #: keyword arguments that carry content, by request shape (see :meth:`request_content`)
    SDK_CONTENT = ("messages", "system", "tools", "prompt", "requests", "initial_events", "events", "file",
                   "files", "extra_body")
    WRAPPER_SETTINGS = frozenset({"config", "stop", "callbacks", "tags", "metadata", "run_name", "run_id", "model",
                                  "model_settings", "usage_limits", "deps", "output_type", "builtin_tools",
                                  "toolsets", "temperature", "max_tokens", "timeout", "stream", "infer_name",
                                  "event_stream_handler", "options", "session_id"})

    def request_content(self, req: RequestInfo) -> list[tuple[str, ast.expr]]:
        """The arguments of a request that carry content to the model, as ``(name,
        expression)``: ``messages``/``system``/``tools``/``prompt`` of SDK methods, batch
        ``requests``, Managed Agents ``events``/``initial_events``/``system``,
        ``files.upload(file=...)``, a ``**splat``; positional and content keywords of wrapper
        calls (``llm.invoke(x)``, ``agent.run(prompt)`` plus the Agent's ``system_prompt``,
        ``lm(...)``); litellm ``messages``; raw HTTP ``json=``/``data=``/``content=``;
        boto3 ``body=`` / ``messages=``/``system=``."""
        from .python import call_arg

        call, method, client = req.call, req.method, req.client
        out: list[tuple[str, ast.expr]] = []

        def kwargs(names) -> None:
            for kw in call.keywords:
                if kw.arg in names:
                    out.append((kw.arg, kw.value))
                elif kw.arg is None:
                    out.append(("**" + _short_src(kw.value), kw.value))

        if method.startswith("POST "):
            kwargs(("json", "data", "content", "body"))
            if self.r.qualname(call.func) == "urllib.request.Request" and len(call.args) > 1:
                out.append(("data", call.args[1]))
        elif method in self.BOTO3_INVOKE:
            kwargs(("body", "messages", "system", "toolConfig"))
        elif client is None or method.startswith("litellm."):
            kwargs(("messages", "prompt", "system", "tools", "input"))
            if len(call.args) > 1 and not method.startswith("litellm.anthropic"):
                out.append(("messages", call.args[1]))
        elif not client.wrapper:
            kwargs(self.SDK_CONTENT)
            if method in ("files.upload", "beta.files.upload", "skills.create", "beta.skills.create") and call.args:
                out.append(("file", call.args[0]))
        else:
            for i, a in enumerate(call.args):
                out.append((f"argument {i + 1}", a.value if isinstance(a, ast.Starred) else a))
            for kw in call.keywords:
                if kw.arg is None:
                    out.append(("**" + _short_src(kw.value), kw.value))
                elif kw.arg not in self.WRAPPER_SETTINGS:
                    out.append((kw.arg, kw.value))
            if client.name == "pydantic-ai Agent":
                for name in ("system_prompt", "instructions"):
                    v = call_arg(client.constructor, name)
                    if v is not None:
                        out.append((f"the Agent's {name}", v))
        return out

    def request_settings(self, req: RequestInfo) -> list[ast.expr]:
        """Everything else that configures a request (see :meth:`request_setting_items`)."""
        return [expr for _name, expr in self.request_setting_items(req)]

    def request_setting_items(self, req: RequestInfo) -> list[tuple[str | None, ast.expr]]:
        """Everything else that configures a request, as ``(keyword or None, expression)``:
        its other arguments, the arguments of the calls that built its client (constructor,
        ``with_options``, ``bind_tools`` …), and for Managed Agents the session and agent
        behind ``sessions.events.send`` / ``sessions.create`` when they are visible in the
        file (``agent=agent.id`` → the ``agents.create(...)`` call's arguments)."""
        from .python import call_arg

        content = {id(e) for _n, e in self.request_content(req)}
        out: list[tuple[str | None, ast.expr]] = []

        def add(call: ast.Call, skip: set[int] = frozenset()) -> None:
            out.extend((None, a) for a in call.args if id(a) not in skip)
            out.extend((kw.arg, kw.value) for kw in call.keywords if id(kw.value) not in skip)

        add(req.call, content)
        if req.client is not None:
            for c in req.client.calls:
                if c is not req.call:
                    add(c)

        def method_is(*methods: str):
            return lambda c: (self.request(c) or RequestInfo(c, "", None)).method in methods

        if req.method in ("beta.sessions.events.send", "beta.sessions.create"):
            session: ast.Call | None = req.call
            if req.method == "beta.sessions.events.send":
                sid = call_arg(req.call, "session_id", 0)
                if isinstance(sid, ast.Attribute) and sid.attr == "id":
                    sid = sid.value
                session = self.producer(sid, method_is("beta.sessions.create"))
                if session is not None:
                    add(session)
            agent = call_arg(session, "agent") if session is not None else None
            if agent is not None:
                ref = agent.value if isinstance(agent, ast.Attribute) and agent.attr == "id" else agent
                made = self.producer(ref, method_is("beta.agents.create", "beta.agents.update"))
                if made is not None:
                    add(made)
        return out

    def request_provider(self, req: RequestInfo) -> ClientKind | None:
        """Who serves the request: the client's kind, refined where a wrapper decides by its
        arguments (llama-index ``Anthropic(aws_region=...)`` → Bedrock, ``region=``/
        ``project_id=`` → Vertex; litellm / dspy / instructor model strings).  None when the
        route is a third-party host or unknown."""
        from .python import call_arg

        client = req.client
        if client is None:
            if req.method.startswith("litellm.anthropic"):
                return ClientKind.FIRST_PARTY
            return _route_kind(self.value_string(call_arg(req.call, "model", 0)) or "", "litellm")
        if client.name == "Anthropic" and (self.r.qualname(client.constructor.func) or "").startswith("llama_index"):
            if client.kwarg("aws_region") is not None:
                return ClientKind.BEDROCK
            if client.kwarg("region") is not None or client.kwarg("project_id") is not None:
                return ClientKind.VERTEX
        if client.kind is None:
            ctor = client.constructor
            model = self.value_string(call_arg(ctor, "model", 0)) or ""
            return _route_kind(model, "litellm")
        return client.kind

    def client_key_env(self, req: RequestInfo) -> tuple[str, tuple[str, ...]]:
        """Where the credential of a first-party request comes from: ``("env", names)`` for
        ``api_key=os.environ["X"]`` (through variables, constants, ``os.getenv`` defaults),
        ``("implicit", names)`` when the client reads its key variable by itself
        (``ANTHROPIC_API_KEY`` for ``Anthropic`` and the wrappers, ``ANTHROPIC_AWS_API_KEY``
        for ``AnthropicAWS``; none for ``AnthropicGoogleCloud``), ``("literal", ())`` and
        ``("unknown", ())`` otherwise.  Raw HTTP: the ``x-api-key``/``Authorization`` header."""
        from .python import call_arg

        client = req.client
        calls: tuple[ast.Call, ...] = client.calls if client is not None else (req.call,)
        key_args = ("api_key", "auth_token", "anthropic_api_key")
        if client is not None and client.name == "raw HTTP to api.anthropic.com":
            for c in calls:
                headers = call_arg(c, "headers")
                m = self.mapping(headers)
                if isinstance(m, ast.Dict):
                    for k, v in zip(m.keys, m.values):
                        if (self.value_string(k) or "").lower() in ("x-api-key", "authorization", "api-key"):
                            return self._key_origin(v)
                elif headers is not None:
                    return "unknown", ()
            return "unknown", ()
        explicit = None
        for c in reversed(calls):
            for name in key_args:
                v = call_arg(c, name)
                if v is not None:
                    explicit = v
                    break
            if explicit is not None:
                break
        if explicit is None and client is not None and client.name == "pydantic-ai Agent":
            pc = self.producer(call_arg(client.constructor, "model", 0),
                               lambda c: (self.r.qualname(c.func) or "").endswith("AnthropicProvider"))
            if pc is not None:
                inner = call_arg(pc, "anthropic_client")
                if inner is not None:
                    sub = self.client(inner)
                    if sub is not None:
                        return self.client_key_env(RequestInfo(req.call, req.method, sub))
                explicit = call_arg(pc, "api_key")
        if explicit is not None:
            return self._key_origin(explicit)
        name = client.name if client is not None else ""
        if any(kw.arg in ("credentials", "profile", "config") for c in calls for kw in c.keywords):
            return "unknown", ()
        if name in ("AnthropicGoogleCloud", "AsyncAnthropicGoogleCloud"):
            return "implicit", ()
        if name in ("AnthropicAWS", "AsyncAnthropicAWS"):
            return "implicit", ("ANTHROPIC_AWS_API_KEY",)
        return "implicit", ("ANTHROPIC_API_KEY",)

    def _key_origin(self, expr: ast.AST) -> tuple[str, tuple[str, ...]]:
        if isinstance(expr, ast.JoinedStr):  # f"Bearer {key}"
            names: list[str] = []
            for part in expr.values:
                if isinstance(part, ast.FormattedValue):
                    how, found = self._key_origin(part.value)
                    if how in ("literal", "unknown"):
                        return how, ()
                    names.extend(found)
            return ("env", tuple(names)) if names else ("literal", ())
        o = self.value_origin(expr)
        if o.source in (ENV, ENV_DEFAULT):
            return "env", (o.name,)
        if o.source == ENV_SET:
            return "env", (o.name,)
        if o.value is not None:
            return "literal", ()
        return "unknown", ()

def tree_nodes(tree: ast.AST) -> list[ast.AST] | Iterable[ast.AST]:
    """Every node of ``tree`` in ``ast.walk`` order.  A module's list is built once and
    kept on the tree: a dozen rules and resolvers each scanned the whole file with
    ``ast.walk``, and on a Claude-heavy tree those repeated walks were a third of the run."""
    if not isinstance(tree, ast.Module):
        return ast.walk(tree)
    nodes = tree.__dict__.get("_claude_lint_nodes")
    if nodes is None:
        nodes = tree.__dict__["_claude_lint_nodes"] = list(ast.walk(tree))
    return nodes


def iter_calls(tree: ast.AST) -> Iterable[ast.Call]:
    return (n for n in tree_nodes(tree) if isinstance(n, ast.Call))


def _merge_lines(chain: list[tuple[ast.AST, str]]) -> list[tuple[ast.AST, str]]:
    """Steps of a traced path (source first): undescribed steps are dropped and consecutive
    described steps on one line become the first of them; the first step (the source) and
    the last (``expr``) are always kept."""
    if len(chain) <= 1:
        return chain
    out: list[tuple[ast.AST, str]] = [chain[0]]
    for node, msg in chain[1:-1]:
        if msg and getattr(node, "lineno", 0) != getattr(out[-1][0], "lineno", 0):
            out.append((node, msg))
    out.append(chain[-1])
    return out


def _short_src(node: ast.AST) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # pragma: no cover
        return "..."
    return text if len(text) <= 30 else text[:27] + "..."


def _anthropic_path(url: str | None) -> str | None:
    """``/v1/messages`` … for a URL of the first-party API that sends content, else None."""
    if not url:
        return None
    import re

    m = re.match(r"(?i)^(?:https?://)?api\.anthropic\.com(/v1/(?:messages(?:/batches|/count_tokens)?|complete|files))\b", url)
    return m.group(1) if m else None


def _route_kind(model: str, library: str) -> ClientKind | None:
    """The provider a wrapper's model string routes to (litellm, dspy, instructor)."""
    low = model.strip().lower()
    if "claude" not in low:
        return None
    if low.startswith("azure_ai/") or low.startswith("azure/"):
        return ClientKind.FOUNDRY
    from ..residency import BEDROCK, FIRST_PARTY, VERTEX, model_route

    route = model_route(model, library)
    if route == FIRST_PARTY:
        return ClientKind.FIRST_PARTY
    if route in (BEDROCK, "bedrock_mantle"):
        return ClientKind.BEDROCK
    if route == VERTEX:
        return ClientKind.VERTEX
    return None


def _langchain_provider_kind(model: str, provider: str) -> ClientKind | None:
    if ":" in model and not provider:
        provider, model = model.split(":", 1)
    provider = provider.lower()
    if provider == "anthropic" or (not provider and model.lower().startswith("claude")):
        return ClientKind.FIRST_PARTY
    if provider in ("anthropic_bedrock", "bedrock", "bedrock_converse") and "claude" in model.lower():
        return ClientKind.BEDROCK
    if provider == "google_anthropic_vertex":
        return ClientKind.VERTEX
    return None


__all__ = ["Facts", "ClientInfo", "RequestInfo", "ValueOrigin", "Sink", "REQUEST_METHODS", "CLIENT_CLASSES",
           "RESPONSE", "PROMPT", "RESPONSE_METADATA", "PRINT", "LOG", "WARNING", "EXCEPTION", "TELEMETRY",
           "notebook_display_sink"]
