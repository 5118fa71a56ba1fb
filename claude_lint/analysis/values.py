"""Values: the string an expression evaluates to, where it comes from (literal,
constant, variable, environment), mappings and their keys."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from .imports import Resolver, env_var_name
from .remote import RemoteClass, RemoteInstance, RemoteValue, dotted_name
from .scopes import ScopesMixin
from .syntax import tree_nodes

#: sources of a value (ValueOrigin.source)
LITERAL, CONSTANT, VARIABLE, EXPRESSION = "literal", "constant", "variable", "expression"


ENV, ENV_DEFAULT, ENV_SET, UNKNOWN = "environment", "environment default", "environment set in code", "unknown"
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


class ValuesMixin(ScopesMixin):
    """The values part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._env_writes: dict[str, tuple[str, ast.AST]] | None = None

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
        ``os.environ`` before reading it.  ``ValueOrigin.value`` is None when unknown."""

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
                inner = self.value_origin(value, _depth + 1)
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
        where = f"{item.name} ({remote.display(item.place)}:{item.place.line})"
        if item.env:
            return ValueOrigin(item.value, ENV_DEFAULT, item.env, expr, None, via=where)
        return ValueOrigin(item.value, CONSTANT, where, expr, None)

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
