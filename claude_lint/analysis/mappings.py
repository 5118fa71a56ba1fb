"""Mappings: the dict an expression evaluates to and the value of one of its keys, also for
a dict bound once and extended by subscript stores before its use (``request = {...}`` then
``request["system"] = ...`` in a branch, the shape of Bedrock ``converse(**request)`` code)."""

from __future__ import annotations

import ast

from .scopes import ScopesMixin


class MappingsMixin(ScopesMixin):
    """The mappings part of :class:`~claude_lint.analysis.facts.Facts`."""

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
        if m is None and isinstance(expr, ast.Name) and _depth <= 6:
            extended = self._extended_dict(expr)
            if extended is not None:
                return self._extended_get(extended, key, _depth)
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

    def mapping_items(self, expr: ast.AST | None) -> list[tuple[str | None, ast.expr]] | None:
        """The ``(key, value)`` entries of the dict display an expression evaluates to (a
        ``**spread`` inside it or a key that is not a literal as ``(None, value)``), with the
        subscript stores that extend it (:meth:`_extended_dict`); None when not known."""
        m = self.mapping(expr)
        stores: list[tuple[str | None, ast.expr]] = []
        if m is None and isinstance(expr, ast.Name):
            extended = self._extended_dict(expr)
            if extended is not None:
                m, stores = self.mapping(extended[0]), extended[1]
        if not isinstance(m, ast.Dict):
            return None
        display = [(self.r.string_value(k) if k is not None else None, v) for k, v in zip(m.keys, m.values)]
        return display + stores

    def _extended_dict(self, name: ast.Name) -> tuple[ast.expr, list[tuple[str | None, ast.expr]]] | None:
        """A dict bound once and then extended by subscript stores in the same scope
        (``request = {"modelId": ...}`` then ``request["system"] = ...`` in a branch): the
        display and the stores as ``(key or None when not a literal, value)``; None otherwise."""
        assigns, iters, scope, param = self.lookup(name.id, self.scope(name))
        if scope is None or iters or param is not None or len(assigns) < 2:
            return None
        stores: list[tuple[str | None, ast.expr]] = []
        for node in ast.walk(scope.node):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name.id:
                        stores.append((self.r.string_value(t.slice), node.value))
        stored = {id(v) for _k, v in stores}
        rest = [a for a in assigns if id(a) not in stored]
        if len(rest) != 1 or self.mapping(rest[0]) is None:
            return None
        return rest[0], stores

    def _extended_get(
        self, extended: tuple[ast.expr, list[tuple[str | None, ast.expr]]], key: str, _depth: int
    ) -> tuple[str, ast.expr | None]:
        """:meth:`mapping_get` of an :meth:`_extended_dict`: a key only the display holds is
        found there, a key stored once (maybe in a branch) and absent from the display is that
        store's value; a key both write, or a store whose key is not known, leaves it unknown."""
        base, stores = extended
        if any(k is None for k, _v in stores):
            return "unknown", None
        written = [v for k, v in stores if k == key]
        status, found = self.mapping_get(base, key, _depth + 1)
        if not written:
            return status, found
        if len(written) == 1 and status == "absent":
            return "found", written[0]
        return "unknown", None
