"""Scopes and bindings: which names a scope binds, to which expressions; module
functions and classes, call sites and arguments, the statement around a node."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from .imports import Resolver
from .reaching import Reach, reaching
from .remote import Remote
from .syntax import tree_nodes

#: methods that put their arguments into the receiver (``messages.append(x)``)
MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "add",
        "update",
        "setdefault",
        "appendleft",
        "extendleft",
        "put",
        "put_nowait",
        "__setitem__",
    }
)


class FlowIndex(TypedDict):
    """What one walk of the file finds (:meth:`ScopesMixin._flow_index`)."""

    #: (id of the defining scope, name) -> values mutating calls and ``+=`` put into the name
    names: dict[tuple[int, str], list[ast.expr]]
    #: (class, attribute) -> values put into ``self.<attribute>`` the same way
    attrs: dict[tuple[ast.ClassDef, str], list[ast.expr]]
    #: (class, name) -> values assigned to the name in the class body
    body: dict[tuple[ast.ClassDef, str], list[ast.expr]]


Scope = ast.AST  # a Module, FunctionDef, AsyncFunctionDef or Lambda

#: the attribute of a syntax tree under which its scope build waits for a second
#: :class:`ScopesMixin` of the same tree (:meth:`ScopesMixin.lend_build`)
_LENT = "_claude_lint_scope_build"
#: what the scope build makes (:meth:`ScopesMixin._build`), lent with the tree in this order
_BUILT = ("scopes", "scope_of_node", "class_attrs", "functions", "methods", "_stmt_of", "parents")

#: the node types :meth:`ScopesMixin._record` binds or returns from (tested per node before
#: the call: a call per node of the file was a tenth of the scope build)
_RECORDED = frozenset(
    {
        ast.Assign,
        ast.AnnAssign,
        ast.AugAssign,
        ast.NamedExpr,
        ast.For,
        ast.AsyncFor,
        ast.comprehension,
        ast.ExceptHandler,
        ast.With,
        ast.AsyncWith,
        ast.Return,
        ast.Yield,
        ast.YieldFrom,
        ast.Global,
    }
)


@dataclass
class ScopeInfo:
    node: Scope
    parent: ScopeInfo | None
    klass: ast.ClassDef | None
    assigns: dict[str, list[ast.expr]] = field(default_factory=dict)
    #: names bound by ``for x in it`` / ``with it as x`` / comprehension: name -> iterable/context expr
    iter_binds: dict[str, list[ast.expr]] = field(default_factory=dict)
    params: dict[str, ast.arg] = field(default_factory=dict)
    returns: list[ast.expr] = field(default_factory=list)
    #: names declared ``global`` in the function: their bindings are the module's
    globals: set[str] = field(default_factory=set)


class ScopesMixin:
    """The scopes part of :class:`~claude_lint.analysis.facts.Facts`."""

    #: the rest of the repository (:mod:`.remote`), set by the project index; None: this file alone
    remote: Remote | None = None

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        self.tree = tree
        self.r = resolver
        self.scopes: dict[ast.AST, ScopeInfo] = {}
        self.scope_of_node: dict[int, ScopeInfo] = {}  # id(node) -> scope, for every node
        self.class_attrs: dict[ast.ClassDef, dict[str, list[tuple[ast.expr, ScopeInfo]]]] = {}
        self.functions: dict[str, ast.AST] = {}  # module-level function name -> def
        self.methods: dict[tuple[ast.ClassDef, str], ast.AST] = {}
        self._memo: dict[str, object] = {}  # per-file results shared by several rules (see memo)
        self._param_sources: dict[int, dict[str, list[ast.expr]]] = {}
        self._instance_class_cache: dict[int, ast.ClassDef | None] = {}
        self._stmt_of: dict[int, ast.stmt | None] | None = None
        self._flow_classes: dict[str, ast.ClassDef] | None = None
        self._flow_idx: FlowIndex | None = None
        self._flow_sites: dict[int, list[ast.Call]] | None = None
        self._reach_cache: dict[int, Reach | None] = {}
        lent = tree.__dict__.pop(_LENT, None)
        self._built_key = self._build_key()
        if lent is not None and lent[0] == self._built_key:
            for name, value in zip(_BUILT, lent[1:]):
                setattr(self, name, value)
        else:
            self._build()

    def _build_key(self) -> tuple[bool, bool]:
        """What the scope build reads of the resolver (:meth:`_bind_iter`)."""
        aliases = self.r.aliases
        return ("enumerate" in aliases, "zip" in aliases)

    def lend_build(self) -> None:
        """Leave this file's scope build on its tree for the next :class:`ScopesMixin` of the
        same tree (a module's project summary and its own analysis share one parse, see
        ``claude_lint.project.index``): that one takes it instead of walking the tree again.
        The build is read-only once made, and depends on the tree and the two resolver
        facts of :meth:`_build_key` only (checked when it is taken)."""
        self.tree.__dict__[_LENT] = (self._built_key, *(getattr(self, name) for name in _BUILT))

    def release(self) -> None:
        """Forget everything this analysis holds (its caches refer back to it: reference
        cycles), so that its tables go when their last other user lets go of them; the
        object must not be used afterwards."""
        self.__dict__.clear()

    @staticmethod
    def unlend(tree: ast.Module) -> None:
        """Drop a build left on ``tree`` and not taken (it refers to the tree: a cycle)."""
        tree.__dict__.pop(_LENT, None)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        """One walk of the file: scopes and bindings, and with them the innermost statement
        of every node (:meth:`statement`) and every node's parent and field (for
        :mod:`.reaching`) — three walks before, a third of the per-file analysis."""
        module = ScopeInfo(self.tree, None, None)
        self.scopes[self.tree] = module
        scope_of_node = self.scope_of_node
        stmt_of: dict[int, ast.stmt | None] = {}
        parents: dict[int, tuple[ast.AST, str]] = {}
        AST, STMT = ast.AST, ast.stmt
        stack: list[tuple[ast.AST, ScopeInfo, ast.ClassDef | None, ast.stmt | None]] = [(self.tree, module, None, None)]
        while stack:
            node, scope, klass, stmt = stack.pop()
            if isinstance(node, STMT):
                stmt = node
            scope_of_node[id(node)] = scope
            stmt_of[id(node)] = stmt
            for field_name in node._fields:  # ast.iter_child_nodes, with the field, inlined
                value = getattr(node, field_name, None)
                if isinstance(value, AST):
                    children: list[ast.AST] = [value]
                elif isinstance(value, list):
                    children = [v for v in value if isinstance(v, AST)]
                else:
                    continue
                for child in children:
                    parents[id(child)] = (node, field_name)
                    child_scope, child_class = scope, klass
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                        child_scope = ScopeInfo(child, scope, klass)
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
                    if type(child) in _RECORDED:
                        self._record(child, child_scope, child_class)
                    stack.append((child, child_scope, child_class, stmt))
        self._stmt_of = stmt_of
        #: id(node) -> (its parent, the parent's field holding it), for every node but the module
        self.parents = parents
        # ``global x`` in a function: its assignments of ``x`` bind the module's name (a chain
        # built in a startup hook and called in a request handler)
        for info in list(self.scopes.values()):
            if info.globals and info is not module:
                for name in info.globals:
                    moved = info.assigns.pop(name, None)
                    if moved:
                        module.assigns.setdefault(name, []).extend(moved)
                    bound = info.iter_binds.pop(name, None)
                    if bound:
                        module.iter_binds.setdefault(name, []).extend(bound)
        # default values and decorators run in the enclosing scope (``def f(rt=runtime)`` reads
        # the module's ``runtime``, not the parameter)
        for fn, info in self.scopes.items():
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and info.parent is not None:
                outer = [*fn.args.defaults, *(d for d in fn.args.kw_defaults if d is not None)]
                if not isinstance(fn, ast.Lambda):
                    outer += fn.decorator_list
                for expr in outer:
                    for n in ast.walk(expr):
                        if self.scope_of_node.get(id(n)) is info:
                            self.scope_of_node[id(n)] = info.parent

    def _record(self, node: ast.AST, scope: ScopeInfo, klass: ast.ClassDef | None) -> None:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                self._bind_target(t, node.value, scope, klass)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._bind_target(node.target, node.value if isinstance(node, ast.AnnAssign) else node, scope, klass)
        elif isinstance(node, ast.NamedExpr):
            self._bind_target(node.target, node.value, scope, klass)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self._bind_iter(node.target, node.iter, scope)
        elif isinstance(node, ast.Global):
            scope.globals.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name and node.type is not None:
            # except E as e: e holds an exception (its type stands for the value)
            scope.assigns.setdefault(node.name, []).append(node.type)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_iter(item.optional_vars, item.context_expr, scope)
        elif (isinstance(node, ast.Return) and node.value is not None) or (
            isinstance(node, (ast.Yield, ast.YieldFrom)) and node.value is not None
        ):
            scope.returns.append(node.value)

    def _bind_target(
        self, target: ast.AST, value: ast.expr | ast.AugAssign, scope: ScopeInfo, klass: ast.ClassDef | None
    ) -> None:
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
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id
            in (
                "self",
                "cls",
            )
        ):
            if klass is not None:
                self.class_attrs.setdefault(klass, {}).setdefault(target.attr, []).append((value, scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # d["k"] = v  /  lst[i] = v: the container holds v
            scope.assigns.setdefault(target.value.id, []).append(value)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, value, scope, klass)

    def _bind_iter(self, target: ast.AST, source: ast.expr, scope: ScopeInfo) -> None:
        if (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(source, ast.Call)
            and isinstance(source.func, ast.Name)
            and source.func.id in ("enumerate", "zip")
            and source.func.id not in self.r.aliases
            and not source.keywords[1:]
        ):
            args = [a for a in source.args if not isinstance(a, ast.Starred)]
            if source.func.id == "enumerate" and len(target.elts) == 2 and args:
                # for i, x in enumerate(xs): i is a count, x an item of xs
                index = ast.copy_location(ast.Constant(0), source)
                self._bind_target(target.elts[0], index, scope, None)
                self._bind_iter(target.elts[1], args[0], scope)
                return
            if source.func.id == "zip" and len(args) == len(source.args) == len(target.elts):
                for elt, arg in zip(target.elts, args):  # for a, b in zip(xs, ys): a from xs, b from ys
                    self._bind_iter(elt, arg, scope)
                return
        if isinstance(target, ast.Name):
            scope.iter_binds.setdefault(target.id, []).append(source)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._bind_iter(elt, source, scope)
        elif isinstance(target, ast.Starred):
            self._bind_iter(target.value, source, scope)

    # ------------------------------------------------------------------ scopes
    def scope(self, node: ast.AST) -> ScopeInfo:
        return self.scope_of_node.get(id(node)) or self.scopes[self.tree]

    def lookup(
        self, name: str, scope: ScopeInfo
    ) -> tuple[list[ast.expr], list[ast.expr], ScopeInfo | None, ast.arg | None]:
        """Assignments, iteration bindings, defining scope and parameter of ``name`` seen
        from ``scope`` (Python's LEGB, class bodies skipped)."""
        s: ScopeInfo | None = scope
        while s is not None:
            if name in s.assigns or name in s.iter_binds or name in s.params:
                return s.assigns.get(name, []), s.iter_binds.get(name, []), s, s.params.get(name)
            s = s.parent
        return [], [], None, None

    def lookup_at(self, load: ast.Name) -> tuple[list[ast.expr], list[ast.expr], ScopeInfo | None, ast.arg | None]:
        """:meth:`lookup` of a read, narrowed to the bindings that can reach it
        (:func:`~claude_lint.analysis.reaching.reaching`: a reassignment ends the old value,
        later assignments do not reach, a comprehension's variable stays inside it).  The
        parameter is None when an assignment before the read ends its value."""
        assigns, iters, defining, param = self.lookup(load.id, self.scope(load))
        reach = self._reach(load, defining)
        if reach is None:
            return assigns, iters, defining, param
        return (
            [v for v in assigns if reach.keeps(v)],
            [v for v in iters if reach.keeps(v)],
            defining,
            None if reach.killed else param,
        )

    def _reach(self, load: ast.Name, defining: ScopeInfo | None) -> Reach | None:
        cache = self._reach_cache
        if id(load) not in cache:
            cache[id(load)] = reaching(self, load, defining)
        return cache[id(load)]

    def added_at(self, load: ast.Name) -> list[ast.expr]:
        """The values mutating calls and ``+=`` put into the name read by ``load`` that can
        reach it (see :meth:`lookup_at`)."""
        _a, _i, defining, _p = self.lookup(load.id, self.scope(load))
        added = self._flow_index()["names"].get((id((defining or self.scope(load)).node), load.id), [])
        if not added:
            return added
        reach = self._reach(load, defining)
        return added if reach is None else [v for v in added if reach.keeps(v)]

    def scope_for_value(self, value: ast.AST) -> ScopeInfo:
        return self.scope(value)

    def statement(self, node: ast.AST) -> ast.stmt | None:
        """The innermost statement holding ``node`` (for reporting outside the traversal)."""
        table = self._stmt_of
        if table is None:  # pragma: no cover - _build fills it
            return None
        return table.get(id(node))

    def _parameter_sources(self, fn: ast.AST) -> dict[str, list[ast.expr]]:
        """What flows into each parameter of ``fn``: the arguments of its call sites in this
        file (:meth:`call_sites`, :meth:`argument_for`) and its default values (memoized)."""
        cache = self._param_sources
        if id(fn) not in cache:
            out: dict[str, list[ast.expr]] = {}
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return out
            args = fn.args
            names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
            for site in self.call_sites(fn):  # one indexed walk for the whole file
                for name in names:
                    arg = self.argument_for(site, fn, name)
                    if arg is not None:
                        out.setdefault(name, []).append(arg)
            positional = [*args.posonlyargs, *args.args]
            for a, d in zip(positional[len(positional) - len(args.defaults) :], args.defaults):
                out.setdefault(a.arg, []).append(d)
            for a, kd in zip(args.kwonlyargs, args.kw_defaults):
                if kd is not None:
                    out.setdefault(a.arg, []).append(kd)
            cache[id(fn)] = out
        return cache[id(fn)]

    def memo(self, key: str, factory: Callable[[], object]) -> object:
        """A per-file result shared by several rules (computed once)."""
        store = self._memo
        if key not in store:
            store[key] = factory()
        return store[key]

    def module_classes(self) -> dict[str, ast.ClassDef]:
        """Module-level classes by name (a name defined twice is left out)."""
        cached = self._flow_classes
        if cached is None:
            seen: dict[str, ast.ClassDef | None] = {}
            for stmt in self.tree.body:
                if isinstance(stmt, ast.ClassDef):
                    seen[stmt.name] = None if stmt.name in seen else stmt
            cached = {k: v for k, v in seen.items() if v is not None}
            self._flow_classes = cached
        return cached

    def _flow_index(self) -> FlowIndex:
        """One walk: what mutating calls and augmented assignments put into names and
        attributes, and the attributes assigned in class bodies."""
        cached = self._flow_idx
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
            elif (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in ("self", "cls")
            ):
                klass = self.scope(target).klass
                if klass is not None:
                    attrs.setdefault((klass, target.attr), []).append(value)

        for node in tree_nodes(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
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
                    elif (
                        isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None
                    ):
                        body.setdefault((node, stmt.target.id), []).append(stmt.value)
        cached = FlowIndex(names=names, attrs=attrs, body=body)
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
        cache = self._instance_class_cache
        key = id(expr)
        if key not in cache:
            cache[key] = self._instance_class(expr, classes)
        return cache[key]

    def _instance_class(self, expr: ast.AST, classes: dict[str, ast.ClassDef]) -> ast.ClassDef | None:
        if isinstance(expr, ast.Name):
            _a, _i, _s, param = self.lookup(expr.id, self.scope(expr))
            ann = param.annotation if param is not None else None
            if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
                return classes.get(ann.value)
            if isinstance(ann, ast.Name):
                return classes.get(ann.id)
        made = self.producer(
            expr, lambda c: isinstance(c.func, ast.Name) and c.func.id in classes and c.func.id not in self.r.aliases
        )
        return classes.get(made.func.id) if made is not None and isinstance(made.func, ast.Name) else None

    def callee(self, call: ast.Call) -> ast.AST | None:
        """The function or method of this module a call runs: module functions, ``self.m()``,
        ``obj.m()`` on an instance of a module class, ``Cls.m()``, and ``Cls(...)`` (its
        ``__init__``)."""
        fn = self.called_function(call)
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
        table = self._flow_sites
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
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        for kw in call.keywords:
            if kw.arg == param:
                return kw.value
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        if param not in params:
            return None
        index = params.index(param)
        bound = (
            bool(params)
            and params[0] in ("self", "cls")
            and (isinstance(call.func, ast.Attribute) or (isinstance(call.func, ast.Name) and fn.name == "__init__"))
        )
        if (
            bound
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in self.module_classes()
            and not any(isinstance(d, ast.Name) and d.id in ("classmethod",) for d in fn.decorator_list)
        ):
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

    def _function_of_param(self, name: str, scope: ScopeInfo) -> ast.AST | None:
        node = scope.node
        return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in scope.params else None

    def called_function(self, call: ast.Call) -> ast.AST | None:
        f = call.func
        if isinstance(f, ast.Name) and f.id in self.functions and f.id not in self.r.aliases:
            return self.functions[f.id]
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
            klass = self.scope(call).klass
            if klass is not None:
                return self.methods.get((klass, f.attr)) or self._held_function(klass, f.attr)
        return None

    def _held_function(self, klass: ast.ClassDef, attr: str) -> ast.AST | None:
        """The module function an attribute holds when it is called (``self.parser(text)``
        with ``parser: Callable = parse_raw_extract`` in the class body, or ``self.parser =
        parse_raw_extract``): the first value written in the class that names one.  A value
        the file cannot name (a parameter, a lambda, an imported function) is not followed."""
        idx = self._flow_index()
        assigned = [v for v, _s in self.class_attrs.get(klass, {}).get(attr, [])]
        for value in (*idx["body"].get((klass, attr), ()), *assigned):
            if isinstance(value, ast.Name) and value.id in self.functions and value.id not in self.r.aliases:
                return self.functions[value.id]
        return None

    def producer(
        self, expr: ast.AST | None, match: Callable[[ast.Call], bool], _depth: int = 0, _seen: set[int] | None = None
    ) -> ast.Call | None:
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
        if isinstance(expr, ast.Call) and match(expr):
            return expr
        for value in self.bindings(expr):
            found = self.producer(value, match, _depth + 1, _seen)
            if found is not None:
                return found
        return None

    def bindings(self, expr: ast.AST) -> list[ast.expr]:
        """What an expression may hold, one step back, from the bindings alone: names (every
        assignment and loop binding), ``self.x`` (every assignment in the class), the returns
        of a function of this module.  :meth:`producer` uses it, and :meth:`callee` (hence
        :meth:`call_sites`) uses :meth:`producer`, so it cannot follow parameters to call
        sites; ``ValuesMixin.held`` narrows and widens it (reaching assignments, parameters,
        class attributes, ``x or y``) for the client and chain queries."""
        if isinstance(expr, ast.Call):
            fn = self.called_function(expr)
            return list(self.scopes[fn].returns) if fn is not None else []
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            return [*assigns, *iters]
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            return [v for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, [])] if klass is not None else []
        return []
