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
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                info = self.request(node)
                if info is not None:
                    yield info

    # ------------------------------------------------------------------ labels
    def labels(self, expr: ast.AST | None, source: Callable[[ast.AST], frozenset[str]], _seen: set | None = None,
               _depth: int = 0) -> frozenset[str]:
        """The labels an expression carries: ``source(node)`` for the node itself, plus what
        flows into it through names, operators, containers and calls of this module."""
        if expr is None or _depth > 40:
            return frozenset()
        seen = _seen if _seen is not None else set()
        key = id(expr)
        if key in seen:
            return frozenset()
        seen.add(key)
        out = set(source(expr))

        def sub(e):
            out.update(self.labels(e, source, seen, _depth + 1))

        if isinstance(expr, ast.Name):
            assigns, iters, scope, _param = self.lookup(expr.id, self.scope(expr))
            for v in (*assigns, *iters):
                sub(v)
        elif isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
                klass = self.scope(expr).klass
                if klass is not None:
                    for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []):
                        sub(v)
            sub(expr.value)
        elif isinstance(expr, ast.Subscript):
            sub(expr.value)
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
            # x.format(...), "".join(x), x.strip(), obj.method(...): the receiver and the arguments
            sub(func.value)
        for a in call.args:
            sub(a)
        for kw in call.keywords:
            sub(kw.value)
        del q

    def parameter_sources(self, fn: ast.AST) -> dict[str, list[ast.expr]]:
        """For a function of this module, the argument expressions passed to each of its
        parameters at call sites in this file (for inter-procedural propagation)."""
        out: dict[str, list[ast.expr]] = {}
        if isinstance(fn, ast.Lambda):
            return out
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        for node in ast.walk(self.tree):
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

        for node in ast.walk(self.tree):
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

    def producer(self, expr: ast.AST | None, match: Callable[[ast.Call], bool], _depth: int = 0) -> ast.Call | None:
        """The call that produced the value of ``expr`` and satisfies ``match`` (e.g. a
        ``boto3.client("bedrock-runtime")`` call), following names, ``self.x`` set in the
        class, ``await``, ``with ... as x`` and factory functions of this module."""
        if expr is None or _depth > 12:
            return None
        if isinstance(expr, ast.Await):
            return self.producer(expr.value, match, _depth + 1)
        if isinstance(expr, ast.Call):
            if match(expr):
                return expr
            fn = self._called_function(expr)
            if fn is not None:
                for ret in self.scopes[fn].returns:
                    found = self.producer(ret, match, _depth + 1)
                    if found is not None:
                        return found
            return None
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            for value in (*assigns, *iters):
                found = self.producer(value, match, _depth + 1)
                if found is not None:
                    return found
            return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            for value, _s in self.class_attrs.get(klass, {}).get(expr.attr, []) if klass is not None else ():
                found = self.producer(value, match, _depth + 1)
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

    def memo(self, key: str, factory: Callable[[], object]) -> object:
        """A per-file result shared by several rules (computed once)."""
        store = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = factory()
        return store[key]


def iter_calls(tree: ast.AST) -> Iterable[ast.Call]:
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call))


__all__ = ["Facts", "ClientInfo", "RequestInfo", "ValueOrigin", "REQUEST_METHODS", "CLIENT_CLASSES"]
