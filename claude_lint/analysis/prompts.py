"""Prompts and responses: the expressions that hold a request's prompt and the
values that carry a response's content."""

from __future__ import annotations

import ast

from ..surface import NO_CONTENT_RESPONSE, PROMPT_KWARGS
from .graphstate import graph_state_prompts
from .imports import Resolver
from .remote import RemoteFunction
from .requests import RequestInfo
from .sinks import SinksMixin
from .syntax import tree_nodes

#: labels of :meth:`Facts.response_source` and :meth:`Facts.prompt_source`
RESPONSE, PROMPT = "claude-response", "claude-prompt"


RESPONSE_LABELS, PROMPT_LABELS = frozenset({RESPONSE}), frozenset({PROMPT})


#: attributes of responses, stream events and messages that hold metadata, not content
RESPONSE_METADATA = frozenset(
    {
        "usage",
        "id",
        "model",
        "model_id",  # a wrapper's result dict naming the model it called (``{"text": ..., "model_id": ...}``)
        "stop_reason",
        "stop_sequence",
        "type",
        "role",
        "request_id",
        "_request_id",
        "input_tokens",
        "output_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
        "server_tool_use",
        "service_tier",
        "finish_reason",
        "response_metadata",
        "usage_metadata",
        "headers",
        "status_code",
        "created",
        "object",
        "system_fingerprint",
        "index",
        "elapsed",
        "retries_taken",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "response_ms",
        "http_response",
        "container",
        "name",
        # a boto3 Bedrock reply (converse / invoke_model): everything but ``output`` / ``body``
        "stopReason",
        "toolUseId",  # a Bedrock tool call's id (``tu["toolUseId"]``); its ``input`` is content
        "tool_use_id",
        "tool_call_id",
        "metrics",
        "latencyMs",
        "inputTokens",
        "outputTokens",
        "totalTokens",
        "trace",
        "ResponseMetadata",
        "HTTPStatusCode",
        "RequestId",
        "contentType",
        "performanceConfig",
    }
)


#: what a prompt value is bound to: ("name", id of scope, name) | ("attr", id of class, attribute)
#: | ("path", id of scope, source of a constant path such as ``d["k"].x``)
BindingKey = tuple[str, int, str]


class PromptsMixin(SinksMixin):
    """The prompts part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._prompts: dict[BindingKey, ast.Call] | None = None
        #: ids of the binding values (and parameters) of names that flow into a prompt
        self._prompt_bindings: set[int] = set()
        self._prompt_reads: set[int] = set()
        #: for a binding that is prompt only through some of its items (``request.data`` read
        #: as ``request.data.get("message")``), those keys; None once it is prompt whole
        self._prompt_item_keys: dict[BindingKey, set[str] | None] = {}

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
            if (
                info is not None
                and info.inference
                and (
                    info.client is None
                    or not isinstance(info.client.remote, RemoteFunction)
                    or info.client.remote.returns_response
                )
                and info.method not in NO_CONTENT_RESPONSE
                and not any(p in info.method for p in ("/files", "/batches", "/count_tokens", "/models"))
            ):
                return RESPONSE_LABELS
        if self.remote is not None and isinstance(node, (ast.Subscript, ast.Call)):
            key: str | None = None
            container: ast.AST | None = None
            if isinstance(node, ast.Subscript):
                key, container = self.r.string_value(node.slice), node.value
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
                key, container = self.r.string_value(node.args[0]), node.func.value
            if key is not None and self._keyed_response(container, key, 0) is not None:
                return RESPONSE_LABELS
        return frozenset()

    def _keyed_response(self, container: ast.AST | None, key: str, depth: int) -> ast.Call | None:
        """The request whose response ``container[key]`` is: ``container`` is (a name bound
        to) the call of a helper of another module that returns a dict built around the
        response, with the response under ``key`` (``result["content"]``, not
        ``result["usage"]``); else None."""
        if isinstance(container, ast.Call):
            info = self.likely_request(container)
            fn = info.client.remote if info is not None and info.client is not None else None
            return container if isinstance(fn, RemoteFunction) and fn.response_key(key) else None
        if isinstance(container, ast.Await):
            return self._keyed_response(container.value, key, depth)
        if isinstance(container, ast.Name) and depth < 3:
            assigns, _iters, _scope, _param = self.lookup_at(container)
            for v in assigns:
                found = self._keyed_response(v, key, depth + 1)
                if found is not None:
                    return found
        return None

    def response_request(self, origin: ast.AST) -> ast.AST:
        """The request call a response label comes from: ``origin`` itself, or for an item of
        a dict a helper of another module returns (``result["content"]``) that helper's call."""
        key: str | None = None
        container: ast.AST | None = None
        if isinstance(origin, ast.Subscript):
            key, container = self.r.string_value(origin.slice), origin.value
        elif isinstance(origin, ast.Call) and isinstance(origin.func, ast.Attribute) and origin.func.attr == "get":
            key, container = (self.r.string_value(origin.args[0]) if origin.args else None), origin.func.value
        found = self._keyed_response(container, key, 0) if key is not None and self.remote is not None else None
        return found if found is not None else origin

    def response_stop(self, node: ast.AST) -> bool:
        """A ``stop`` for :meth:`labels`: metadata attributes of a response, stream event or
        message (:data:`RESPONSE_METADATA`), the same keys of a raw response body
        (``body["stop_reason"]``, ``body.get("usage")``) and opaque calls (:meth:`opaque_call`)."""
        if isinstance(node, ast.Attribute):
            return node.attr in RESPONSE_METADATA
        if isinstance(node, ast.Subscript):  # a raw response body: body["stop_reason"], body["usage"]
            return self.r.string_value(node.slice) in RESPONSE_METADATA
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and node.args
                and self.r.string_value(node.args[0]) in RESPONSE_METADATA  # body.get("usage")
            ):
                return True
            if self.remote is not None:
                fn = self.remote_function(node)
                if fn is not None and fn.passes:
                    return False  # a helper of another module that returns (a transform of) its argument
            return self.opaque_call(node)
        return False

    def content_stop(self, node: ast.AST) -> bool:
        """A ``stop`` for :meth:`labels` with both :meth:`response_source` and
        :meth:`prompt_source`: :meth:`response_stop`, and an item of a container that is
        prompt only through other items (``request.data.get("index_name")`` where the prompt
        is ``request.data.get("message")``) unless the container holds a response."""
        return self.response_stop(node) or self._other_item(node)

    def _other_item(self, node: ast.AST) -> bool:
        container: ast.expr | None = None
        if isinstance(node, ast.Subscript):
            item, container = self.r.string_value(node.slice), node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            item, container = _item_key(self, node), node.func.value
        else:
            return False
        if item is None or container is None:
            return False
        items = self._prompt_items(container)
        if items is None or item in items:
            return False
        return RESPONSE not in self.labels(container, self.response_source, stop=self.response_stop)

    def _prompt_items(self, container: ast.AST) -> set[str] | None:
        """The keys through which ``container`` is prompt, when it is prompt only through
        some of its items: its own binding, or for a name not itself recorded, the bindings
        it is a copy of (``data = request.json``); None when it is prompt whole or not known."""
        table = self._prompt_table()
        key = self._binding_key(container)
        if key is not None and key in table:
            return self._prompt_item_keys.get(key)
        if not isinstance(container, ast.Name):
            return None
        assigns, iters, _scope, param = self.lookup_at(container)
        if iters or param is not None or not assigns:
            return None
        found: set[str] = set()
        for v in assigns:
            vkey = self._binding_key(v) if isinstance(v, (ast.Name, ast.Attribute, ast.Subscript)) else None
            if vkey is None or vkey not in table:
                return None
            items = self._prompt_item_keys.get(vkey)
            if items is None:
                return None
            found |= items
        return found

    def metadata_only(self, expr: ast.AST | None, _depth: int = 0) -> bool:
        """Whether ``expr`` holds only metadata of a Claude response: a tool call's ``name`` or
        ``id`` (``block.name``, ``tool_use["name"]``, ``tu.get("toolUseId")``), a stop reason,
        token counts — the reads :meth:`response_stop` ends a response's flow at, of a value
        that carries the response — or a name (a parameter: every argument its callers in this
        file pass) bound only to such reads.  A tool call's ``input`` is content."""
        if expr is None or _depth > 6:
            return False
        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup_at(expr)
            if param is not None:
                if scope is None or isinstance(scope.node, ast.Lambda) or assigns or iters:
                    return False
                sources = self._parameter_sources(scope.node).get(expr.id, [])
            else:
                if iters:
                    return False
                sources = assigns
            return bool(sources) and all(self.metadata_only(v, _depth + 1) for v in sources)
        container: ast.AST | None = None
        if isinstance(expr, ast.Attribute):
            container = expr.value if expr.attr in RESPONSE_METADATA else None
        elif isinstance(expr, ast.Subscript):
            container = expr.value if self.r.string_value(expr.slice) in RESPONSE_METADATA else None
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            container = expr.func.value if _item_key(self, expr) in RESPONSE_METADATA else None
        if container is None:
            return False
        return RESPONSE in self.labels(container, self.response_source, stop=self.response_stop)

    def _caught(self, expr: ast.AST) -> bool:
        """Whether ``expr`` is a name bound only by ``except ... as e`` here: the program's
        error (a tool's failure returned to Claude as ``{"error": str(e)}``), not content."""
        if not isinstance(expr, ast.Name):
            return False
        assigns, iters, _scope, param = self.lookup_at(expr)
        if param is not None or iters or not assigns:
            return False
        handlers = self.memo(
            "prompts.except-types",
            lambda: frozenset(
                id(n.type) for n in tree_nodes(self.tree) if isinstance(n, ast.ExceptHandler) and n.type is not None
            ),
        )
        assert isinstance(handlers, frozenset)
        return all(id(v) in handlers for v in assigns)

    def _note_item_key(self, key: BindingKey, via: str | None) -> None:
        items = self._prompt_item_keys
        if via is None:
            items[key] = None
        elif key not in items:
            items[key] = {via}
        else:
            known = items[key]
            if known is not None:
                known.add(via)

    # ------------------------------------------------------------------ prompts
    def prompt_source(self, node: ast.AST) -> frozenset[str]:
        """A ``source`` for :meth:`labels`: ``{PROMPT}`` for a name, ``self.attr`` or
        dotted path (``req.question``, ``data["q"]``) whose value is part of the prompt of
        a Claude request in this file — passed as its ``messages``/``system``/``prompt`` or
        used to build them (through f-strings, ``+``, ``%``, ``format``, ``join``,
        containers, message constructors, helpers of this module and the arguments their
        callers pass).  Values made only of literals (a fixed system prompt, ``PREFILL = ""``,
        a constant f-string, a loop variable over a constant list) and numbers or booleans (a
        page number formatted into the prompt) are not prompt content; for a name, this is
        decided per read, from the bindings that reach it (:meth:`lookup_at`)."""
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            key = self._binding_key(node)
            if key is not None and key in self._prompt_table():
                if isinstance(node, ast.Name):
                    if self.literal_only(node) or self.quantity(node):
                        return frozenset()  # this read holds literals or a number, whatever the name held elsewhere
                    assigns, iters, _scope, param = self.lookup_at(node)
                    bound = self._prompt_bindings
                    if not (
                        any(id(v) in bound for v in (*assigns, *iters)) or (param is not None and id(param) in bound)
                    ):
                        return frozenset()  # the name holds another value here (`except ... as e`, a new loop)
                return PROMPT_LABELS
            if (
                isinstance(node, ast.Name)
                and self._container_key(node) in self._prompt_table()
                and id(node) not in self._item_bases()
            ):
                return PROMPT_LABELS
        return frozenset()

    def _item_bases(self) -> frozenset[int]:
        """The names read only to take an item or attribute of them (``ticket`` in
        ``ticket["team"]``): not the whole container."""

        def find() -> frozenset[int]:
            return frozenset(
                id(n.value)
                for n in tree_nodes(self.tree)
                if isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.value, ast.Name)
            )

        found = self.memo("prompts.item-bases", find)
        assert isinstance(found, frozenset)
        return found

    def prompt_request(self, node: ast.AST) -> ast.Call | None:
        """For a node :meth:`prompt_source` labels, the request call whose prompt it feeds."""
        key = self._binding_key(node)
        table = self._prompt_table()
        found = table.get(key) if key is not None else None
        if found is None and isinstance(node, ast.Name):
            found = table.get(self._container_key(node))
        return found

    def _container_key(self, node: ast.Name) -> BindingKey:
        """The key under which :meth:`_prompt_table` records that an item of the name read
        here (``message["content"]``, read in the same function) is prompt content: the
        whole container written out (``logger.info("Received {}", message)``) writes it
        too.  Only string-keyed items: an attribute (``request.json``) says nothing of what
        the object's text shows."""
        return ("container", id(self.scope(node).node), node.id)

    def _binding_key(self, node: ast.AST) -> BindingKey | None:
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

    def _prompt_table(self) -> dict[BindingKey, ast.Call]:
        table = self._prompts
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
        graph_state_prompts(self, table)  # what one node of a LangGraph graph sends, the others hold
        for key, call in list(table.items()):
            if key[0] == "path":  # ``message['content']``: its container (see _container_key)
                head, sep, _rest = str(key[2]).partition("[")
                if sep and head.isidentifier():
                    table.setdefault(("container", key[1], head), call)
        return table

    def prompt_arguments(self, info: RequestInfo) -> list[ast.expr]:
        """The arguments of a request that carry its prompt: ``messages``, ``system``,
        ``prompt``, ``input``, batch ``requests``, Managed Agents ``events``/
        ``initial_events``; a ``**params`` splat (its content keys when the dict is known in
        this file); a wrapper's positional input (``llm.invoke(x)``); litellm's second
        positional argument (``messages``); the ``json=``/``data=`` body of a raw HTTP
        request; the ``body`` of a boto3 ``invoke_model``.  Tool definitions and uploaded files are not the prompt."""
        call = info.call
        names = PROMPT_KWARGS + (("json", "data", "content", "body") if info.method.startswith("POST ") else ())
        if info.method.startswith("invoke_model"):  # boto3 Bedrock: the JSON body holds the messages
            names += ("body",)
        out: list[ast.expr] = []
        for kw in call.keywords:
            if kw.arg in names:
                out.append(kw.value)
            elif kw.arg is None:
                if self.mapping(kw.value) is None and self.mapping_items(kw.value) is None:
                    out.append(kw.value)  # a dict not known here (an extended one is: its content keys)
                for k in PROMPT_KWARGS:
                    status, value = self.mapping_get(kw.value, k)
                    if status == "found" and value is not None:
                        out.append(value)
        client = info.client
        if client is not None and client.wrapper and not info.method.startswith("POST "):
            out.extend(a.value if isinstance(a, ast.Starred) else a for a in call.args)
        elif (client is None or info.method.startswith("litellm.")) and len(call.args) > 1:
            out.append(call.args[1])
        return out

    def _collect_prompt(
        self,
        expr: ast.AST | None,
        request: ast.Call,
        table: dict[BindingKey, ast.Call],
        depth: int,
        via: str | None = None,
    ) -> None:
        """Record in ``table`` what ``expr`` is built of; ``via``: ``expr`` is read only to
        take its item under that key (``data`` in ``data.get("message")``)."""
        if expr is None or depth > 30:
            return

        def follow(e: ast.AST | None) -> None:
            self._collect_prompt(e, request, table, depth + 1)

        if isinstance(expr, (ast.Name, ast.Attribute, ast.Subscript)):
            key = self._binding_key(expr)
            if key is None:
                if isinstance(expr, (ast.Subscript, ast.Attribute)):
                    follow(expr.value)  # messages[-1], messages[-1].content: part of messages
                return
            if key in table and (not isinstance(expr, ast.Name) or id(expr) in self._prompt_reads):
                self._note_item_key(key, via)
                return
            if self.value_string(expr) is not None or self.literal_only(expr) or self.quantity(expr):
                return  # made only of literals (source code, not data), or a number (not content)
            if self.metadata_only(expr) or self._caught(expr):
                return  # a tool call's name or id, a reply's stop reason, a caught error: not content
            table.setdefault(key, request)
            self._note_item_key(key, via)
            if isinstance(expr, ast.Name):
                self._prompt_reads.add(id(expr))
                assigns, iters, scope, param = self.lookup_at(expr)
                fresh = [v for v in (*assigns, *iters) if id(v) not in self._prompt_bindings]
                self._prompt_bindings.update(id(v) for v in (*assigns, *iters))
                for v in fresh:
                    follow(v)
                for v in self.added_at(expr):  # messages.append({... user_message ...}) before the request
                    follow(v)
                if (
                    param is not None
                    and scope is not None
                    and not isinstance(scope.node, ast.Lambda)
                    and id(param) not in self._prompt_bindings
                ):
                    self._prompt_bindings.add(id(param))
                    for v in self._parameter_sources(scope.node).get(expr.id, []):
                        follow(v)
            elif key[0] == "attr" and isinstance(expr, ast.Attribute):
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
        elif isinstance(expr, (ast.DictComp, ast.Starred, ast.Await, ast.NamedExpr, ast.FormattedValue)):
            follow(expr.value)
        elif isinstance(expr, ast.Call):
            fn = self.called_function(expr)
            if fn is not None:
                for ret in self.scopes[fn].returns:
                    follow(ret)
            elif self.opaque_call(expr):
                return
            elif isinstance(expr.func, ast.Attribute):
                item = _item_key(self, expr)
                if item is not None:  # data.get("message"): data, through that item only
                    self._collect_prompt(expr.func.value, request, table, depth + 1, via=item)
                else:
                    follow(expr.func.value)
            for a in expr.args:
                follow(a)
            for kw in expr.keywords:
                follow(kw.value)


def _item_key(facts: PromptsMixin, call: ast.Call) -> str | None:
    """The key of ``d.get("k")`` / ``d.pop("k")`` (a constant string), else None."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("get", "pop") and call.args:
        return facts.r.string_value(call.args[0])
    return None
