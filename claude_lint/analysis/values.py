"""Values: the string an expression evaluates to, where it comes from (literal,
constant, variable, environment), mappings and their keys."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from .imports import Resolver, call_arg, env_var_name
from .mappings import MappingsMixin
from .remote import RemoteClass, RemoteFunction, RemoteInstance, RemoteValue, dotted_name
from .syntax import tree_nodes

#: sources of a value (ValueOrigin.source)
LITERAL, CONSTANT, VARIABLE, EXPRESSION = "literal", "constant", "variable", "expression"


ENV, ENV_DEFAULT, ENV_SET, UNKNOWN = "environment", "environment default", "environment set in code", "unknown"
#: a literal given to a parameter (its default or an argument of a call site in the file), held in
#: an attribute (``self.region = "..."``, a class attribute, a dataclass/attrs/NamedTuple field)
PARAMETER, ATTRIBUTE = "parameter", "attribute"
#: several values can reach the use (:attr:`ValueOrigin.alternatives` lists them)
SEVERAL = "several values"
#: the environment variables boto3 reads for a session's region (``boto3.Session().region_name``)
AWS_REGION_ENV = "AWS_REGION/AWS_DEFAULT_REGION"
#: the one convention for a part of a string only known at run time (:meth:`ValuesMixin.partial_string`)
UNKNOWN_PART = "\x00"


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
    #: SEVERAL: every value that can reach the use (each a ValueOrigin of its own; an UNKNOWN
    #: entry for a source the file does not show, such as a parameter with no default)
    alternatives: tuple[ValueOrigin, ...] = ()

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
        if self.source == PARAMETER:
            return f"{v} given to the parameter {self.name}{line}"
        if self.source == ATTRIBUTE:
            return f"{v} held in {self.name}{line}"
        if self.source == SEVERAL:
            known = [a for a in self.alternatives if a.value is not None]
            rest = len(self.alternatives) - len(known)
            parts = [a.describe(line_of) for a in known] + ([f"{rest} value(s) not known"] if rest else [])
            via = f" ({self.name})" if self.name else ""
            return f"one of {len(self.alternatives)} values{via}: " + "; ".join(parts)
        if self.source == EXPRESSION:
            return f"{v} built from constants"
        if self.source == ENV_DEFAULT:
            return f"{v}, the default of the environment variable {self.name}{via}"
        if self.source == ENV_SET:
            return f"{v}, written to the environment variable {self.name}{line}"
        if self.source == ENV:
            return f"the environment variable {self.name}{via}"
        return "an unknown value"


class ValuesMixin(MappingsMixin):
    """The values part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._env_writes: dict[str, tuple[str, ast.AST]] | None = None
        #: set by a project-wide index: ``(qualified name of an imported object, attribute)`` →
        #: the values that attribute can hold (``from app.config import settings`` then
        #: ``settings.aws_region`` asks ``("app.config.settings", "aws_region")``), answered
        #: with :meth:`module_attribute_values` of the defining module; an empty list: not known
        self.imported_values: Callable[[str, str], list[ValueOrigin]] | None = None

    # ------------------------------------------------------------------ values
    def value_string(self, expr: ast.AST | None, _depth: int = 0) -> str | None:
        """A string value from literals, module constants and single local assignments."""
        if expr is None or _depth > 10:
            return None
        v = self.r.string_value(expr)
        if v is not None:
            return v
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None:
                return self.value_string(assigns[0], _depth + 1)
        return None

    # ------------------------------------------------------------------ value origins
    # (added for the residency rules; general: any rule may ask where a value came from)
    def value_origin(self, expr: ast.AST | None, _depth: int = 0) -> ValueOrigin:
        """Where a string value came from: a literal, a module constant, a local variable, an
        expression of constants, ``os.getenv("X", "default")`` (also ``os.getenv("X") or
        "default"``), the environment (no default), or a literal this file writes to
        ``os.environ`` before reading it.  ``ValueOrigin.value`` is None when unknown.

        What a single assignment cannot show is asked of :meth:`value_origins` (attributes,
        parameters, settings fields, branches, lists): one value that can reach the use is
        returned as it is; several come back as one :data:`SEVERAL` origin (``value`` None,
        so a caller that wants one value sees none) listing them in ``alternatives``."""
        basic = self._basic_origin(expr, _depth)
        if basic.source != UNKNOWN or expr is None:
            return basic
        found = self.value_origins(expr)
        if not found:
            return basic
        if len(found) == 1:
            return found[0] if found[0].value is not None or found[0].source != UNKNOWN else basic
        if all(o.source == UNKNOWN for o in found):
            return basic
        name = expr.id if isinstance(expr, ast.Name) else _dotted(expr)
        return ValueOrigin(None, SEVERAL, name, expr, alternatives=tuple(found))

    def _basic_origin(self, expr: ast.AST | None, _depth: int = 0) -> ValueOrigin:
        """:meth:`value_origin` through literals, single assignments and the environment only."""
        if expr is None or _depth > 10:
            return ValueOrigin(None, UNKNOWN, node=expr)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return ValueOrigin(expr.value, LITERAL, node=expr, literal=expr)
        if isinstance(expr, ast.Name):
            assigns, iters, scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None and scope is not None:
                inner = self._basic_origin(assigns[0], _depth + 1)
                module = scope.node is self.tree
                if inner.source in (LITERAL, EXPRESSION):
                    return ValueOrigin(
                        inner.value, CONSTANT if module else VARIABLE, expr.id, expr, inner.literal, def_node=assigns[0]
                    )
                if inner.value is not None or inner.source in (ENV, ENV_DEFAULT, ENV_SET):
                    return ValueOrigin(
                        inner.value,
                        inner.source,
                        inner.name,
                        expr,
                        inner.literal,
                        via=inner.via or expr.id,
                        def_node=inner.def_node,
                    )
                return ValueOrigin(None, UNKNOWN, node=expr)
            if not assigns and not iters and param is None and self.remote is not None:
                return self._remote_value(expr)
            return ValueOrigin(None, UNKNOWN, node=expr)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            value = self._class_constant(expr.value.id, expr.attr)
            if value is not None:
                inner = self._basic_origin(value, _depth + 1)
                if inner.source in (LITERAL, EXPRESSION):
                    return ValueOrigin(
                        inner.value, CONSTANT, f"{expr.value.id}.{expr.attr}", expr, inner.literal, def_node=value
                    )
                if inner.value is not None or inner.source in (ENV, ENV_DEFAULT, ENV_SET):
                    return ValueOrigin(
                        inner.value,
                        inner.source,
                        inner.name,
                        expr,
                        inner.literal,
                        via=inner.via or f"{expr.value.id}.{expr.attr}",
                        def_node=inner.def_node,
                    )
            if self.remote is not None:
                return self._remote_value(expr)
            return ValueOrigin(None, UNKNOWN, node=expr)
        env = env_var_name(expr, self.r)
        if env is not None:
            name, default = env
            if isinstance(expr, ast.Call) and (self.r.qualname(expr.func) or "").endswith(".pop"):
                return ValueOrigin(None, UNKNOWN, node=expr)
            written = self.env_writes().get(name)
            if written is not None:
                text, node = written
                return ValueOrigin(text, ENV_SET, name, expr, node, def_node=node)
            if default is not None:
                d = self._basic_origin(default, _depth + 1)
                if d.value:  # an empty default is no default
                    return ValueOrigin(d.value, ENV_DEFAULT, name, expr, d.literal)
            return ValueOrigin(None, ENV, name, expr)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and len(expr.values) == 2:
            first = self._basic_origin(expr.values[0], _depth + 1)
            if first.source == ENV_SET:
                return first
            if first.source in (ENV, ENV_DEFAULT):
                d = self._basic_origin(expr.values[1], _depth + 1)
                if d.value is not None and first.source == ENV:
                    return ValueOrigin(d.value, ENV_DEFAULT, first.name, expr, d.literal, via=first.via)
                return first
            return ValueOrigin(None, UNKNOWN, node=expr)
        built = self.value_string(expr)
        if built is not None:
            return ValueOrigin(built, EXPRESSION, node=expr)
        return ValueOrigin(None, UNKNOWN, node=expr)

    # ---- project hook (claude_lint.project): a value bound in another module of the repository
    def _remote_value(self, expr: ast.Name | ast.Attribute) -> ValueOrigin:
        """An imported constant (``from .config import REGION``, ``config.REGION``), a class
        field default (``Config.REGION``) or a field of an imported module-level settings
        instance (``from .config import settings; settings.aws_region`` with ``aws_region:
        str = "us-east-1"`` in a ``BaseSettings``), as :class:`ValueOrigin` ``CONSTANT``
        (or ``ENV_DEFAULT`` for ``os.getenv("X", "default")`` there) named after it; its
        ``node`` is the use here (the definition is in the other module)."""
        remote = self.remote
        dotted = dotted_name(expr)
        if remote is None or dotted is None:
            return ValueOrigin(None, UNKNOWN, node=expr)
        item = remote.resolve(dotted, values=True)
        if item is None and isinstance(expr, ast.Attribute):
            owner = remote.resolve(dotted.rsplit(".", 1)[0], values=True)
            klass = owner.klass if isinstance(owner, RemoteInstance) else owner
            if isinstance(klass, RemoteClass):
                item = klass.field(expr.attr)
        if not isinstance(item, RemoteValue):
            return ValueOrigin(None, UNKNOWN, node=expr)
        return self._remote_origin(item, expr)

    def _remote_origin(self, item: RemoteValue, expr: ast.AST) -> ValueOrigin:
        remote = self.remote
        assert remote is not None
        where = f"{item.name} ({remote.display(item.place)}:{item.place.line})"
        if item.env:
            return ValueOrigin(item.value, ENV_DEFAULT, item.env, expr, None, via=where)
        return ValueOrigin(item.value, CONSTANT, where, expr, None)

    def _remote_factory_class(self, name: ast.Name) -> RemoteClass | None:
        """The class of another module whose instance a name holds through a factory of that
        module (``settings = get_settings()`` with ``@lru_cache def get_settings(): return
        Settings()``), an alternative constructor of the class (``cfg =
        Configuration.from_runnable_config(config)``) or the class called with no argument,
        bound once (in the function or at module level)."""
        remote = self.remote
        assigns, iters, _scope, param = self.lookup(name.id, self.scope(name))
        if remote is None or len(assigns) != 1 or iters or param is not None:
            return None
        made = assigns[0]
        dotted = dotted_name(made.func) if isinstance(made, ast.Call) else None
        fn = remote.resolve(dotted, values=True) if dotted is not None else None
        if isinstance(fn, RemoteClass) and isinstance(made, ast.Call) and not made.args and not made.keywords:
            return fn  # cfg = Configuration(): the class's field defaults
        return fn.returns_instance if isinstance(fn, RemoteFunction) else None

    # ---- end of the project hook

    def _class_constant(self, class_name: str, attr: str) -> ast.expr | None:
        """The value of ``attr`` assigned once in the body of the module-level class
        ``class_name`` (``class Config: REGION = "us-east-1"`` → ``Config.REGION``), unless the
        name is rebound in the module or the attribute assigned elsewhere (``self.REGION = ...``)."""
        klass = self.module_classes().get(class_name)  # a class defined twice is not known
        if klass is None or self.scopes[self.tree].assigns.get(class_name):
            return None
        found: list[ast.expr | None] = []
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
        cached = self._env_writes
        if cached is not None:
            return cached
        out: dict[str, tuple[str, ast.AST]] = {}

        def note(name_node: ast.AST | str | None, value_node: ast.AST | None) -> None:
            name = self.r.string_value(name_node) if not isinstance(name_node, str) else name_node
            lit = self.r.literal_node(value_node)
            if name and lit is not None and name not in out:
                out[name] = (str(lit.value), lit)

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

    def partial_string(self, expr: ast.AST | None, _depth: int = 0) -> str:
        """The text of an expression with :data:`UNKNOWN_PART` for each part not known statically:
        ``f"{GATEWAY}:{PORT}/v1"`` with an int ``PORT`` → ``"https://gw:8443/v1"``,
        ``f"http://{host}"`` → ``"http://\\x00"``, an unknown expression → ``UNKNOWN_PART``.
        Follows what :meth:`value_string` follows (literals, module constants, single local
        assignments), f-string parts and ``+``.  Callers that show the text render ``UNKNOWN_PART``
        their own way (``{…}`` in a message)."""
        if expr is None or _depth > 8:
            return UNKNOWN_PART
        if isinstance(expr, ast.Constant) and isinstance(expr.value, (str, int)) and not isinstance(expr.value, bool):
            return str(expr.value)
        known = self.value_string(expr)
        if known is not None:
            return known
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, param = self.lookup(expr.id, self.scope(expr))
            if len(assigns) == 1 and not iters and param is None:
                return self.partial_string(assigns[0], _depth + 1)
            return UNKNOWN_PART
        if isinstance(expr, ast.JoinedStr):
            return "".join(
                str(p.value)
                if isinstance(p, ast.Constant)
                else self.partial_string(p.value, _depth + 1)
                if isinstance(p, ast.FormattedValue) and p.format_spec is None
                else UNKNOWN_PART
                for p in expr.values
            )
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.partial_string(expr.left, _depth + 1) + self.partial_string(expr.right, _depth + 1)
        return UNKNOWN_PART

    # ------------------------------------------------------------------ every value that can reach a use
    # (issue 13, patterns 3 and 4: attributes, parameters, settings fields, branches, lists)
    def value_origins(self, expr: ast.AST | None) -> list[ValueOrigin]:
        """Every value that can reach ``expr``, each with its origin; an :data:`UNKNOWN` entry
        stands for a source the file does not show (a parameter without default or call site,
        a call into another module).  Followed: literals, constants and the environment (as
        :meth:`value_origin`), every assignment of a name that can reach the read (branches),
        parameters (their default and the arguments of the file's call sites), ``self.x`` (every
        assignment in the class's methods, an unconditional one earlier in the same method
        ending the others; the class attribute ``X = ...`` read as ``self.X``), fields of
        dataclass/attrs/NamedTuple/pydantic classes read through an instance (a
        ``BaseSettings`` field is its environment variable with the default), ``a or b``,
        ``a if c else b``, ``for x in [...]``, ``LIST[i]``, ``MAP[key]``, functions of this
        module returning values, and ``boto3.Session().region_name`` /
        ``sagemaker.Session().boto_region_name`` (the environment's AWS region).  Memoized."""
        if expr is None:
            return []
        cache: dict[int, list[ValueOrigin]] = self.__dict__.setdefault("_origins_cache", {})
        key = id(expr)
        if key not in cache:
            found = [o for o in self._origins(expr, 0, frozenset()) if o.source != _NOTHING]
            seen: set[tuple[object, ...]] = set()
            out = []
            for o in found:
                k = (o.value, o.source, o.name, id(o.def_node) if o.value is not None else 0)
                if k not in seen:
                    seen.add(k)
                    out.append(o)
            cache[key] = out
        return cache[key]

    def _origins(self, expr: ast.AST, depth: int, seen: frozenset[int]) -> list[ValueOrigin]:
        if depth > 12 or id(expr) in seen:
            return [ValueOrigin(None, UNKNOWN, node=expr)]
        seen = seen | {id(expr)}
        if isinstance(expr, ast.Constant) and not isinstance(expr.value, str):
            return [ValueOrigin(None, _NOTHING, node=expr)]  # None, a number: not a string value
        basic = self._basic_origin(expr)
        if basic.source != UNKNOWN:
            return [basic]
        d = depth + 1
        if isinstance(expr, ast.Name):
            return self._name_origins(expr, d, seen)
        if isinstance(expr, ast.Attribute):
            return self._attribute_origins(expr, d, seen)
        if isinstance(expr, ast.Subscript):
            return self._subscript_origins(expr, d, seen)
        if isinstance(expr, ast.IfExp):
            return self._origins(expr.body, d, seen) + self._origins(expr.orelse, d, seen)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            out: list[ValueOrigin] = []
            for i, v in enumerate(expr.values):
                last = i == len(expr.values) - 1
                # a falsy value (None, "") falls through to the next operand
                out += [o for o in self._origins(v, d, seen) if last or (o.source != _NOTHING and o.value != "")]
            return out
        if isinstance(expr, ast.Await):
            return self._origins(expr.value, d, seen)
        if isinstance(expr, ast.Call):
            fn = self.called_function(expr)
            if fn is not None and self.scopes[fn].returns:
                passed = self._passed_arguments(expr, fn)
                if passed is not None:  # get_config_value(cfg.writer_provider): this call's argument
                    return [o for a in passed for o in self._origins(a, d, seen)]
                return [o for r in self.scopes[fn].returns for o in self._origins(r, d, seen)]
        return [basic]

    def _passed_arguments(self, call: ast.Call, fn: ast.AST) -> list[ast.expr] | None:
        """For a helper of this file that only hands back a parameter — ``return value``,
        ``value.value`` (an enum member's value), or either in ``a if c else b``
        (langgraph's ``get_config_value(value)``: ``value if isinstance(value, str) else
        value.value``) — the arguments this call gives those parameters; None for any other
        helper (its returns are then followed as they are, every caller's argument included)."""
        params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}  # type: ignore[attr-defined]
        wanted: list[str] = []

        def param_of(e: ast.expr) -> bool:
            if isinstance(e, ast.IfExp):
                return param_of(e.body) and param_of(e.orelse)
            if isinstance(e, ast.Attribute) and e.attr == "value":
                e = e.value
            if isinstance(e, ast.Name) and e.id in params:
                wanted.append(e.id)
                return True
            return False

        if not all(r is not None and param_of(r) for r in self.scopes[fn].returns):
            return None
        found = [self.argument_for(call, fn, name) for name in dict.fromkeys(wanted)]
        return None if any(a is None for a in found) else [a for a in found if a is not None]

    def _name_origins(self, expr: ast.Name, d: int, seen: frozenset[int]) -> list[ValueOrigin]:
        assigns, iters, scope, param = self.lookup_at(expr)
        if scope is None:
            return [ValueOrigin(None, UNKNOWN, node=expr)]
        module = scope.node is self.tree
        out: list[ValueOrigin] = []
        for v in assigns:
            kind = CONSTANT if module and len(assigns) == 1 else VARIABLE
            out += [_held(o, kind, expr.id, expr, v) for o in self._origins(v, d, seen)]
        for it in iters:
            elements = self._elements(it)
            if elements is None:
                out.append(ValueOrigin(None, UNKNOWN, expr.id, expr))
                continue
            for el in elements:
                out += [_held(o, VARIABLE, expr.id, expr, el) for o in self._origins(el, d, seen)]
        if param is not None:
            sources = self._parameter_sources(scope.node).get(expr.id, [])
            if not sources:
                out.append(ValueOrigin(None, UNKNOWN, expr.id, expr))
            for src in sources:
                out += [_held(o, PARAMETER, expr.id, expr, src) for o in self._origins(src, d, seen)]
        return out or [ValueOrigin(None, UNKNOWN, node=expr)]

    def parameter_values(self, name: ast.Name) -> list[ast.expr]:
        """What flows into the parameter a name reads: its default and the arguments of the
        file's call sites (empty when ``name`` is not a parameter or an assignment ends its value)."""
        _a, _i, scope, param = self.lookup_at(name)
        if param is None or scope is None:
            return []
        return list(self._parameter_sources(scope.node).get(name.id, []))

    def _elements(self, container: ast.AST | None, _depth: int = 0) -> list[ast.expr] | None:
        """The elements of a list/tuple/set display (or a name bound to one once, a module
        constant), the values of a dict display; None when unknown."""
        if container is None or _depth > 6:
            return None
        if isinstance(container, (ast.List, ast.Tuple, ast.Set)):
            return None if any(isinstance(e, ast.Starred) for e in container.elts) else list(container.elts)
        if isinstance(container, ast.Dict):
            return None if any(k is None for k in container.keys) else list(container.values)
        if isinstance(container, ast.Name):
            assigns, iters, _s, param = self.lookup(container.id, self.scope(container))
            if len(assigns) == 1 and not iters and param is None:
                return self._elements(assigns[0], _depth + 1)
        return None

    def _subscript_origins(self, expr: ast.Subscript, d: int, seen: frozenset[int]) -> list[ValueOrigin]:
        container = expr.value
        if isinstance(container, ast.Name):
            assigns, iters, _s, param = self.lookup(container.id, self.scope(container))
            container = assigns[0] if len(assigns) == 1 and not iters and param is None else container
        elements = self._elements(container)
        if elements is None:
            return [ValueOrigin(None, UNKNOWN, node=expr)]
        index = expr.slice
        if isinstance(container, ast.Dict):
            key = self.r.string_value(index)
            for k, v in zip(container.keys, container.values):
                if key is not None and self.r.string_value(k) == key:
                    elements = [v]
                    break
        elif isinstance(container, (ast.List, ast.Tuple)) and isinstance(index, ast.Constant):
            i = index.value
            if isinstance(i, int) and not isinstance(i, bool) and -len(elements) <= i < len(elements):
                elements = [elements[i]]
        name = _dotted(expr.value)
        return [_held(o, VARIABLE, name, expr, el) for el in elements for o in self._origins(el, d, seen)]

    def _attribute_origins(self, expr: ast.Attribute, d: int, seen: frozenset[int]) -> list[ValueOrigin]:
        base = expr.value
        if expr.attr in ("region_name", "boto_region_name"):
            session = self.producer(base, lambda c: (self.r.qualname(c.func) or "") in _SESSIONS)
            if session is not None:
                given = call_arg(session, "region_name")
                if given is not None and (self.r.qualname(session.func) or "").startswith("boto3"):
                    return self._origins(given, d, seen)
                q = self.r.qualname(session.func) or ""
                return [ValueOrigin(None, ENV, AWS_REGION_ENV, expr, via=f"{q}().{expr.attr}")]
        if expr.attr == "value" and not (isinstance(base, ast.Name) and base.id in ("self", "cls")):
            # ``member.value`` of an enum member: a member whose class assigns it a string
            # stands for that string (``WriterProvider.ANTHROPIC`` → ``"anthropic"``)
            found = [o for o in self._origins(base, d, seen) if o.value is not None]
            if found:
                return found
        if isinstance(base, ast.Name) and base.id in ("self", "cls"):
            klass = self.scope(expr).klass
            if klass is None:
                return [ValueOrigin(None, UNKNOWN, node=expr)]
            return self._attr_origins(klass, expr.attr, expr, None, d, seen)
        hook = self.imported_values
        if hook is not None and isinstance(base, ast.Name) and base.id in self.r.aliases:
            found = hook(self.r.aliases[base.id], expr.attr)  # from .config import settings
            if found:
                return found
        if self.remote is not None and isinstance(base, ast.Name):
            factory = self._remote_factory_class(base)
            field = factory.field(expr.attr) if factory is not None else None
            if field is not None:  # settings = get_settings(): a settings class of another module
                return [self._remote_origin(field, expr)]
        klass = self.instance_class(base)
        if klass is None:
            return [ValueOrigin(None, UNKNOWN, node=expr)]
        made = self.producer(base, lambda c: isinstance(c.func, ast.Name) and c.func.id == klass.name)
        return self._attr_origins(klass, expr.attr, None, made, d, seen)

    def module_attribute_values(self, name: str, attr: str) -> list[ValueOrigin]:
        """The values ``<name>.<attr>`` can hold, for a module-level ``name`` of this file: an
        instance of one of its classes (``settings = Settings()``: the field's default, or the
        constructor's argument) or the class itself.  Empty when ``name`` is not such a binding.
        The other half of :attr:`imported_values`: a project-wide index answers an importing
        module's question with this method of the defining module's Facts (the origins' nodes
        then belong to the defining module)."""
        klass = self.module_classes().get(name)
        if klass is not None and not self.scopes[self.tree].assigns.get(name):
            return [o for o in self._attr_origins(klass, attr, None, None, 0, frozenset()) if o.source != _NOTHING]
        assigns = self.scopes[self.tree].assigns.get(name, [])
        if len(assigns) != 1 or not isinstance(assigns[0], ast.Call):
            return []
        made = assigns[0]
        klass = self.module_classes().get(made.func.id) if isinstance(made.func, ast.Name) else None
        if klass is None:
            return []
        return [o for o in self._attr_origins(klass, attr, None, made, 0, frozenset()) if o.source != _NOTHING]

    def attribute_values(self, klass: ast.ClassDef, attr: str) -> list[ValueOrigin]:
        """The values attribute ``attr`` of an instance of ``klass`` (a class of this file) can
        hold when nothing is passed to its constructor: a field's default (a pydantic
        ``BaseSettings`` field is its environment variable, with the default), the class
        attribute, every assignment to ``self.<attr>`` in its methods (followed to their
        sources: parameter defaults, the environment).  For a project-wide index that meets
        ``from .config import settings``: ask the Facts of the module that defines the class."""
        return [o for o in self._attr_origins(klass, attr, None, None, 0, frozenset()) if o.source != _NOTHING]

    def settings_class(self, klass: ast.ClassDef) -> str:
        """``"settings"`` for a pydantic ``BaseSettings`` class (fields read the environment),
        ``"fields"`` for a dataclass, attrs class, NamedTuple, TypedDict-like or pydantic model
        (class-body defaults are per-instance defaults the constructor may override), else ``""``."""
        bases = [self.r.qualname(b) or _dotted(b) for b in klass.bases]
        if any(b.rsplit(".", 1)[-1] == "BaseSettings" for b in bases):
            return "settings"
        decorators = [
            self.r.qualname(x.func if isinstance(x, ast.Call) else x)
            or _dotted(x.func if isinstance(x, ast.Call) else x)
            for x in klass.decorator_list
        ]
        if any(x.rsplit(".", 1)[-1] in _FIELD_DECORATORS or x in ("attr.s", "attrs.s") for x in decorators):
            return "fields"
        if any(b.rsplit(".", 1)[-1] in ("NamedTuple", "BaseModel") for b in bases):
            return "fields"
        return ""

    def _attr_origins(
        self,
        klass: ast.ClassDef,
        attr: str,
        read: ast.AST | None,
        made: ast.Call | None,
        d: int,
        seen: frozenset[int],
        _bases: int = 0,
    ) -> list[ValueOrigin]:
        label = f"self.{attr}" if read is not None else f"{klass.name}.{attr}"
        kind = self.settings_class(klass)
        if made is not None and kind:
            given = call_arg(made, attr)  # Settings(aws_region="eu-west-1"): the instance's value
            if given is not None:
                return [_held(o, ATTRIBUTE, label, given, given) for o in self._origins(given, d, seen)]
        values = self._assigned_values(klass, attr, read)
        body = self._flow_index()["body"].get((klass, attr), [])
        out: list[ValueOrigin] = []
        if values is not None:
            for v in values:
                out += [_held(o, ATTRIBUTE, label, v, v) for o in self._origins(v, d, seen)]
            if read is not None and values and self._killed_in_method(klass, attr, read):
                return out
        if body and not self._set_in_init(klass, attr):
            for v in body:
                out += [
                    self._field_origin(o, klass, attr, kind, label, v)
                    for o in self._origins(_field_default(v), d, seen)
                ]
        if not out and not body and values in (None, []) and _bases < 4:
            for b in klass.bases:  # an attribute inherited from a class of this module
                parent = self.module_classes().get(b.id) if isinstance(b, ast.Name) else None
                if parent is not None and parent is not klass:
                    out += self._attr_origins(parent, attr, None, None, d, seen, _bases + 1)
        return out or [ValueOrigin(None, UNKNOWN, label, read or klass)]

    def _field_origin(
        self, o: ValueOrigin, klass: ast.ClassDef, attr: str, kind: str, label: str, v: ast.expr
    ) -> ValueOrigin:
        if kind != "settings" or o.value is None or o.source not in (LITERAL, EXPRESSION, CONSTANT):
            return _held(o, ATTRIBUTE, label, v, v)
        env = _field_env(v) or (self._env_prefix(klass) + attr).upper()
        return ValueOrigin(o.value, ENV_DEFAULT, env, o.node, o.literal, via=f"{klass.name}.{attr}", def_node=v)

    def _env_prefix(self, klass: ast.ClassDef) -> str:
        """``env_prefix`` of a ``BaseSettings`` class (``model_config = SettingsConfigDict(env_prefix=...)``
        or ``class Config: env_prefix = ...``)."""
        for stmt in klass.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets
            ):
                v = call_arg(stmt.value, "env_prefix") if isinstance(stmt.value, ast.Call) else None
                if v is None:
                    _status, v = self.mapping_get(stmt.value, "env_prefix")
                if v is not None:
                    return self.r.string_value(v) or ""
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if isinstance(inner, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets
                    ):
                        return self.r.string_value(inner.value) or ""
        return ""

    def _set_in_init(self, klass: ast.ClassDef, attr: str) -> bool:
        """Whether ``__init__`` assigns ``self.<attr>`` unconditionally (the class attribute is then never read)."""
        init = self.methods.get((klass, "__init__"))
        return init is not None and any(_assigns_attr(s, attr) for s in getattr(init, "body", []))

    def _assigned_values(self, klass: ast.ClassDef, attr: str, read: ast.AST | None) -> list[ast.expr] | None:
        """The values assigned to ``self.<attr>`` in the class's methods that can reach ``read``
        (any method's value for a read from outside; None when the class never assigns it)."""
        entries = self.class_attrs.get(klass, {}).get(attr)
        if not entries:
            return None
        method = self._method_of(read) if read is not None else None
        by_method: dict[int, list[ast.expr]] = {}
        for value, scope in entries:
            by_method.setdefault(id(scope.node), []).append(value)
        out: list[ast.expr] = []
        for key, values in by_method.items():
            fn = next(s.node for v, s in entries if id(s.node) == key)
            if method is not None and fn is method:
                before = [v for v in values if _line(v) < _line(read)]
                out += _surviving(fn, before, attr)
            else:
                out += _surviving(fn, values, attr)
        return out

    # ------------------------------------------------------------------ holders
    def held(self, expr: ast.AST) -> list[ast.expr]:
        """What an expression may hold, one step back — the single question every "which
        Claude client, chain or model is this?" query composes (``client``,
        ``content_client``, :meth:`producer`, hence every rule): ``await x`` → ``x``; ``x or Default()`` and
        ``a if c else b`` → their operands; a name → the assignments and loop bindings that reach
        it, and for a parameter its default and the arguments the file's call sites pass;
        ``self.x`` → the values the class's methods assign that reach the read (a reassignment
        ends the old one), else its class attribute (:meth:`attribute_holds`); a call of a
        function or method of this module (a factory, ``Cls.from_x(...)``) → its return values.
        Depth and cycles are bounded by the callers' caches."""
        if isinstance(expr, ast.Await):
            return [expr.value]
        if isinstance(expr, ast.BoolOp):
            return list(expr.values)
        if isinstance(expr, ast.IfExp):
            return [expr.body, expr.orelse]
        if isinstance(expr, ast.Name):
            assigns, iters, _scope, _param = self.lookup_at(expr)
            return [*assigns, *iters, *self.parameter_values(expr)]
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            if klass is None:
                return []
            return self.attribute_holds(klass, expr.attr, expr) or self.field_arguments(klass, expr.attr)
        if isinstance(expr, ast.Call):
            fn = self.callee(expr)
            if fn is not None and not (isinstance(fn, ast.FunctionDef) and fn.name == "__init__"):
                return list(self.scopes[fn].returns)
        if isinstance(expr, ast.Subscript):
            return self._entries(expr.value, expr.slice)
        return []

    def _dict_names(self) -> frozenset[str]:
        """Names some assignment of the file binds to a dict literal (a cheap test before the
        reaching definitions of ``clients[region]``)."""

        def find() -> frozenset[str]:
            return frozenset(
                t.id
                for n in tree_nodes(self.tree)
                if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Dict)
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                if isinstance(t, ast.Name)
            )

        found = self.memo("values.dict_names", find)
        assert isinstance(found, frozenset)
        return found

    def _entries(self, container: ast.expr, key: ast.expr) -> list[ast.expr]:
        """``clients[region]``: the values of a dict literal the container is (or a name bound
        to one): the entry of a constant key the dict has, else every value."""
        wanted = key.value if isinstance(key, ast.Constant) else None
        out: list[ast.expr] = []
        held: list[ast.expr] = []
        if isinstance(container, ast.Name) and container.id in self._dict_names():
            held = self.held(container)
        for c in (container, *held):
            if not isinstance(c, ast.Dict):
                continue
            pairs = [(k, v) for k, v in zip(c.keys, c.values, strict=True) if k is not None]
            chosen = [v for k, v in pairs if isinstance(k, ast.Constant) and wanted is not None and k.value == wanted]
            out.extend(chosen or [v for _k, v in pairs])
        return out

    def field_arguments(self, klass: ast.ClassDef, attr: str) -> list[ast.expr]:
        """The values this file's constructor calls give a declared field (``attr: LLMChain``
        in the class body, never assigned through ``self``): the ``attr=`` keyword of
        ``Cls(...)`` and of ``cls(...)`` in the class's classmethods (pydantic models,
        dataclasses, langchain ``Chain`` subclasses take their fields by keyword)."""
        if not any(
            isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and st.target.id == attr
            for st in klass.body
        ):
            return []

        def index() -> dict[int, list[ast.Call]]:
            table: dict[int, list[ast.Call]] = {}
            classes = self.module_classes()
            for node in tree_nodes(self.tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    if node.func.id == "cls":
                        k = self.scope(node).klass
                    elif node.func.id not in self.r.aliases:
                        k = classes.get(node.func.id)
                    else:
                        k = None
                    if k is not None:
                        table.setdefault(id(k), []).append(node)
            return table

        made = self.memo("values.constructions", index)
        assert isinstance(made, dict)
        return [kw.value for c in made.get(id(klass), []) for kw in c.keywords if kw.arg == attr]

    def attribute_holds(self, klass: ast.ClassDef, attr: str, read: ast.AST | None) -> list[ast.expr]:
        """The expressions ``self.<attr>`` may hold at ``read`` (the same reach as
        :meth:`value_origins`): the values the class's methods assign that survive (an
        unconditional reassignment before the read, or later in the same method, ends the old
        value), else its class-body value, else an inherited one (a class of this module)."""
        seen: set[int] = set()
        out: list[ast.expr] = []
        k: ast.ClassDef | None = klass
        while k is not None and id(k) not in seen and len(seen) < 4:
            seen.add(id(k))
            values = self._assigned_values(k, attr, read if k is klass else None)
            if values:
                out += values
                if read is not None and k is klass and self._killed_in_method(k, attr, read):
                    return out
            body = self._flow_index()["body"].get((k, attr), [])
            if body and not self._set_in_init(k, attr):
                out += [_field_default(v) for v in body]
            if out or body or values:
                return out
            parents = [self.module_classes().get(b.id) for b in k.bases if isinstance(b, ast.Name)]
            k = next((p for p in parents if p is not None), None)
        return out

    def _killed_in_method(self, klass: ast.ClassDef, attr: str, read: ast.AST) -> bool:
        """Whether the method holding ``read`` assigns ``self.<attr>`` unconditionally before it
        (then no other method's value reaches the read)."""
        method = self._method_of(read)
        if method is None:
            return False
        return any(_assigns_attr(s, attr) and s.lineno < _line(read) for s in getattr(method, "body", []))

    def _method_of(self, node: ast.AST) -> ast.AST | None:
        fn = self.scope(node).node
        return fn if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


#: not a string (``None``, a number): dropped from :meth:`ValuesMixin.value_origins`, falls through ``or``
_NOTHING = "no string"
_SESSIONS = frozenset({"boto3.Session", "boto3.session.Session", "sagemaker.Session", "sagemaker.session.Session"})
_FIELD_DECORATORS = frozenset({"dataclass", "define", "frozen", "mutable", "attrs", "s", "dataclasses.dataclass"})


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _line(node: ast.AST | None) -> int:
    return getattr(node, "lineno", 0) or 0


def _held(o: ValueOrigin, kind: str, name: str, node: ast.AST, def_node: ast.AST) -> ValueOrigin:
    """``o`` seen through a name, parameter or attribute: a literal becomes a value held there
    (``'x' given to the parameter region (line 3)``); an environment read records the name it went through."""
    if o.source in (LITERAL, EXPRESSION):
        return ValueOrigin(o.value, kind, name, node, o.literal, def_node=def_node)
    if o.source in (ENV, ENV_DEFAULT, ENV_SET) and not o.via:
        return ValueOrigin(o.value, o.source, o.name, o.node, o.literal, via=name, def_node=o.def_node)
    return o


def _field_default(v: ast.expr) -> ast.expr:
    """The default of a field: ``Field("x")``, ``Field(default="x")``, ``field(default="x")``, ``attr.ib(default=...)``."""
    if isinstance(v, ast.Call):
        name = v.func.attr if isinstance(v.func, ast.Attribute) else v.func.id if isinstance(v.func, ast.Name) else ""
        if name in ("Field", "field", "ib", "attrib"):
            for kw in v.keywords:
                if kw.arg == "default":
                    return kw.value
            if name == "Field" and v.args and not (isinstance(v.args[0], ast.Constant) and v.args[0].value is Ellipsis):
                return v.args[0]
            return ast.copy_location(ast.Constant(None), v)
    return v


def _field_env(v: ast.expr) -> str:
    """The environment variable a pydantic field names (``Field(..., env="X")``, ``validation_alias="X"``)."""
    if isinstance(v, ast.Call):
        for kw in v.keywords:
            if kw.arg in ("env", "validation_alias", "alias") and isinstance(kw.value, ast.Constant):
                return str(kw.value.value).upper() if isinstance(kw.value.value, str) else ""
    return ""


def _assigns_attr(stmt: ast.stmt, attr: str) -> bool:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
    return any(
        isinstance(t, ast.Attribute)
        and isinstance(t.value, ast.Name)
        and t.value.id in ("self", "cls")
        and t.attr == attr
        for t in targets
    )


def _surviving(fn: ast.AST, values: list[ast.expr], attr: str) -> list[ast.expr]:
    """The values of ``self.<attr>`` assigned in ``fn`` that can outlive it: an unconditional
    assignment (a statement of the method's own body) ends the ones before it."""
    body = getattr(fn, "body", [])
    last = max((s.lineno for s in body if _assigns_attr(s, attr)), default=0)
    return [v for v in values if _line(v) >= last]
