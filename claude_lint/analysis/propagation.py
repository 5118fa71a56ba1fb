"""Propagation: how a value reaches an expression (assignments, f-strings, containers,
calls, returns), as label sets (:meth:`labels`) or a traced path (:meth:`trace`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterator
from typing import Any

from .dictkeys import item_key_sources, other_key_stores
from .imports import Resolver
from .requests import RequestsMixin
from .syntax import merge_lines

#: methods whose result carries the content of their receiver or arguments
CONTENT_METHODS = frozenset(
    {
        "format",
        "format_map",
        "join",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "lower",
        "upper",
        "title",
        "capitalize",
        "casefold",
        "swapcase",
        "encode",
        "decode",
        "split",
        "rsplit",
        "splitlines",
        "partition",
        "rpartition",
        "removeprefix",
        "removesuffix",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "expandtabs",
        "translate",
        "get",
        "copy",
        "items",
        "values",
        "pop",
        "setdefault",
        "to_dict",
        "to_json",
        "dict",
        "json",
        "model_dump",
        "model_dump_json",
        "get_final_text",
        "get_final_message",
        "get_final_response",
        "until_done",
        "parse",
        "read",
        "text",
        "__str__",
        "__repr__",
        "dumps",
        "pformat",
    }
)


#: module functions whose result carries the content of their arguments
CONTENT_FUNCTIONS = frozenset(
    {
        "json.dumps",
        "pprint.pformat",
        "textwrap.dedent",
        "textwrap.indent",
        "textwrap.shorten",
        "textwrap.fill",
        "textwrap.wrap",
        "copy.copy",
        "copy.deepcopy",
        "dataclasses.asdict",
        "yaml.dump",
        "yaml.safe_dump",
        "base64.b64encode",
        "base64.urlsafe_b64encode",
        "html.escape",
        "shlex.quote",
        "urllib.parse.quote",
        "urllib.parse.urlencode",
        "reprlib.repr",
        "orjson.dumps",
        "ujson.dumps",
        "rich.pretty.pretty_repr",
        "json.loads",
        "orjson.loads",
        "ujson.loads",
        "yaml.safe_load",
        "yaml.load",
        "ast.literal_eval",
        "markdown.markdown",
        "html.unescape",
        # ``cast(AIMessage, llm.invoke(...))``: the value itself, typed
        "typing.cast",
        "typing_extensions.cast",
    }
)


CONTENT_BUILTINS = frozenset(
    {
        "str",
        "repr",
        "ascii",
        "format",
        "dict",
        "list",
        "tuple",
        "set",
        "frozenset",
        "sorted",
        "reversed",
        "iter",
        "next",
        "getattr",
        "vars",
        "bytes",
        "bytearray",
        "zip",
        "map",
        "filter",
        "enumerate",
        "max",
        "min",
    }
)


#: builtins whose result is a number or a boolean
_QUANTITY_BUILTINS = frozenset(
    {"len", "int", "float", "bool", "round", "abs", "sum", "hash", "id", "isinstance", "callable", "any", "all", "ord"}
)


#: message constructors that hold content: HumanMessage(content=...), MessageParam(...), PromptTemplate
_MESSAGE_CLASS = re.compile(r"Message(Param)?$|^(Text|Content)Block(Param)?$|Prompt(Template)?$")


#: calls whose result carries no content of their arguments
OPAQUE_BUILTINS = frozenset(
    {
        "len",
        "bool",
        "int",
        "float",
        "hash",
        "id",
        "type",
        "isinstance",
        "callable",
        "range",
        "enumerate.count",
        "time.time",
    }
)


# ------------------------------------------------------------------ traced flow
# (added for the health-data rules; general: any rule may ask how a value got somewhere)

#: functions whose result carries no content of the arguments (for :meth:`trace`, with ``OPAQUE_BUILTINS``)
OPAQUE_FUNCTIONS = frozenset(
    {
        "any",
        "all",
        "sum",
        "round",
        "abs",
        "ord",
        "math.floor",
        "math.ceil",
        "math.isnan",
        "os.path.exists",
        "os.path.getsize",
    }
)


#: methods whose result carries no content of the receiver or arguments (for :meth:`trace`)
OPAQUE_METHODS = frozenset(
    {
        "count",
        "index",
        "find",
        "rfind",
        "startswith",
        "endswith",
        "isdigit",
        "isalpha",
        "isalnum",
        "isnumeric",
        "isspace",
        "islower",
        "isupper",
        "nunique",
        "__len__",
        "exists",
        "is_file",
        "is_dir",
        "total_seconds",
    }
)


_IN_PROGRESS = object()


#: the calls a traced path is inside of (innermost last): a path leaves a function only
#: through the call that entered it
Stack = tuple[ast.Call, ...]
#: an edge of a traced path: (next node or None, message, stack at that node, at the child)
Edge = tuple["ast.AST | None", str, Stack, bool]
#: a state of the search: (id of a node, the stack)
StateKey = tuple[int, Stack]


class PropagationMixin(RequestsMixin):
    """The propagation part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._trace_caches: dict[tuple[int, int], tuple[object, object, dict[Any, Any]]] = {}
        self._edge_cache: dict[tuple[int, tuple[int, ...]], list[Any]] = {}
        self._quantity_params: dict[tuple[int, str], bool] = {}

    # ------------------------------------------------------------------ labels
    def labels(
        self,
        expr: ast.AST | None,
        source: Callable[[ast.AST], frozenset[str]],
        _seen: set[int] | None = None,
        _depth: int = 0,
        *,
        stop: Callable[[ast.AST], bool] | None = None,
        origins: dict[str, ast.AST] | None = None,
    ) -> frozenset[str]:
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

        def sub(e: ast.AST | None, skip: Collection[int] = ()) -> None:  # skip: values that cannot reach e
            walked = seen | set(skip) if skip else seen
            out.update(self.labels(e, source, walked, _depth + 1, stop=stop, origins=origins))

        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup_at(expr)
            for v in assigns:
                sub(v)
            for v in iters:  # the key of `for k, v in d.items()` holds a key of d, not its values
                keys = item_key_sources(self, expr, v)
                for part in keys if keys is not None else [v]:
                    sub(part)
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
            if status == "unknown":  # d["day"] does not read what d["clinic"] = v stored
                sub(expr.value, other_key_stores(self, expr.value, expr.slice))
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
        elif isinstance(expr, (ast.Starred, ast.Await, ast.NamedExpr, ast.FormattedValue)):
            sub(expr.value)
        elif isinstance(expr, ast.Call):
            self._call_labels(expr, source, seen, _depth, sub)
        for extra in self._extra_edges(expr):  # .append(), class attributes, instance methods
            sub(extra)
        return frozenset(out)

    # ------------------------------------------------------------------ literals and quantities
    def literal_only(self, expr: ast.AST | None, _depth: int = 0, _seen: set[int] | None = None) -> bool:
        """Whether ``expr`` is made only of literals: constants, f-strings, operators,
        containers, ``"...".format(...)``/``join``/``strip`` of them, and names whose every
        binding that reaches this read (:meth:`lookup_at`) is made only of literals — a
        loop variable over a constant list included.  Such a value is source code, not data
        (``PREFILL = ""``, a constant f-string, ``messages`` rebuilt from literals)."""
        if expr is None or _depth > 20:
            return False
        seen = _seen if _seen is not None else set()
        if id(expr) in seen:
            return True  # a cycle adds nothing new
        seen.add(id(expr))

        def lit(e: ast.AST | None) -> bool:
            return self.literal_only(e, _depth + 1, seen)

        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.JoinedStr):
            return all(lit(v.value) for v in expr.values if isinstance(v, ast.FormattedValue))
        if isinstance(expr, ast.FormattedValue):
            return lit(expr.value)
        if isinstance(expr, ast.BinOp):
            return lit(expr.left) and lit(expr.right)
        if isinstance(expr, ast.UnaryOp):
            return lit(expr.operand)
        if isinstance(expr, (ast.BoolOp,)):
            return all(lit(v) for v in expr.values)
        if isinstance(expr, ast.IfExp):
            return lit(expr.body) and lit(expr.orelse)
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return all(lit(e) for e in expr.elts)
        if isinstance(expr, ast.Dict):
            return all(k is None or lit(k) for k in expr.keys) and all(lit(v) for v in expr.values)
        if isinstance(expr, ast.Starred):
            return lit(expr.value)
        if isinstance(expr, ast.Subscript):
            return lit(expr.value) and lit(expr.slice)
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup_at(expr)
            if param is not None or not (assigns or iters):
                return False
            return all(lit(v) for v in (*assigns, *iters, *self.added_at(expr)))
        if isinstance(expr, ast.Call):
            func = expr.func
            args = [*expr.args, *(kw.value for kw in expr.keywords)]
            if isinstance(func, ast.Attribute) and func.attr in CONTENT_METHODS and self.called_function(expr) is None:
                return lit(func.value) and all(lit(a) for a in args)
            if (
                isinstance(func, ast.Name)
                and func.id in ("str", "dict", "list", "tuple")
                and func.id not in self.functions
                and func.id not in self.r.aliases
            ):
                return all(lit(a) for a in args)
        return False

    def quantity(self, expr: ast.AST | None, _depth: int = 0) -> bool:
        """Whether ``expr`` is a number or a boolean, not content: a numeric or boolean
        constant, a comparison, ``not``, ``len()``/``int()``/``round()``/``sum()`` …,
        ``.count()``/``.index()``/``.find()``, arithmetic of numbers, an ``enumerate``
        index, a ``range`` item, a function of this module whose every return is one, and
        names whose reaching bindings (or, for a parameter, its arguments) are all numbers.  A page
        number that appears in a prompt is not prompt content."""
        if expr is None or _depth > 12:
            return False
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, (int, float, bool)) or expr.value is None
        if isinstance(expr, ast.Compare):
            return True
        if isinstance(expr, ast.UnaryOp):
            return isinstance(expr.op, ast.Not) or self.quantity(expr.operand, _depth + 1)
        if isinstance(expr, ast.BinOp):
            return self.quantity(expr.left, _depth + 1) and self.quantity(expr.right, _depth + 1)
        if isinstance(expr, ast.IfExp):
            return self.quantity(expr.body, _depth + 1) and self.quantity(expr.orelse, _depth + 1)
        if isinstance(expr, ast.Call):
            func = expr.func
            fn = self.called_function(expr)
            if fn is not None:  # a function of this module that returns only numbers or booleans
                returns = self.scopes[fn].returns
                return bool(returns) and _depth < 6 and all(self.quantity(r, _depth + 3) for r in returns)
            if isinstance(func, ast.Name) and func.id not in self.functions and func.id not in self.r.aliases:
                return func.id in _QUANTITY_BUILTINS
            if isinstance(func, ast.Attribute):
                return func.attr in OPAQUE_METHODS
            return False
        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup_at(expr)
            if param is not None and scope is not None:
                return self._quantity_param(scope.node, param, _depth)
            if not (assigns or iters):
                return False
            return all(self.quantity(v, _depth + 1) for v in assigns) and all(
                isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "range" for v in iters
            )
        return False

    def _quantity_param(self, fn: ast.AST, param: ast.arg, depth: int) -> bool:
        """A parameter annotated ``int``/``float``/``bool``, or whose every argument at the
        call sites of this file (and default) is a number (memoized per parameter)."""
        ann = param.annotation
        if isinstance(ann, ast.Name) and ann.id in ("int", "float", "bool"):
            return True
        if ann is not None or isinstance(fn, ast.Lambda):
            return False
        memo = self._quantity_params
        key = (id(fn), param.arg)
        if key not in memo:
            memo[key] = False  # a recursive call site proves nothing
            sources = self._parameter_sources(fn).get(param.arg, [])
            memo[key] = bool(sources) and all(self.quantity(v, depth + 1) for v in sources)
        return memo[key]

    def _call_labels(
        self,
        call: ast.Call,
        source: Callable[[ast.AST], frozenset[str]],
        seen: set[int],
        depth: int,
        sub: Callable[..., None],
    ) -> None:
        q = self.r.qualname(call.func)
        func = call.func
        name = func.id if isinstance(func, ast.Name) else None
        if name in OPAQUE_BUILTINS and name not in self.functions:
            return
        fn = self.called_function(call)
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
            # x.format(...), "".join(x), x.strip(), obj.method(...): the receiver and the arguments;
            # d.get("day") does not read what d["clinic"] = v stored
            sub(
                func.value, other_key_stores(self, func.value, call.args[0]) if func.attr == "get" and call.args else ()
            )
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
        if isinstance(m, ast.Dict) or (
            isinstance(m, ast.Call) and isinstance(m.func, ast.Name) and m.func.id == "dict"
        ):
            return self.mapping_get(container, key)
        return "unknown", None

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
        if self.called_function(call) is not None:
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
            yield from self.added_at(expr)
        elif isinstance(expr, ast.Attribute):
            klass = self.instance_class(expr.value)
            if (
                klass is None
                and isinstance(expr.value, ast.Name)
                and expr.value.id in self.module_classes()
                and expr.value.id not in self.r.aliases
            ):
                klass = self.module_classes()[expr.value.id]
            if klass is not None:
                yield from idx["attrs"].get((klass, expr.attr), ())
                yield from idx["body"].get((klass, expr.attr), ())
                if not (isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls")):
                    for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, []):
                        yield v
        elif isinstance(expr, ast.Call) and self.called_function(expr) is None:
            fn = self.callee(expr)
            if fn is not None and getattr(fn, "name", "") != "__init__":
                yield from self.scopes[fn].returns
            elif isinstance(expr.func, ast.Name) and expr.func.id in self.module_classes():
                yield from expr.args
                yield from (kw.value for kw in expr.keywords)

    def _flow_edges(self, expr: ast.AST, stack: Stack) -> Iterator[Edge]:
        """Where the value of ``expr`` comes from: ``(upstream node, what happens, call stack,
        whether the message describes the upstream node rather than expr)``.  The same edges as :meth:`labels` (plus :meth:`_extra_edges`), except
        that calls of this module's functions are followed into their return values with the
        call remembered, so a parameter leads back to that call's argument only."""

        def short(node: ast.AST) -> str:
            try:
                text = ast.unparse(node)
            except Exception:  # pragma: no cover - unparse of odd (hostile) nodes
                text = type(node).__name__
            text = " ".join(text.split())
            return text if len(text) <= 40 else text[:37] + "..."

        if isinstance(expr, ast.Name):
            assigns, iters, defining, param = self.lookup_at(expr)
            for v in assigns:
                yield v, f"assigned to `{expr.id}`", stack, True
            for v in iters:
                keys = item_key_sources(self, expr, v)
                for part in keys if keys is not None else [v]:
                    yield (
                        part,
                        f"iterated as `{expr.id}`" if keys is None else f"a key iterated as `{expr.id}`",
                        stack,
                        True,
                    )
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
            if name in OPAQUE_BUILTINS and name not in self.functions:
                return
            if (name or self.r.qualname(func)) in OPAQUE_FUNCTIONS and name not in self.functions:
                return
            if isinstance(func, ast.Attribute) and func.attr in OPAQUE_METHODS:
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

    def trace(
        self,
        expr: ast.AST | None,
        source: Callable[[ast.AST], frozenset[str]],
        *,
        max_states: int = 20000,
        stop: Callable[[ast.AST], bool] | None = None,
        exact: bool = False,
    ) -> list[tuple[ast.AST, str]] | None:
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
        ``max_states`` (node, call stack) states are explored per name.  ``stop(node)``: a
        node (other than ``expr``) whose own sources are not followed (a Claude request whose
        reply is not the data being traced).  ``exact``: the shortest path itself, without
        the per-name reuse (a message that names the source must name the nearest one)."""
        if expr is None:
            return None
        if exact:
            chain = self._trace(expr, source, None, 0, max_states, stop)
            return None if chain is None else merge_lines(chain)
        caches = self._trace_caches
        key = (id(source), id(stop))
        entry = caches.get(key)
        if entry is None or entry[0] is not source or entry[1] is not stop:
            entry = caches[key] = (source, stop, {})
        chain = self._trace(expr, source, entry[2], 0, max_states, stop)
        return None if chain is None else merge_lines(chain)

    def reaching(self, exprs: list[ast.expr], max_states: int) -> Iterator[ast.AST]:
        """The nodes whose value reaches ``exprs`` (the content of one request), breadth
        first, at most ``max_states`` (node, call stack) states: the flow edges of
        :meth:`trace`, except that a parameter reached without the call that entered its
        function is not widened to every caller's argument (the request's own instructions,
        as health data by context and a helper's summary read them)."""
        seen: set[tuple[int, tuple[int, ...]]] = set()
        queue: list[tuple[ast.AST, Stack]] = [(e, ()) for e in exprs]
        head = 0
        while head < len(queue) and len(seen) < max_states:
            node, stack = queue[head]
            head += 1
            key = (id(node), tuple(id(c) for c in stack))
            if key in seen:
                continue
            seen.add(key)
            yield node
            for child, msg, new_stack, _at in self._flow_edges_cached(node, stack):
                if child is None or (not stack and msg.startswith("parameter ")):
                    continue
                queue.append((child, new_stack))

    def _flow_edges_cached(self, node: ast.AST, stack: Stack) -> list[Edge]:
        cache = self._edge_cache
        key = (id(node), tuple(id(c) for c in stack))
        found = cache.get(key)
        if found is None:
            found = cache[key] = list(self._flow_edges(node, stack))
        return found

    def _trace(
        self,
        expr: ast.AST,
        source: Callable[[ast.AST], frozenset[str]],
        cache: dict[Any, Any] | None,
        depth: int,
        max_states: int,
        stop: Callable[[ast.AST], bool] | None = None,
    ) -> list[tuple[ast.AST, str]] | None:
        """Raw chain (source first, each node with its message) from a source to ``expr``."""
        start: StateKey = (id(expr), ())
        parent: dict[StateKey, StateKey | None] = {start: None}
        info: dict[StateKey, tuple[ast.AST, str, bool]] = {start: (expr, "", False)}
        queue: list[tuple[ast.AST, Stack]] = [(expr, ())]
        head = 0
        found_key: StateKey | None = None
        prefix: list[tuple[ast.AST, str]] | None = None  # a cached chain ending at the found node
        label = ""
        while head < len(queue) and len(parent) <= max_states:
            node, stack = queue[head]
            head += 1
            key = (id(node), stack)
            labels = source(node)
            if labels:
                found_key, label = key, min(labels)
                break
            if stop is not None and node is not expr and stop(node):
                continue
            if cache is not None and node is not expr and not stack and isinstance(node, ast.Name) and depth < 40:
                # what lies behind a name depends on its binding only: computed once per binding
                assigns, iters, defining, param = self.lookup_at(node)
                # the bindings that reach this read (flow-sensitive), not the name alone
                bkey = (
                    id(defining.node) if defining is not None else 0,
                    node.id,
                    tuple(id(v) for v in (*assigns, *iters)),
                    param is not None,
                )
                sub = cache.get(bkey)
                if bkey not in cache:
                    cache[bkey] = _IN_PROGRESS
                    sub = self._trace(node, source, cache, depth + 1, max_states, stop)
                    cache[bkey] = sub
                if sub is None:
                    continue  # no source behind this name
                if sub is not _IN_PROGRESS:
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
        k: StateKey | None = found_key
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
