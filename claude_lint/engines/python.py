"""The Python engine: parse each candidate file once with ``ast`` and run every Python rule
in one traversal.

Why ``ast`` and not libcst metadata: measured on Claude-heavy code, ``ast.parse`` with
positions is about 10x cheaper than libcst's parse alone and 40x cheaper than libcst with
scope/qualified-name metadata (README, Architecture).  Import aliases are resolved by a
light pass of our own (:class:`Resolver`); positions are computed only for reported nodes;
libcst is kept for lossless autofix.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .. import keys, timings
from ..model import (
    Confidence,
    Finding,
    FlowStep,
    Fix,
    Location,
    Notice,
    NoticeKind,
    Rule,
    Severity,
    location_from_chars,
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: A file is parsed only if its bytes mention something Claude-related.
PREFILTER_RE = re.compile(rb"(?i)anthropic|claude|sk-ant-")

#: Nodes that open a new statement (for suppression spans).
_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    getattr(ast, "TryStar", ast.Try),
    getattr(ast, "Match", ast.If),
)


@dataclass
class PythonSource:
    """Python text to analyse, with a map from its lines back to the file's lines.

    For a ``.py`` file the map is the identity.  For a notebook the text is the code cells
    joined, ``line_map[i]`` is the ``.ipynb`` line holding virtual line ``i + 1`` and
    ``cell_map[i]`` its cell number (1-based).
    """

    text: str
    line_map: list[int] | None = None
    cell_map: list[int] | None = None
    #: per virtual line, the column offset of that source line inside the file line
    col_map: list[int] | None = None
    #: the file's own lines (for a notebook: the JSON text), for columns of reported nodes
    file_lines: list[str] | None = None

    def file_line(self, line: int) -> int:
        if self.line_map and 0 < line <= len(self.line_map):
            return self.line_map[line - 1]
        return line

    def file_column(self, line: int, col: int) -> int:
        """0-based column in the file line of 0-based column ``col`` of virtual line ``line``
        (a notebook overrides this to account for JSON escapes)."""
        if self.col_map and 0 < line <= len(self.col_map):
            return col + self.col_map[line - 1]
        return col

    def cell(self, line: int) -> int | None:
        if self.cell_map and 0 < line <= len(self.cell_map):
            return self.cell_map[line - 1]
        return None


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
            return None if right is None else left + right
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


class PythonContext:
    """What a rule sees of one Python file during the traversal."""

    def __init__(self, path: str, source: PythonSource, tree: ast.Module, policy: Any, options: dict[str, dict]):
        self.path = path
        self.source = source
        self.text = source.text
        # lines as Python counts them (str.splitlines also breaks at \x0c, \x1c, \u2028 …)
        self.lines = _LINE_BREAK.split(source.text)
        self.tree = tree
        self.policy = policy
        self.resolver = Resolver(tree)
        self.findings: list[Finding] = []
        self.current_stmt: ast.stmt | None = None
        self.stmt_stack: list[ast.stmt] = []
        self._options = options
        self._rule: type[Rule] | None = None
        self._facts = None

    @property
    def facts(self):
        """The shared resolver of clients, requests and label flow (built on first use)."""
        if self._facts is None:
            from .flow import Facts

            if timings.ENABLED:
                timings.start()
                self._facts = Facts(self.tree, self.resolver)
                timings.stop("facts (scopes)")
            else:
                self._facts = Facts(self.tree, self.resolver)
        return self._facts

    # The rule being dispatched is tracked by the engine so report() needs no rule argument.
    def options(self) -> dict:
        assert self._rule is not None
        return self._options.get(self._rule.id, {})

    def qualname(self, node: ast.AST | None) -> str | None:
        return self.resolver.qualname(node)

    def string_value(self, node: ast.AST | None) -> str | None:
        return self.resolver.string_value(node)

    # -- positions -----------------------------------------------------------------------
    def _char_col(self, line: int, byte_col: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))

    def location(self, node: ast.AST) -> Location:
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", line) or line
        col = self._char_col(line, getattr(node, "col_offset", 0))
        end_col = self._char_col(end_line, getattr(node, "end_col_offset", 0) or 0)
        src = self.source
        if src.line_map:
            # a notebook: report at the .ipynb line holding the source line; columns are
            # shifted by the position of the source text inside that JSON line
            file_lines = self._file_lines()
            fl, fel = src.file_line(line), src.file_line(end_line)
            return location_from_chars(
                self.path, file_lines, fl, src.file_column(line, col), fel, src.file_column(end_line, end_col)
            )
        return location_from_chars(self.path, self.lines, line, col, end_line, end_col)

    def _file_lines(self) -> list[str]:
        return self.source.file_lines or []

    def span_of(self, stmt: ast.stmt | None, node: ast.AST) -> tuple[int, int]:
        """First and last (virtual) line of the statement holding ``node``; for a compound
        statement only its header."""
        if stmt is None:
            line = getattr(node, "lineno", 1)
            return line, getattr(node, "end_lineno", line) or line
        start = stmt.lineno
        if isinstance(stmt, _COMPOUND) and getattr(stmt, "body", None):
            decorators = getattr(stmt, "decorator_list", [])
            if decorators:
                start = min(start, min(d.lineno for d in decorators))
            end = max(start, stmt.body[0].lineno - 1)
            node_line = getattr(node, "lineno", start)
            if node_line > end:  # e.g. inside an else-branch header or handler: fall back to the node
                return node_line, getattr(node, "end_lineno", node_line) or node_line
            return start, end
        return start, stmt.end_lineno or start

    # -- reporting -----------------------------------------------------------------------
    def report(
        self,
        node: ast.AST,
        message: str,
        *,
        secrets: Iterable[str] = (),
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        fix: Fix | None = None,
        flow: Iterable[tuple[ast.AST, str]] = (),
        properties: dict | None = None,
        rule_id: str | None = None,
    ) -> None:
        rule = self._rule
        assert rule is not None, "report() called outside a rule"
        secrets = tuple(secrets)
        start, end = self.span_of(self.current_stmt, node)
        snippet_lines = self.lines[start - 1 : end]
        snippet = keys.redact_text(" ".join(" ".join(snippet_lines).split()), secrets)
        props = dict(properties or {})
        cell = self.source.cell(getattr(node, "lineno", 1))
        if cell is not None:
            props["cell"] = cell
            message = f"{message} (cell {cell})"
        self.findings.append(
            Finding(
                rule_id=rule_id or rule.id,
                message=keys.redact_text(message, secrets),
                location=self.location(node),
                severity=severity or rule.severity,
                confidence=confidence or rule.confidence,
                snippet=snippet,
                span=(self.source.file_line(start), self.source.file_line(end)),
                fix_hint=rule.fix_hint,
                fix=fix,
                flow=tuple(FlowStep(self.location(n), keys.redact_text(m, secrets)) for n, m in flow),
                properties=props,
            )
        )


class _Dispatch:
    """Binds the rules' ``visit_<Node>`` methods once per run."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = [r for r in rules if "python" in r.engines]
        self.table: dict[str, list[tuple[Rule, Callable]]] = {}
        self.finishers: list[tuple[Rule, Callable]] = []
        #: rules with a ``python_prefilter`` (a compiled ``str`` regex): a file whose text it
        #: does not match is not one the rule can fire on, and none of its methods run there
        self.gated: list[tuple[str, re.Pattern[str]]] = [
            (r.id, pre) for r in self.rules if (pre := getattr(r, "python_prefilter", None)) is not None
        ]
        # with timings on, each rule's methods run in a timer charged to the rule
        wrap = (lambda rule, fn: timings.timed(f"rule {rule.id}", fn)) if timings.ENABLED else (lambda rule, fn: fn)
        for rule in self.rules:
            for name in dir(rule):
                if name.startswith("visit_"):
                    self.table.setdefault(name[6:], []).append((rule, wrap(rule, getattr(rule, name))))
            if hasattr(rule, "finish"):
                self.finishers.append((rule, wrap(rule, rule.finish)))


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.stmt | None]]:
    """Pre-order walk without recursion (deeply nested code cannot overflow the stack),
    yielding each node with its innermost enclosing statement."""
    stack: list[tuple[ast.AST, ast.stmt | None]] = [(tree, None)]
    pop, push = stack.pop, stack.append
    AST, STMT = ast.AST, ast.stmt
    while stack:
        node, stmt = pop()
        if isinstance(node, STMT):
            stmt = node
        yield node, stmt
        # ast.iter_child_nodes, inlined (its generator and iter_fields were half the walk)
        children: list[ast.AST] = []
        add = children.append
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, AST):
                add(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        add(item)
        for child in reversed(children):
            push((child, stmt))


def parse(path: str, source: PythonSource) -> tuple[ast.Module | None, Notice | None]:
    """Parse ``source``; on failure return a notice instead of raising."""
    try:
        with warnings.catch_warnings():
            # invalid escape sequences warn (3.12: SyntaxWarning on stderr) and under
            # -W error would even fail the parse: not the linter's business
            warnings.simplefilter("ignore")
            return ast.parse(source.text, filename=path), None
    except SyntaxError as exc:
        line = source.file_line(exc.lineno or 0) if exc.lineno else 0
        hint = ""
        if re.search(r"^\s*(print\s+[\"'\w]|exec\s+[\"']|except\s+\w+\s*,\s*\w+\s*:)", source.text, re.M):
            hint = " (this looks like Python 2 code)"
        return None, Notice(NoticeKind.SYNTAX_ERROR, f"not parsed: {exc.msg}{hint}; the key scan still ran", path, line)
    except (RecursionError, MemoryError):
        return None, Notice(NoticeKind.TOO_DEEP, "not parsed: nesting too deep for the parser; the key scan still ran", path)
    except ValueError as exc:  # e.g. source code string cannot contain null bytes
        return None, Notice(NoticeKind.SYNTAX_ERROR, f"not parsed: {exc}; the key scan still ran", path)


class PythonEngine:
    name = "python"

    def __init__(self, rules: Iterable[Rule]):
        self.dispatch = _Dispatch(rules)

    @property
    def active(self) -> bool:
        return bool(self.dispatch.rules)

    def scan(
        self, path: str, source: PythonSource, policy: Any, options: dict[str, dict]
    ) -> tuple[list[Finding], list[Notice], ast.Module | None]:
        """Findings and notices of one file, and its tree (None if it did not parse)."""
        timing = timings.ENABLED
        if timing:
            timings.start()
        tree, notice = parse(path, source)
        if timing:
            timings.stop("parse")
        if tree is None:
            return [], [notice] if notice else [], None
        if timing:
            # the shared list of every node (built by the first rule that asks, when timings are off)
            from .flow import tree_nodes

            timings.start()
            tree_nodes(tree)
            timings.stop("node index")
            timings.start()
        ctx = PythonContext(path, source, tree, policy, options)
        if timing:
            timings.stop("resolver")
            timings.start()
        notices: list[Notice] = []
        # rules off for this file: those its prefilter rules out, and those that failed on it
        failed: set[str] = {rid for rid, rx in self.dispatch.gated if rx.search(source.text) is None}
        table = self.dispatch.table
        for node, stmt in _walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and stmt is not None and node not in tree.body:
                ctx.resolver.add_import(node)
            handlers = table.get(type(node).__name__)
            if not handlers:
                continue
            ctx.current_stmt = stmt
            for rule, method in handlers:
                if rule.id in failed:
                    continue
                ctx._rule = type(rule)
                try:
                    method(node, ctx)
                except Exception as exc:  # one rule failing on one file must not kill the run
                    failed.add(rule.id)
                    notices.append(_internal_error(path, rule.id, exc, getattr(node, "lineno", 0)))
        ctx.current_stmt = None
        for rule, method in self.dispatch.finishers:
            if rule.id in failed:
                continue
            ctx._rule = type(rule)
            try:
                method(ctx)
            except Exception as exc:
                notices.append(_internal_error(path, rule.id, exc, 0))
        if timing:
            timings.stop("dispatch (walk)")
        return ctx.findings, notices, tree


def _internal_error(path: str, rule_id: str, exc: BaseException, line: int) -> Notice:
    return Notice(
        NoticeKind.INTERNAL_ERROR,
        f"internal error in rule {rule_id}: {type(exc).__name__}: {keys.redact_text(str(exc))[:200]}",
        path,
        line,
        rule_id,
    )
