"""Requests: which call sends a request to Claude, by which method, through which
client; its content, settings, provider and credential."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from ..model import ClientKind
from ..surface import (
    AGENT_RUN_METHODS,
    BOTO3_BEDROCK_METHODS,
    COMPAT_METHODS,
    COUNT_METHODS,
    HTTP_CLIENTS,
    HTTP_FUNCS,
    LOOSE_METHODS,
    REQUEST_METHODS,
    SDK_CONTENT,
    TRANSPARENT,
    WRAPPER_REQUEST_FUNCTIONS,
    WRAPPER_REQUEST_METHODS,
    WRAPPER_SETTINGS,
    WRAPPERS,
    is_claude_model,
    langchain_chain,
)
from .clients import ClientInfo, ClientsMixin, route_kind
from .imports import Resolver, call_arg
from .raw_http import messages_api_path
from .remote import RemoteClass, RemoteClient, RemoteFunction, RemoteVia, dotted_name
from .syntax import short_source, tree_nodes
from .values import ENV, ENV_DEFAULT, ENV_SET, SEVERAL


@dataclass(frozen=True)
class RequestInfo:
    """A call that sends a request to Claude."""

    call: ast.Call
    method: str  # e.g. "messages.create", or "invoke" for wrappers, or the wrapper function name
    client: ClientInfo | None  # None for module-level wrapper functions (litellm.completion)

    @property
    def inference(self) -> bool:
        return self.method not in COUNT_METHODS


class RequestsMixin(ClientsMixin):
    """The requests part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._likely_cache: dict[int, RequestInfo | None] = {}
        self._imports_anthropic_cache: bool | None = None

    # ------------------------------------------------------------------ requests
    def request(self, call: ast.Call) -> RequestInfo | None:
        """The Claude request a call sends, if it is one."""
        q = self.r.qualname(call.func)
        if q in WRAPPER_REQUEST_FUNCTIONS:
            if q.startswith("litellm.anthropic."):
                return RequestInfo(call, q, None)

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
            if node.attr not in TRANSPARENT:
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

    # ------------------------------------------------------------------ responses
    def likely_request(self, call: ast.Call) -> RequestInfo | None:
        """:meth:`claude_request`, or — in a file that imports ``anthropic`` — a
        ``X.messages.create/stream/parse`` (or ``X.beta.messages.…``) call on a receiver the
        resolver cannot know (a parameter, ``self.client`` set from one) and that no
        constructor of this file produces.  ``client`` is None for these."""
        cache = self._likely_cache
        key = id(call)
        if key in cache:
            return cache[key]
        info = self.claude_request(call)
        if info is None and self._imports_anthropic():
            info = self._loose_request(call)
        cache[key] = info
        return info

    def _imports_anthropic(self) -> bool:
        found = self._imports_anthropic_cache
        if found is None:  # asked for every call of the file: the imports do not change
            found = self._imports_anthropic_cache = any(
                v == "anthropic" or v.startswith("anthropic.") for v in self.r.aliases.values()
            )
        return found

    def _loose_request(self, call: ast.Call) -> RequestInfo | None:
        parts: list[str] = []
        node: ast.AST = call.func
        while isinstance(node, ast.Attribute):
            if node.attr not in TRANSPARENT:
                parts.append(node.attr)
            node = node.value
            path = ".".join(reversed(parts))
            if path in LOOSE_METHODS:
                break
        else:
            return None
        base = node
        if not (isinstance(base, ast.Name) or (isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name))):
            return None
        if self.client(base) is not None or self.producer(base, lambda c: True) is not None:
            return None  # a known object that is not a Claude client
        return RequestInfo(call, path, None)

    def claude_request(self, call: ast.Call) -> RequestInfo | None:
        """:meth:`request`, and the other shapes by which a call sends content to Claude:
        requests through :meth:`content_client` objects (langchain runnables, instructor,
        pydantic-ai ``Agent.run``, dspy, ``ClaudeSDKClient.query``, an OpenAI-compatible
        client of api.anthropic.com), ``claude_agent_sdk.query``, boto3 ``invoke_model`` /
        ``converse`` (and their stream forms) with a Claude ``modelId``, and raw HTTP POSTs
        to the Messages API (:func:`~claude_lint.analysis.raw_http.messages_api_path`: the
        first-party host, or a built URL with evidence it is Anthropic's).  ``method`` names
        the method or the HTTP path."""
        req = self.request(call)
        if req is not None:
            return req
        if self.remote is not None:
            req = self.forwarded_request(call)
            if req is not None:
                return req

        q = self.r.qualname(call.func) or ""
        if q == "claude_agent_sdk.query":
            return RequestInfo(
                call, "query", ClientInfo("claude_agent_sdk.query", ClientKind.FIRST_PARTY, True, (call,))
            )
        if q in HTTP_FUNCS:
            url = call_arg(call, "url", 1 if q.endswith(".request") else 0)
            path = messages_api_path(self, call, url)
            if path is not None:
                return RequestInfo(
                    call,
                    f"POST {path}",
                    ClientInfo("raw HTTP to api.anthropic.com", ClientKind.FIRST_PARTY, True, (call,)),
                )
            return None
        f = call.func
        if isinstance(f, ast.Attribute):
            if f.attr in BOTO3_BEDROCK_METHODS:
                model = self.bedrock_model_id(self.boto3_arg(call, "modelId"))
                if model is None and f.attr.startswith("invoke_model"):
                    # a modelId from settings: the body of Claude's Messages API on Bedrock names it
                    model = "anthropic.claude" if self._anthropic_body(self.boto3_arg(call, "body")) else None
                if model is None or not is_claude_model(model):
                    return None
                made = self.producer(
                    f.value, lambda c: self.value_string(self.boto3_arg(c, "service_name", 0)) == "bedrock-runtime"
                )
                return RequestInfo(
                    call, f.attr, ClientInfo("boto3 bedrock-runtime client", ClientKind.BEDROCK, True, (made or call,))
                )
            if f.attr in ("post", "put", "request", "stream"):
                session = self.content_client(f.value)
                if session is not None and session.name in HTTP_CLIENTS:
                    url = call_arg(call, "url", 1 if f.attr in ("request", "stream") else 0)
                    path = messages_api_path(self, call, url, session.kwarg("base_url"), session.calls)
                    if path is not None:
                        return RequestInfo(
                            call,
                            f"POST {path}",
                            ClientInfo(
                                "raw HTTP to api.anthropic.com", ClientKind.FIRST_PARTY, True, session.calls + (call,)
                            ),
                        )
                    return None
            parts: list[str] = []
            node: ast.AST = f
            while isinstance(node, ast.Attribute):
                if node.attr not in TRANSPARENT:
                    parts.append(node.attr)
                node = node.value
                path = ".".join(reversed(parts))
                if path in REQUEST_METHODS or path in COMPAT_METHODS:
                    info = self.content_client(node)
                    if info is not None and not info.wrapper:
                        return RequestInfo(call, path, info)
            info = self.content_client(f.value)
            if info is not None and info.wrapper:
                if info.name == "pydantic-ai Agent":
                    return RequestInfo(call, f.attr, info) if f.attr in AGENT_RUN_METHODS else None
                if info.name == "ClaudeSDKClient":
                    return RequestInfo(call, f.attr, info) if f.attr == "query" else None
                if (
                    f.attr in WRAPPER_REQUEST_METHODS
                    and info.name not in HTTP_CLIENTS
                    and info.name != "boto3 bedrock-runtime client"
                ):
                    return RequestInfo(call, f.attr, info)
                if f.attr == "__call__" and self.callable_object(info):
                    return RequestInfo(call, "__call__", info)
            elif info is None and f.attr in WRAPPER_REQUEST_METHODS:
                # a model picker: the model id is chosen at run time among options that
                # include Claude ids; ``client.maybe`` says so, and only the content rules
                # (prompt-logged, phi-without-zdr) count it, at low confidence
                maybe = self.maybe_model(f.value)
                if maybe is not None:
                    return RequestInfo(call, f.attr, maybe)
            if not (isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")):
                return None
        # a wrapper object called directly: dspy ``lm("...")``, a dspy module ``qa(question=...)``,
        # a langchain chain ``chain(inputs)`` / ``self.chain(inputs)`` or legacy LLM ``llm("...")``
        # built on a Claude model
        info = self.content_client(f)
        if info is not None and info.wrapper and (info.name == "LM" or info.name.startswith("dspy.")):
            return RequestInfo(call, "__call__", info)
        if info is not None and info.wrapper and self.callable_object(info):
            return RequestInfo(call, "__call__", info)
        return None

    def callable_object(self, info: ClientInfo) -> bool:
        """Whether a wrapper object sends its inputs when called: a langchain chain or model
        (:meth:`_langchain_object`), also one built in another module (a chain returned by
        ``MatchingChain.from_anthropic(...)`` or ``get_patient_chain()`` there)."""
        if isinstance(info.remote, RemoteClient):
            return info.remote.callable
        return info.remote is None and self._langchain_object(info.calls[-1])

    def bedrock_model_id(self, expr: ast.AST | None) -> str | None:
        """The model id a boto3 request names: its string when this file shows it, else what
        every value that can reach it says (a settings field of another module, ``self.model_id``
        set in ``__init__`` from one, a ``get_settings()`` instance): a Claude id when all the
        known values are Claude ids, a non-Claude one as soon as one is not; None when none
        is known (an environment variable without default)."""
        model = self.value_string(expr)
        if model is not None or expr is None:
            return model
        o = self.value_origin(expr)
        known = [a.value for a in (o.alternatives if o.source == SEVERAL else (o,)) if a.value is not None]
        if not known:
            return None
        return next((v for v in known if not is_claude_model(v)), known[0])

    def _langchain_object(self, made: ast.Call) -> bool:
        """Whether a call builds a langchain chain or model (callable with its inputs)."""
        q = self.r.qualname(made.func) or ""
        w = WRAPPERS.get(q)
        if (w is not None and w.canonical.startswith("langchain")) or langchain_chain(q) is not None:
            return True
        f = made.func  # an instance of a chain class of this module (``cls(...)``, ``MatchingChain(...)``)
        klass = self.scope(made).klass if isinstance(f, ast.Name) and f.id == "cls" else None
        if isinstance(f, ast.Name) and f.id != "cls" and f.id not in self.r.aliases:
            klass = self.module_classes().get(f.id)
        return klass is not None and self._chain_class(klass)

    def forwarded_request(self, call: ast.Call) -> RequestInfo | None:
        """A call of a function or method of another module of the repository that sends a
        Claude request itself (``generate_with_claude(patient_text)`` imported from a service
        module, ``self.bedrock_client.invoke_with_retry(prompt=...)`` on an instance of a
        wrapper class defined elsewhere).  Its content is the arguments given to the
        parameters that reach the request's content there; its provider the request's.
        The client is a stand-in at this call, marked ``remote``."""
        remote = self.remote
        if remote is None:
            return None
        func = call.func
        fn: RemoteFunction | None = None
        dotted = dotted_name(func)
        item = remote.resolve(dotted) if dotted is not None else None
        if isinstance(item, RemoteFunction):
            fn = item
        elif isinstance(func, ast.Attribute):
            klass = self.remote_class(func.value)
            if klass is not None and not self._defines_here(func):
                fn = klass.method(func.attr)
                if fn is not None and not fn.sends and fn.vias:
                    return self._via_request(call, func.value, klass, fn)
        if fn is None and item is None:
            # an instance of a class of another module called directly (``picker(state=s)``
            # with ``picker = DecisionClaude()``): its ``__call__``
            klass = self.remote_class(func)
            fn = klass.method("__call__") if klass is not None else None
        if fn is None or not fn.sends or fn.returns_client is not None:
            return None
        return RequestInfo(call, fn.name, ClientInfo(f"{fn.name}()", fn.kind, True, (call,), fn))

    def remote_function(self, call: ast.Call) -> RemoteFunction | None:
        """The function or method of another module of the repository a call runs
        (``parse_json(text)`` imported, ``self.svc.parse_json(text)`` on an instance of a
        class of another module), or None."""
        remote = self.remote
        if remote is None:
            return None
        memo = self.memo("requests.remote-functions", dict)
        assert isinstance(memo, dict)
        key = id(call)
        if key not in memo:
            func = call.func
            dotted = dotted_name(func)
            item = remote.resolve(dotted) if dotted is not None else None
            if item is None and isinstance(func, ast.Attribute):
                klass = self.remote_class(func.value)
                item = klass.method(func.attr) if klass is not None else None
            memo[key] = item if isinstance(item, RemoteFunction) else None
        found = memo[key]
        return found if isinstance(found, RemoteFunction) else None

    def _via_request(
        self, call: ast.Call, receiver: ast.expr, klass: RemoteClass, fn: RemoteFunction
    ) -> RequestInfo | None:
        """A method of a class of another module that calls an object the class was given
        (:class:`~.remote.RemoteVia`: ``self.chain(inputs)``), on an instance this file
        builds with a Claude chain or model for that ``__init__`` parameter
        (``ChainChainer(matcher_chain, doc_chain, patient_chain)``): a request through the
        method.  Its content is what reaches any of those calls; its place (``request``) the
        first that content reaches, and ``vias`` lists them all (related locations)."""

        def builds(c: ast.Call) -> bool:
            dotted = dotted_name(c.func)
            made = self.remote.resolve(dotted) if self.remote is not None and dotted is not None else None
            return isinstance(made, RemoteClass) and made.place == klass.place

        # the construction, also through parameters (``run_chain(chainer=chainer)``)
        made: ast.Call | None = None
        queue: list[ast.AST] = [receiver]
        seen: set[int] = set()
        while queue and made is None and len(seen) < 64:
            expr = queue.pop(0)
            if id(expr) in seen:
                continue
            seen.add(id(expr))
            if isinstance(expr, ast.Call) and builds(expr):
                made = expr
            else:
                queue.extend(self.held(expr))
        if made is None:
            return None
        found: list[tuple[RemoteVia, ClientInfo]] = []
        for via in fn.vias:
            arg = call_arg(made, via.param, via.index)
            info = self.content_client(arg)
            if info is None:
                # an instance of a class of another module whose method of that name sends
                # (``LLMWrapper(llm=ClaudeLLM())`` calling ``self._llm.stream(messages)``)
                given = self.remote_class(arg)
                method = given.method(via.call) if given is not None else None
                if method is not None and method.sends and method.kind is not None:
                    info = ClientInfo(f"{given.name}", method.kind, True, (call,), method)  # type: ignore[union-attr]
            if info is None or not info.wrapper or info.kind is None or info.name in HTTP_CLIENTS:
                continue
            if isinstance(info.remote, RemoteFunction):
                found.append((via, info))
                continue
            if via.call == "__call__" and not self.callable_object(info):
                continue
            found.append((via, info))
        if not found:
            return None
        found.sort(key=lambda item: not item[0].content_params)  # stable: the first reached by content
        content = tuple(dict.fromkeys(p for via, _info in found for p in via.content_params))
        via, info = found[0]
        vias = tuple(v for v, _i in found)
        sent = replace(fn, content_params=content, kind=info.kind, request=via.request, vias=vias)
        return RequestInfo(call, fn.name, ClientInfo(f"{fn.name}()", info.kind, True, (call,), sent))

    def _defines_here(self, func: ast.Attribute) -> bool:
        """``self.complete`` where this file's class (or a base of it here) defines
        ``complete``: that method, not the one a base class of another module defines."""
        if not (isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")):
            return False
        klass = self.scope(func).klass
        classes = self.module_classes()
        todo, seen = [klass], 0
        while todo and seen < 8:
            k = todo.pop()
            seen += 1
            if k is None:
                continue
            if any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == func.attr for s in k.body):
                return True
            todo.extend(classes.get(b.id) for b in k.bases if isinstance(b, ast.Name))
        return False

    def request_content(self, req: RequestInfo) -> list[tuple[str, ast.expr]]:
        """The arguments of a request that carry content to the model, as ``(name,
        expression)``: ``messages``/``system``/``tools``/``prompt`` of SDK methods, batch
        ``requests``, Managed Agents ``events``/``initial_events``/``system``,
        ``files.upload(file=...)``, a ``**splat``; positional and content keywords of wrapper
        calls (``llm.invoke(x)``, ``agent.run(prompt)`` plus the Agent's ``system_prompt``,
        ``lm(...)``); litellm ``messages``; raw HTTP ``json=``/``data=``/``content=``;
        boto3 ``body=`` / ``messages=``/``system=``."""

        call, method, client = req.call, req.method, req.client
        out: list[tuple[str, ast.expr]] = []
        if client is not None and isinstance(client.remote, RemoteFunction):
            return self._forwarded_content(call, client.remote)

        def kwargs(names: Iterable[str]) -> None:
            for kw in call.keywords:
                if kw.arg is not None and kw.arg in names:
                    out.append((kw.arg, kw.value))
                elif kw.arg is None:
                    out.append(("**" + short_source(kw.value), kw.value))

        if method.startswith("POST "):
            kwargs(("json", "data", "content", "body"))
            if self.r.qualname(call.func) == "urllib.request.Request" and len(call.args) > 1:
                out.append(("data", call.args[1]))
        elif method in BOTO3_BEDROCK_METHODS:
            names = ("body", "messages", "system", "toolConfig")
            for kw in call.keywords:
                items = self.mapping_items(kw.value) if kw.arg is None else None
                if kw.arg in names:
                    out.append((kw.arg, kw.value))
                elif items is not None:  # converse(**request): its content keys, not modelId or guardrailConfig
                    src = "**" + short_source(kw.value)
                    out.extend((f"{src}[{k!r}]" if k else src, v) for k, v in items if k is None or k in names)
                elif kw.arg is None:
                    out.append(("**" + short_source(kw.value), kw.value))
        elif client is None or method.startswith("litellm."):
            kwargs(("messages", "prompt", "system", "tools", "input"))
            if len(call.args) > 1 and not method.startswith("litellm.anthropic"):
                out.append(("messages", call.args[1]))
        elif not client.wrapper:
            kwargs(SDK_CONTENT)
            if method in ("files.upload", "beta.files.upload", "skills.create", "beta.skills.create") and call.args:
                out.append(("file", call.args[0]))
        else:
            for i, a in enumerate(call.args):
                out.append((f"argument {i + 1}", a.value if isinstance(a, ast.Starred) else a))
            for kw in call.keywords:
                if kw.arg is None:
                    out.append(("**" + short_source(kw.value), kw.value))
                elif kw.arg not in WRAPPER_SETTINGS:
                    out.append((kw.arg, kw.value))
            if client.name == "pydantic-ai Agent":
                for name in ("system_prompt", "instructions"):
                    v = call_arg(client.constructor, name)
                    if v is not None:
                        out.append((f"the Agent's {name}", v))
        return out

    def request_templates(self, req: RequestInfo) -> list[tuple[str, ast.expr]]:
        """The prompt templates the object behind a request holds — the ``prompt=`` of a
        langchain chain (``LLMChain(llm=..., prompt=DECISION_PROMPT)``, a chain class of this
        module) among the calls that built its client: part of the request's instructions even
        though the call itself only passes the template's inputs (``chain(inputs)``)."""
        out: list[tuple[str, ast.expr]] = []
        for made in req.client.calls if req.client is not None and req.client.wrapper else ():
            if made is req.call or not self._langchain_object(made):
                continue
            for kw in made.keywords:
                if kw.arg in ("prompt", "prompt_template", "template", "system_prompt", "system_message"):
                    out.append((f"the chain's {kw.arg}", kw.value))
        client = req.client
        if client is not None and isinstance(client.remote, RemoteClient) and client.remote.callable:
            # a chain built by a factory of another module: the prompt templates this file
            # gives that factory (``from_anthropic(symptom_extract_prompt=cc_prompts.X)``)
            factory = self._remote_factory_call(req.call.func)
            for kw in factory.keywords if factory is not None else ():
                if kw.arg is not None and kw.arg.endswith(("prompt", "template")):
                    out.append((f"the chain's {kw.arg}", kw.value))
        return out

    def _remote_factory_call(self, receiver: ast.expr) -> ast.Call | None:
        """The call of this file that built a chain through a factory of another module
        (``matcher.MatchingChain.from_anthropic(...)``), through the names that hold it."""
        queue: list[ast.AST] = [receiver]
        seen: set[int] = set()
        while queue and len(seen) < 32:
            expr = queue.pop(0)
            if id(expr) in seen:
                continue
            seen.add(id(expr))
            if isinstance(expr, ast.Call):
                dotted = dotted_name(expr.func)
                item = self.remote.resolve(dotted) if self.remote is not None and dotted is not None else None
                if isinstance(item, RemoteFunction) and item.returns_client is not None:
                    return expr
            queue.extend(self.held(expr))
        return None

    @staticmethod
    def _forwarded_content(call: ast.Call, fn: RemoteFunction) -> list[tuple[str, ast.expr]]:
        """The arguments of a call of a helper of another module that reach its request's
        content (by keyword, or by position after a bound ``self``)."""
        out: list[tuple[str, ast.expr]] = []
        positional = fn.params[1:] if fn.method else fn.params
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                out.append((f"*{short_source(a.value)}", a.value))
                break
            if i < len(positional) and positional[i] in fn.content_params:
                out.append((positional[i], a))
        for kw in call.keywords:
            if kw.arg is None:
                out.append(("**" + short_source(kw.value), kw.value))
            elif kw.arg in fn.content_params:
                out.append((kw.arg, kw.value))
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

        content = {id(e) for _n, e in self.request_content(req)}
        out: list[tuple[str | None, ast.expr]] = []

        def add(call: ast.Call, skip: AbstractSet[int] = frozenset()) -> None:
            out.extend((None, a) for a in call.args if id(a) not in skip)
            out.extend((kw.arg, kw.value) for kw in call.keywords if id(kw.value) not in skip)

        add(req.call, content)
        if req.client is not None:
            for c in req.client.calls:
                if c is not req.call:
                    add(c)

        def method_is(*methods: str) -> Callable[[ast.Call], bool]:
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

        client = req.client
        if client is None:
            if req.method.startswith("litellm.anthropic"):
                return ClientKind.FIRST_PARTY
            return route_kind(self.value_string(call_arg(req.call, "model", 0)) or "", "litellm")
        if client.name == "Anthropic" and (self.r.qualname(client.constructor.func) or "").startswith("llama_index"):
            if client.kwarg("aws_region") is not None:
                return ClientKind.BEDROCK
            if client.kwarg("region") is not None or client.kwarg("project_id") is not None:
                return ClientKind.VERTEX
        if client.kind is None:
            ctor = client.constructor
            model = self.value_string(call_arg(ctor, "model", 0)) or ""
            return route_kind(model, "litellm")
        return client.kind

    def client_key_env(self, req: RequestInfo) -> tuple[str, tuple[str, ...]]:
        """Where the credential of a first-party request comes from: ``("env", names)`` for
        ``api_key=os.environ["X"]`` (through variables, constants, ``os.getenv`` defaults),
        ``("implicit", names)`` when the client reads its key variable by itself
        (``ANTHROPIC_API_KEY`` for ``Anthropic`` and the wrappers, ``ANTHROPIC_AWS_API_KEY``
        for ``AnthropicAWS``; none for ``AnthropicGoogleCloud``), ``("literal", ())`` and
        ``("unknown", ())`` otherwise.  Raw HTTP: the ``x-api-key``/``Authorization`` header."""

        client = req.client
        if client is not None and client.remote is not None:
            return "unknown", ()  # built in another module: its key is judged there
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
        explicit: ast.expr | None = None
        for c in reversed(calls):
            for name in key_args:
                given = call_arg(c, name)
                if given is not None:
                    explicit = given
                    break
            if explicit is not None:
                break
        if explicit is None and client is not None and client.name == "pydantic-ai Agent":
            pc = self.producer(
                call_arg(client.constructor, "model", 0),
                lambda c: (self.r.qualname(c.func) or "").endswith("AnthropicProvider"),
            )
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
