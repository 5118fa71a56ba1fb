"""Clients: which expression is a Claude client or a wrapper object, and the calls
that configured it."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, cast

from ..model import ClientKind
from ..surface import (
    AGENT_GRAPH_BUILDERS,
    DERIVATIONS,
    DSPY_MODULES,
    HTTP_CLIENTS,
    INIT_CHAT_MODEL,
    STATE_GRAPH_CLASSES,
    WRAPPER_REQUEST_FUNCTIONS,
    WRAPPERS,
    client_class,
    init_chat_model_target,
    is_claude_model,
    langchain_chain,
)
from ..surface.clients import Wrapper
from ..surface.places import BEDROCK, FIRST_PARTY, VERTEX, bedrock_model, model_route
from .imports import Resolver, call_arg
from .remote import RemoteClass, RemoteClient, RemoteFunction, RemoteInstance, dotted_name
from .syntax import tree_nodes
from .values import ValuesMixin


@dataclass(frozen=True)
class ClientInfo:
    """A Claude client or wrapper object, and the calls that configured it."""

    name: str  # class or wrapper name, e.g. "AnthropicVertex", "ChatAnthropic"
    kind: ClientKind | None
    wrapper: bool
    #: the constructor call, then each with_options()/copy() applied, oldest first
    calls: tuple[ast.Call, ...]
    #: set when the client is built in another module of the repository (``from .llm import
    #: client``, ``get_client()``) or the request is a call of a helper there that sends its
    #: arguments to Claude: ``calls`` then holds a stand-in call at the place of use, and the
    #: construction's own rules judged it in its own module
    remote: RemoteClient | RemoteFunction | None = None
    #: set when the object may reach Claude but the code does not show it: a generic Bedrock
    #: class whose model id is not known here (see :meth:`ClientsMixin.possible_claude_model`)
    maybe: str = ""

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


def maybe_claude_note(info: ClientInfo) -> str:
    """The sentence a content finding on a request of a "may be Claude" model carries (it is
    low confidence), naming the Claude options seen; "" for a model known to be Claude."""
    if not info.maybe:
        return ""
    # possible_claude_model's reason ends with the ids the module names ("…: X and 3 more")
    options = info.maybe.rsplit("Claude models: ", 1)[-1]
    return (
        f"Its model is chosen at run time among options that include Claude ({options}), "
        "so it may not be Claude: low confidence."
    )


def route_kind(model: str, library: str) -> ClientKind | None:
    """The provider a wrapper's model string routes to (litellm, dspy, instructor)."""
    low = model.strip().lower()
    if "claude" not in low:
        return None
    if low.startswith(("azure_ai/", "azure/")):
        return ClientKind.FOUNDRY

    route = model_route(model, library)
    if route == FIRST_PARTY:
        return ClientKind.FIRST_PARTY
    if route in (BEDROCK, "bedrock_mantle"):
        return ClientKind.BEDROCK
    if route == VERTEX:
        return ClientKind.VERTEX
    return None


def _short_name(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


_UNSET: Any = object()  # a lazily computed attribute not computed yet


class ClientsMixin(ValuesMixin):
    """The clients part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._client_cache: dict[int, ClientInfo | None] = {}
        self._content_clients: dict[int, ClientInfo | None] = {}
        self._dspy_lm: ClientInfo | object | None = _UNSET
        self._remote_classes: dict[int, RemoteClass | None] = {}
        self._remote_bases: dict[int, RemoteClass | None] = {}

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
        if isinstance(expr, ast.Call):
            q = self.r.qualname(expr.func)
            cc = client_class(q)
            if cc is not None:
                return ClientInfo(cc.name, cc.kind, False, (expr,))
            w = WRAPPERS.get(q or "")
            if w is not None and q not in WRAPPER_REQUEST_FUNCTIONS:
                if w.needs_claude_model and not self._claude_model_arg(expr, w.model_args):
                    return None
                return ClientInfo((q or "").rsplit(".", 1)[-1], w.kind, True, (expr,))
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("with_options", "copy"):
                base = self.client(expr.func.value, depth + 1)
                if base is not None:
                    return ClientInfo(base.name, base.kind, base.wrapper, (*base.calls, expr))
                return None
        # a factory function or method of this module, a name, a parameter (its default and
        # the arguments of the file's call sites), ``self.x``
        for value in self.held(expr):
            info = self.client(value, depth + 1)
            if info is not None:
                return info
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            if param is not None and param.annotation is not None:
                info = self._client_from_annotation(param.annotation)
                if info is not None:
                    return info
            if not assigns and not iters and param is None:
                return self._remote_client(expr, wrapper=False)  # an imported name
            if param is not None and not assigns and not iters:
                return self._injected_client(expr, param, wrapper=False)
            return None
        if isinstance(expr, (ast.Call, ast.Subscript)) or (
            isinstance(expr, ast.Attribute)
            and not (isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"))
        ):
            # ``get_client()``, ``llm.client``, ``CLIENTS[region]`` of another module
            return self._remote_client(expr, wrapper=False)
        if isinstance(expr, ast.Attribute):
            return self._inherited_client(expr, wrapper=False)
        return None

    def _inherited_client(self, expr: ast.Attribute, *, wrapper: bool) -> ClientInfo | None:
        """``self.client`` set by a base class of another module (``class Doctor(BaseLLM)``
        whose ``BaseLLM.__init__`` builds the client), when this file assigns it nowhere."""
        klass = self.remote_class(expr.value)
        found = klass.client(expr.attr) if klass is not None else None
        if found is None or (found.wrapper and not wrapper) or found.items:
            return None
        fake = ast.Call(func=expr, args=[], keywords=[])
        ast.copy_location(fake, expr)
        return ClientInfo(found.name, found.kind, found.wrapper, (fake,), found)

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

    def _claude_model_arg(self, call: ast.Call, model_args: tuple[str | int, ...]) -> bool:

        for spec in model_args:
            v = call_arg(call, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
            value = self.value_string(v)
            if value is not None:
                return is_claude_model(value)
        return False

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
        cache = self._content_clients
        key = id(expr)
        if key in cache:
            return cache[key]
        cache[key] = None
        info = self._content_client(expr, _depth)
        cache[key] = info
        return info

    def _content_client(self, expr: ast.AST, depth: int) -> ClientInfo | None:

        if not isinstance(expr, ast.Call):
            for v in self.held(expr):
                info = self.content_client(v, depth + 1)
                if info is not None:
                    return info
            if isinstance(expr, ast.Name):
                assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
                if param is not None and param.annotation is not None:
                    info = self._wrapper_from_annotation(param.annotation)
                    if info is not None:
                        return info
                if not assigns and not iters and param is None:
                    return self._remote_client(expr, wrapper=True)  # an imported name
                if param is not None and not assigns and not iters:
                    return self._injected_client(expr, param, wrapper=True)
                return None
            if isinstance(expr, ast.Subscript) or (
                isinstance(expr, ast.Attribute)
                and not (isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"))
            ):
                return self._remote_client(expr, wrapper=True)
            if isinstance(expr, ast.Attribute):
                return self._inherited_client(expr, wrapper=True)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):  # prompt | llm | parser
            return self.content_client(expr.left, depth + 1) or self.content_client(expr.right, depth + 1)
        if not isinstance(expr, ast.Call):
            return None
        q = self.r.qualname(expr.func) or ""
        f = expr.func
        if isinstance(f, ast.Attribute) and f.attr in DERIVATIONS:
            inner = self.content_client(f.value, depth + 1)
            if inner is not None:
                # a model built in another module keeps pointing there (its region is set there)
                return ClientInfo(inner.name, inner.kind, inner.wrapper, (*inner.calls, expr), inner.remote)
            return None
        if q.endswith(("RunnableSequence", "LLMChain", "ConversationChain")) or langchain_chain(q) is not None:
            for a in (*expr.args, *(kw.value for kw in expr.keywords)):
                info = self.content_client(a, depth + 1)
                if info is not None:
                    return ClientInfo(info.name, info.kind, True, (*info.calls, expr))
            return None
        if q in ("instructor.from_anthropic", "instructor.patch", "instructor.apatch", "instructor.from_litellm"):
            arg = call_arg(expr, "client", 0)
            inner = self.client(arg)
            if inner is None and isinstance(arg, ast.Attribute):
                # an SDK client held by an object of another module's class
                # (``instructor.from_anthropic(self._client.client)``)
                held = self.content_client(arg, depth + 1)
                inner = held if held is not None and not held.wrapper else None
            if inner is None:
                return None
            return ClientInfo(f"instructor ({inner.name})", inner.kind, False, (*inner.calls, expr), inner.remote)
        if q == "instructor.from_provider":
            model = self.value_string(call_arg(expr, "model", 0)) or ""
            kind = route_kind(model, "instructor")
            return ClientInfo("instructor.from_provider", kind, False, (expr,)) if kind is not None else None
        if q in AGENT_GRAPH_BUILDERS:
            # an agent graph around a chat model (langgraph create_react_agent, langchain
            # create_agent): its invoke/stream calls are requests to that model
            model_expr = call_arg(expr, "model", 0)
            text = self.value_origin(model_expr).value
            if text is not None:
                target = init_chat_model_target(text, None)
                if target is None:
                    return None
                return ClientInfo(_short_name(target[0]), WRAPPERS[target[0]].kind, True, (expr,))
            inner = self.content_client(model_expr, depth + 1) if model_expr is not None else None
            if inner is None or inner.kind is None or not inner.wrapper:
                return None
            return ClientInfo(inner.name, inner.kind, True, (*inner.calls, expr))
        if q in INIT_CHAT_MODEL:
            # a value that can reach the call counts: a literal, a constant, the default of
            # os.getenv("MODEL_PROVIDER", "anthropic")
            model_value = self.value_origin(call_arg(expr, "model", 0)).value
            provider_expr = call_arg(expr, "model_provider")
            provider = self.value_origin(provider_expr).value
            target = init_chat_model_target(
                model_value, provider, provider_unknown=provider_expr is not None and provider is None
            )
            if target is None:
                return None
            return ClientInfo("init_chat_model", WRAPPERS[target[0]].kind, True, (expr,))
        if q in ("pydantic_ai.Agent", "pydantic_ai.agent.Agent"):
            kind = self._pydantic_model_kind(call_arg(expr, "model", 0))
            return ClientInfo("pydantic-ai Agent", kind, True, (expr,)) if kind is not None else None
        if q in ("claude_agent_sdk.ClaudeSDKClient",):
            return ClientInfo("ClaudeSDKClient", ClientKind.FIRST_PARTY, True, (expr,))
        if q in ("openai.OpenAI", "openai.AsyncOpenAI"):
            url = self.value_string(call_arg(expr, "base_url")) or ""
            if "api.anthropic.com" in url:
                return ClientInfo(
                    "OpenAI-compatible client of api.anthropic.com", ClientKind.FIRST_PARTY, False, (expr,)
                )
            return None
        if q == "boto3.client" or (isinstance(f, ast.Attribute) and f.attr == "client"):
            if self.value_string(self.boto3_arg(expr, "service_name", 0)) == "bedrock-runtime":
                return ClientInfo("boto3 bedrock-runtime client", ClientKind.BEDROCK, True, (expr,))
            return None
        if q in HTTP_CLIENTS:
            return ClientInfo(q, None, True, (expr,))
        if q.startswith("dspy.") and q.rsplit(".", 1)[-1] in DSPY_MODULES:
            lm = self._dspy_configured_lm()
            if lm is not None:
                return ClientInfo(f"dspy.{q.rsplit('.', 1)[-1]}", lm.kind, True, (*lm.calls, expr))
            return None
        if isinstance(f, ast.Attribute) and f.attr == "compile":
            graph = self._state_graph(expr)
            if graph is not None:
                return graph
        chain = self._module_chain(expr, depth)
        if chain is not None:
            return chain
        for ret in self.held(expr):
            info = self.content_client(ret, depth + 1)
            if info is not None:
                return info
        return self._remote_client(expr, wrapper=True)

    # ------------------------------------------------------------------ reach
    def _remote_client(self, expr: ast.AST, *, wrapper: bool) -> ClientInfo | None:
        """A client built in another module of the repository: an imported name bound to
        one (``from .llm import client``, ``llm.client``) or a call of an imported factory
        (``get_client()``).  ``wrapper``: wrapper objects count too (:meth:`content_client`)."""
        remote = self.remote
        if remote is None:
            return None
        at: ast.expr = expr.func if isinstance(expr, ast.Call) else expr  # type: ignore[assignment]
        if isinstance(expr, ast.Subscript):
            at = expr.value
        dotted = dotted_name(at)
        if dotted is None and not isinstance(expr, ast.Attribute):
            return None
        item = remote.resolve(dotted) if dotted is not None else None
        found: RemoteClient | None = None
        if item is None and isinstance(expr, ast.Attribute):
            # ``LLM().llm`` / ``llm.llm`` with ``llm = LLM()``: a client attribute of an
            # instance of another module's class (read from the name's one assignment, not
            # through :meth:`remote_class`, whose cycle guard must not be met from here)
            base: ast.AST | None = expr.value
            if isinstance(base, ast.Name):
                assigns, iters, _s, param = self.lookup(base.id, self.scope(base))
                base = assigns[0] if len(assigns) == 1 and not iters and param is None else None
            made_by = [base] if isinstance(base, ast.Call) else []
            if (
                isinstance(base, ast.Attribute)
                and isinstance(base.value, ast.Name)
                and base.value.id in ("self", "cls")
            ):
                # ``self._client.client`` with ``self._client = aws.ClaudeLlm(model)`` (one branch of several)
                made_by = [v for v in self.held(base) if isinstance(v, ast.Call)]
            for call in made_by:
                made = dotted_name(call.func)
                klass = remote.resolve(made) if made is not None else None
                item = klass.client(expr.attr) if isinstance(klass, RemoteClass) else None
                if item is not None:
                    break
        if isinstance(item, RemoteClient) and isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript)):
            # a container of clients is one only through an entry (``CLIENTS[region]``)
            found = item if item.items == isinstance(expr, ast.Subscript) else None
        elif isinstance(item, RemoteFunction) and isinstance(expr, ast.Call):
            found = item.returns_client
        if found is None or (found.wrapper and not wrapper):
            return None
        fake = ast.Call(func=at, args=[], keywords=[])
        ast.copy_location(fake, expr)
        return ClientInfo(found.name, found.kind, found.wrapper, (fake,), found)

    def _injected_client(self, expr: ast.Name, param: ast.arg, *, wrapper: bool) -> ClientInfo | None:
        """The Claude client or model other modules of the repository pass to a parameter
        of a top-level function or of a top-level class's ``__init__`` (``ChatGraph(llm)``
        built with a Claude model by a composition root): asked of the project
        (``remote.injected_client``), only when the file's own call sites pass nothing known."""
        ask = getattr(self.remote, "injected_client", None)
        if ask is None:
            return None
        _a, _i, scope, _p = self.lookup(expr.id, self.scope(expr))
        fn = scope.node if scope is not None else None
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        klass = scope.klass if scope is not None else None
        if klass is not None and klass in self.tree.body and fn in klass.body:
            owner = f"{klass.name}.{fn.name}"
            names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)][1:]
        elif fn in self.tree.body:
            owner = fn.name
            names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        else:
            return None
        cls = klass if klass is not None and fn.name == "__init__" else None
        found = ask(
            owner,
            param.arg,
            names.index(param.arg) if param.arg in names else -1,
            (lambda: self._forwarding_methods(cls, param.arg)) if cls is not None else None,
        )
        if not isinstance(found, RemoteClient) or (found.wrapper and not wrapper):
            return None
        fake = ast.Call(func=ast.Name(id=expr.id, ctx=ast.Load()), args=[], keywords=[])
        ast.copy_location(fake, expr)
        ast.copy_location(fake.func, expr)
        return ClientInfo(found.name, found.kind, found.wrapper, (fake,), found)

    def _forwarding_methods(self, klass: ast.ClassDef, param: str) -> frozenset[str]:
        """The methods of ``klass`` that use an attribute ``__init__`` sets from ``param`` and
        take arguments: a caller calling one of them passes what they send (the finding is
        that caller's, through the class's summary), so the model it gives is not the
        class's own concern."""
        attrs = {
            attr
            for attr, values in self.class_attrs.get(klass, {}).items()
            if any(isinstance(n, ast.Name) and n.id == param for v, _s in values for n in ast.walk(v))
        }
        out: set[str] = set()
        for member in klass.body:
            if not isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) or member.name == "__init__":
                continue
            if len(member.args.args) + len(member.args.posonlyargs) + len(member.args.kwonlyargs) < 2:
                continue
            if any(
                isinstance(n, ast.Attribute)
                and n.attr in attrs
                and isinstance(n.value, ast.Name)
                and n.value.id == "self"
                for n in ast.walk(member)
            ):
                out.add(member.name)
        return frozenset(out)

    def remote_class(self, expr: ast.AST | None, _depth: int = 0) -> RemoteClass | None:
        """The class of another module of the repository an expression is an instance of:
        ``BedrockClient(...)``, ``self.bedrock_client`` set to ``bedrock_client or
        BedrockClient()``, a parameter annotated ``BedrockClient``, an imported module-level
        instance (``from .config import settings``)."""
        if self.remote is None or expr is None or _depth > 8:
            return None
        cache = self._remote_classes
        key = id(expr)
        if key in cache:
            return cache[key]
        cache[key] = None  # cycle guard (``x = x.wrap()``, names assigned from each other)
        found = cache[key] = self._remote_class(expr, _depth)
        return found

    def _remote_class(self, expr: ast.AST, _depth: int) -> RemoteClass | None:
        remote = self.remote
        if remote is None or expr is None or _depth > 8:
            return None
        if isinstance(expr, (ast.BoolOp, ast.IfExp)):
            values = expr.values if isinstance(expr, ast.BoolOp) else [expr.body, expr.orelse]
            for v in values:
                found = self.remote_class(v, _depth + 1)
                if found is not None:
                    return found
            return None
        if isinstance(expr, ast.Await):
            return self.remote_class(expr.value, _depth + 1)
        if isinstance(expr, ast.Call):
            dotted = dotted_name(expr.func)
            item = remote.resolve(dotted) if dotted is not None else None
            if isinstance(item, RemoteClass):
                return item
            if isinstance(item, RemoteFunction):
                return item.returns_instance
            return None
        if isinstance(expr, ast.Name):
            if expr.id in ("self", "cls"):
                return self._remote_base(self.scope(expr).klass)
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            for v in assigns:
                found = self.remote_class(v, _depth + 1)
                if found is not None:
                    return found
            if param is not None:
                ann = param.annotation
                if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
                    try:
                        ann = ast.parse(ann.value, mode="eval").body
                    except SyntaxError:
                        return None
                while isinstance(ann, ast.Subscript):  # Optional[BedrockClient]
                    ann = ann.slice
                if isinstance(ann, ast.BinOp):  # BedrockClient | None
                    ann = ann.left
                dotted = dotted_name(ann) if ann is not None else None
                item = remote.resolve(dotted) if dotted is not None else None
                if isinstance(item, RemoteClass):
                    return item
                for v in self.parameter_values(expr):  # its default, the file's call sites' arguments
                    found = self.remote_class(v, _depth + 1)
                    if found is not None:
                        return found
                return None
            if assigns or iters:
                return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []) if klass is not None else ():
                found = self.remote_class(v, _depth + 1)
                if found is not None:
                    return found
            return None
        dotted = dotted_name(expr)
        item = remote.resolve(dotted) if dotted is not None else None
        if isinstance(item, RemoteInstance):
            return item.klass
        return None

    def _remote_base(self, klass: ast.ClassDef | None) -> RemoteClass | None:
        """The first base class of ``klass`` (or of its bases in this file) defined in another
        module of the repository: what ``self`` inherits from there (its methods that send,
        its client attributes)."""
        if klass is None:
            return None
        memo = self._remote_bases
        if id(klass) not in memo:
            memo[id(klass)] = self._find_remote_base(klass)
        return memo[id(klass)]

    def _find_remote_base(self, klass: ast.ClassDef) -> RemoteClass | None:
        seen: set[int] = set()
        todo = [klass]
        classes = self.module_classes()
        while todo and self.remote is not None:
            k = todo.pop(0)
            if id(k) in seen or len(seen) > 8:
                continue
            seen.add(id(k))
            for b in k.bases:
                local = classes.get(b.id) if isinstance(b, ast.Name) else None
                if local is not None:
                    todo.append(local)
                    continue
                dotted = dotted_name(b)
                item = self.remote.resolve(dotted) if dotted is not None else None
                if isinstance(item, RemoteClass):
                    return item
        return None

    def _module_chain(self, call: ast.Call, depth: int) -> ClientInfo | None:
        """An instance of a chain class this module defines (a subclass of a langchain
        ``Chain``/``LLMChain``, built by ``Cls(...)`` or ``cls(...)`` in a classmethod) that is
        given a Claude model or chain: calling it sends its inputs to that model."""
        f = call.func
        klass: ast.ClassDef | None = None
        if isinstance(f, ast.Name) and f.id == "cls":
            klass = self.scope(call).klass
        elif isinstance(f, ast.Name) and f.id not in self.r.aliases:
            klass = self.module_classes().get(f.id)
        if klass is None or not self._chain_class(klass):
            return None
        for a in (*call.args, *(kw.value for kw in call.keywords)):
            info = self.content_client(a, depth + 1)
            if info is not None and info.wrapper and info.kind is not None:
                return ClientInfo(info.name, info.kind, True, (*info.calls, call))
        return None

    def _state_graph(self, compile_call: ast.Call) -> ClientInfo | None:
        """A compiled langgraph ``StateGraph`` one of whose nodes is given a Claude chat model
        (``builder.add_node("review", partial(review, llm))``, a chain or model as the node
        itself): running the graph sends its state to that model.  The builder is a name of
        the same scope built by ``StateGraph(...)`` (:data:`STATE_GRAPH_CLASSES`)."""
        builder = compile_call.func.value if isinstance(compile_call.func, ast.Attribute) else None
        if not isinstance(builder, ast.Name):
            return None
        made = self.producer(builder, lambda c: (self.r.qualname(c.func) or "") in STATE_GRAPH_CLASSES)
        if made is None:
            return None
        defining = self.lookup(builder.id, self.scope(builder))[2]
        for node in tree_nodes(self.tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_node"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == builder.id
                and self.lookup(builder.id, self.scope(node))[2] is defining
            ):
                continue
            for arg in (*node.args, *(kw.value for kw in node.keywords)):
                found = self._model_inside(arg, 0)
                if found is not None and found.wrapper:
                    return ClientInfo(found.name, found.kind, True, (*found.calls, compile_call))
        return None

    def _chain_class(self, klass: ast.ClassDef, _depth: int = 0) -> bool:
        for b in klass.bases:
            q = self.r.qualname(b) or ""
            if q.split(".")[0] in ("langchain", "langchain_core", "langchain_classic") and (
                q.endswith("Chain") or langchain_chain(q) is not None
            ):
                return True
            parent = self.module_classes().get(b.id) if isinstance(b, ast.Name) else None
            if parent is not None and parent is not klass and _depth < 3 and self._chain_class(parent, _depth + 1):
                return True
        return False

    def chain_model(self, call: ast.Call) -> ClientInfo | None:
        """The Claude chat model a langchain chain or agent is built on: an argument of the
        constructor that is one (``ConversationChain(llm=llm)``), or one inside an argument
        (``AgentExecutor(agent=create_react_agent(llm, tools, prompt))``, a list of chains),
        through the names that hold them, three levels deep.  A boto3 client or an HTTP
        session is not a chat model."""
        for arg in (*call.args, *(kw.value for kw in call.keywords)):
            found = self._model_inside(arg, 0)
            if found is not None:
                return found
        return None

    def _model_inside(self, expr: ast.AST, depth: int) -> ClientInfo | None:
        if depth > 3:
            return None
        if isinstance(expr, ast.Call):
            q = self.r.qualname(expr.func) or ""
            w = WRAPPERS.get(q)
            if w is not None and w.needs_claude_model and w.canonical.startswith("langchain"):
                maybe = self.possible_claude_model(expr, w)
                if maybe:
                    return ClientInfo(q.rsplit(".", 1)[-1], w.kind, True, (expr,), maybe=maybe)
        info = self.content_client(expr)
        if (
            info is not None
            and info.kind is not None
            and not info.name.startswith("boto3")
            and info.name not in HTTP_CLIENTS
        ):
            return info
        inner: list[ast.AST] = []
        if isinstance(expr, ast.Name):
            assigns, _iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            inner = list(assigns)
        elif isinstance(expr, ast.Call):
            inner = [*expr.args, *(kw.value for kw in expr.keywords)]
        elif isinstance(expr, (ast.List, ast.Tuple)):
            inner = list(expr.elts)
        for sub in inner:
            found = self._model_inside(sub, depth + 1)
            if found is not None:
                return found
        return None

    def possible_claude_model(self, call: ast.Call, w: Wrapper) -> str:
        """Why a generic Bedrock class (``ChatBedrock``, ``BedrockChat``, ``Bedrock``) whose
        model id the code does not show may still be Claude, or "": its model argument is a
        value this file cannot pin down (a parameter, a selectbox choice, a config lookup) and
        the module itself names Claude model ids on Bedrock (the options of a model picker,
        a map of model names) — issue 13 pattern 4: a low-confidence finding, not silence.
        A model id that is known and not Claude (Titan, Llama) is never one."""
        for spec in w.model_args:
            v = call_arg(call, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
            if v is None:
                continue
            if self.value_origin(v).value is not None:
                return ""  # known: is_claude_model decides
            names = self._module_bedrock_claude_ids()
            if not names:
                return ""
            more = f" and {len(names) - 1} more" if len(names) > 1 else ""
            return f"its model id is not known here, and this module names Claude models: {names[0]}{more}"
        return ""

    def maybe_model(self, expr: ast.AST, _depth: int = 0) -> ClientInfo | None:
        """The "may be Claude" langchain model an expression holds (issue 13 pattern 4): a
        generic Bedrock chat model whose model id is chosen at run time among options that
        include Claude ids (:meth:`possible_claude_model`), through the names, ``self``
        attributes and factories that hold it and the derivations applied to it
        (``bind_tools`` …, ``prompt | llm``); None when nothing says it may be Claude.  Its
        requests count for the content rules only, at low confidence (see
        :meth:`~claude_lint.analysis.requests.RequestsMixin.claude_request`)."""
        if _depth > 6 or not self._module_bedrock_claude_ids():
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            return self.maybe_model(expr.left, _depth + 1) or self.maybe_model(expr.right, _depth + 1)
        if isinstance(expr, ast.Call):
            q = self.r.qualname(expr.func) or ""
            w = WRAPPERS.get(q)
            if w is not None and w.needs_claude_model and w.canonical.startswith("langchain"):
                maybe = self.possible_claude_model(expr, w)
                return ClientInfo(q.rsplit(".", 1)[-1], w.kind, True, (expr,), maybe=maybe) if maybe else None
            f = expr.func
            if isinstance(f, ast.Attribute) and f.attr in DERIVATIONS:
                inner = self.maybe_model(f.value, _depth + 1)
                if inner is not None:
                    return ClientInfo(inner.name, inner.kind, True, (*inner.calls, expr), maybe=inner.maybe)
                return None
        for value in self.held(expr):
            found = self.maybe_model(value, _depth + 1)
            if found is not None:
                return found
        return None

    def _module_bedrock_claude_ids(self) -> tuple[str, ...]:
        def find() -> tuple[str, ...]:
            out: list[str] = []
            # a docstring that names a Claude id is prose, not an option of the module
            docs = {
                id(n.body[0].value)
                for n in tree_nodes(self.tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and n.body
                and isinstance(n.body[0], ast.Expr)
                and isinstance(n.body[0].value, ast.Constant)
            }
            for node in tree_nodes(self.tree):
                if (
                    id(node) not in docs
                    and isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and len(node.value) < 200
                    and bedrock_model(node.value) is not None
                    and node.value not in out
                ):
                    out.append(node.value)
            return tuple(out)

        found = self.memo("clients.bedrock-claude-ids", find)
        assert isinstance(found, tuple)
        return found

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
        made = self.producer(
            model,
            lambda c: (
                (self.r.qualname(c.func) or "").startswith("pydantic_ai.")
                and (self.r.qualname(c.func) or "").rsplit(".", 1)[-1] in ("AnthropicModel", "BedrockConverseModel")
            ),
        )
        if made is None:
            return None

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
        if self._dspy_lm is _UNSET:
            found = None
            for node in tree_nodes(self.tree):
                if isinstance(node, ast.Call) and self.r.qualname(node.func) in (
                    "dspy.configure",
                    "dspy.settings.configure",
                    "dspy.context",
                ):
                    found = self.client(call_arg(node, "lm"))
                    if found is not None:
                        break
            self._dspy_lm = found
        return cast("ClientInfo | None", self._dspy_lm)

    def boto3_arg(self, call: ast.Call, name: str, position: int | None = None) -> ast.expr | None:
        """A boto3 keyword argument, also from a ``**kwargs`` dict the file builds (the shape
        of the Bedrock console's code export: ``invoke_model(**kwargs)``; a dict extended by
        ``kwargs["system"] = ...`` before the call; ``boto3.client(**client_config)``)."""

        found = call_arg(call, name, position)
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
