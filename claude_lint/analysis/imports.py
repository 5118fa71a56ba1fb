"""Names: the module's imports (alias → fully qualified name) and its module-level constants,
resolved by a light pass of our own (libcst's scope metadata costs 40x an ``ast`` parse);
call arguments and environment reads by name."""

from __future__ import annotations

import ast


class Resolver:
    """Resolves names to fully qualified names through the module's imports, and string
    values through literals and module-level constants."""

    def __init__(self, tree: ast.Module) -> None:
        self.aliases: dict[str, str] = {}
        self.constants: dict[str, ast.expr] = {}
        self._assign_counts: dict[str, int] = {}
        self._scan_top_level(tree.body)

    # -- imports -----------------------------------------------------------------------
    def add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    self.aliases[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    self.aliases[top] = top
        else:
            if node.level:
                return
            module = node.module or ""
            for a in node.names:
                if a.name == "*":
                    continue
                self.aliases[a.asname or a.name] = f"{module}.{a.name}" if module else a.name

    def _scan_top_level(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.add_import(stmt)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self._note_constant(target.id, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                self._note_constant(stmt.target.id, stmt.value)
            elif isinstance(stmt, (ast.If, ast.Try)) or type(stmt).__name__ == "TryStar":
                self._scan_top_level(getattr(stmt, "body", []))
                for handler in getattr(stmt, "handlers", []):
                    self._scan_top_level(handler.body)
                self._scan_top_level(getattr(stmt, "orelse", []))
                self._scan_top_level(getattr(stmt, "finalbody", []))

    def _note_constant(self, name: str, value: ast.expr) -> None:
        self._assign_counts[name] = self._assign_counts.get(name, 0) + 1
        if self._assign_counts[name] == 1:
            self.constants[name] = value
        else:
            self.constants.pop(name, None)  # reassigned: not a constant

    # -- names ---------------------------------------------------------------------------
    def qualname(self, node: ast.AST | None) -> str | None:
        """``a.Anthropic`` → ``anthropic.Anthropic`` when ``import anthropic as a``."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = self.aliases.get(node.id)
        if base is None:
            return None
        return ".".join([base, *reversed(parts)])

    # -- values --------------------------------------------------------------------------
    def string_value(self, node: ast.AST | None, _depth: int = 0) -> str | None:
        """The string an expression evaluates to, if it is built from literals and module
        constants only."""
        if node is None or _depth > 20:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.string_value(self.constants[node.id], _depth + 1)
        if isinstance(node, ast.JoinedStr):
            out = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    out.append(str(part.value))
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1:
                    v = self.string_value(part.value, _depth + 1)
                    if v is None:
                        return None
                    out.append(v)
                else:
                    return None
            return "".join(out)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.string_value(node.left, _depth + 1)
            right = self.string_value(node.right, _depth + 1) if left is not None else None
            return None if left is None or right is None else left + right
        return None

    def literal_node(self, node: ast.AST | None, _depth: int = 0) -> ast.Constant | None:
        """The string literal node behind an expression (following module constants)."""
        if node is None or _depth > 20:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self.literal_node(self.constants[node.id], _depth + 1)
        return None


def call_arg(call: ast.Call, keyword: str | None = None, position: int | None = None) -> ast.expr | None:
    """The argument passed as ``keyword=`` or at ``position``, if any."""
    if keyword is not None:
        for kw in call.keywords:
            if kw.arg == keyword:
                return kw.value
    if position is not None and position < len(call.args):
        arg = call.args[position]
        if not isinstance(arg, ast.Starred) and not any(isinstance(a, ast.Starred) for a in call.args[:position]):
            return arg
    return None


def env_var_name(node: ast.AST, resolver: Resolver) -> tuple[str, ast.expr | None] | None:
    """For ``os.getenv("X", d)``, ``os.environ.get("X", d)``, ``os.environ["X"]`` and
    ``os.environ.setdefault("X", d)`` return ``("X", d)``."""
    if isinstance(node, ast.Call):
        q = resolver.qualname(node.func)
        if q in ("os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop"):
            name = resolver.string_value(call_arg(node, "key", 0))
            if name is not None:
                return name, call_arg(node, "default", 1)
    elif isinstance(node, ast.Subscript) and resolver.qualname(node.value) == "os.environ":
        name = resolver.string_value(node.slice)
        if name is not None:
            return name, None
    return None
