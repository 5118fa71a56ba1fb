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
import bisect
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import keys, timings
from ..analysis.facts import Facts
from ..analysis.imports import Resolver
from ..analysis.syntax import forget_nodes, tree_nodes
from ..model import (
    Confidence,
    Finding,
    Fix,
    FlowStep,
    Location,
    Notice,
    NoticeKind,
    Related,
    Severity,
    location_from_chars,
)
from ..rule import Rule
from ..textsafe import redact
from .text import MAX_FINDINGS_PER_RULE, SNIPPET_MAX, _truncated, excerpt

if TYPE_CHECKING:
    from ..config import Policy

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


class PythonContext:
    """What a rule sees of one Python file during the traversal."""

    def __init__(
        self,
        path: str,
        source: PythonSource,
        tree: ast.Module,
        policy: Policy,
        options: dict[str, dict],
        remote: Callable[[ast.Module], Any] | None = None,
    ):
        self.path = path
        #: builds the project hook (``claude_lint.project.FileLink``) of this file, if any
        self._remote = remote
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
        self._facts: Facts | None = None
        #: per-file state a rule shares between its hooks (keys: the rule id, dotted)
        self.scratch: dict[str, Any] = {}
        self._col_maps: dict[int, _ByteColumns] = {}
        #: findings per rule id, and the rules that reached MAX_FINDINGS_PER_RULE
        self.counts: dict[str, int] = {}
        self.truncated: set[str] = set()
        #: facts rules hand to the rest of the run (JSON-able, kept with the file's cached
        #: findings): the residency analysis's variables, for configuration files
        #: (``claude_lint.residency.config_env``)
        self.exports: dict[str, Any] = {}

    @property
    def facts(self) -> Facts:
        """The analysis of this file (:class:`claude_lint.analysis.Facts`, built on first use)."""
        if self._facts is None:
            if timings.ENABLED:
                timings.start()
                self._facts = Facts(self.tree, self.resolver)
                timings.stop("facts (scopes)")
            else:
                self._facts = Facts(self.tree, self.resolver)
            if self._remote is not None:
                self._facts.remote = self._remote(self.tree)
        return self._facts

    def release(self) -> None:
        """Drop the file's analysis once its scan ends.  Memoised results and rule state
        refer back to the context or the facts (a tracer holding the context, closures):
        reference cycles that kept the file's tree and tables alive until the next full
        collection of the garbage collector — a tree's worth of memory per analysed file
        between collections, and collections that walked them all."""
        facts, self._facts = self._facts, None
        if facts is not None:
            facts.release()
        self.scratch.clear()

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
        if text.isascii():  # O(1) in CPython: bytes are characters
            return min(byte_col, len(text))
        if len(text) > 4096:  # a long line: map through a table built once, not a copy per node
            cols = self._col_maps.get(line)
            if cols is None:
                cols = self._col_maps[line] = _ByteColumns(text)
            return cols.char_col(byte_col)
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
        related: Iterable[tuple[ast.AST, str]] = (),
        identity: str = "",
        at_statement: ast.stmt | None = None,
    ) -> int | None:
        """Report a finding at ``node``.  ``related``: other places of the same cause, each
        with a short label (SARIF relatedLocations); ``identity``: the statement text the
        fingerprint keeps when the finding moved; ``at_statement``: the statement holding
        ``node`` when it is not the one being visited (a report from ``finish``).  Returns the
        finding's index for :meth:`relate` (None when the rule's findings are capped)."""
        rule = self._rule
        assert rule is not None, "report() called outside a rule"
        rid = rule_id or rule.id
        n = self.counts[rid] = self.counts.get(rid, 0) + 1
        if n > MAX_FINDINGS_PER_RULE:
            self.truncated.add(rid)
            return None
        secrets = tuple(secrets)
        stmt = self.current_stmt if at_statement is None else at_statement
        snippet, (start, end) = self.statement_text(stmt, node, secrets)
        props = dict(properties or {})
        cell = self.source.cell(getattr(node, "lineno", 1))
        if cell is not None:
            props["cell"] = cell
            message = f"{message} (cell {cell})"
        self.findings.append(
            Finding(
                rule_id=rule_id or rule.id,
                message=redact(message, secrets),
                location=self.location(node),
                severity=severity or rule.severity,
                confidence=confidence or rule.confidence,
                snippet=snippet,
                span=(self.source.file_line(start), self.source.file_line(end)),
                fix_hint=rule.fix_hint,
                fix=fix,
                flow=tuple(FlowStep(self.location(n), redact(m, secrets)) for n, m in flow),
                properties=props,
                related=tuple(self.related(n, label, secrets) for n, label in related),
                identity=identity,
            )
        )
        return len(self.findings) - 1

    def relate(self, index: int, node: ast.AST, label: str) -> None:
        """Add ``node`` as a related location of the finding :meth:`report` returned
        ``index`` for (one finding per cause: a sibling found after the finding)."""
        found = self.findings[index]
        self.findings[index] = found.with_(related=(*found.related, self.related(node, label)))

    def related(self, node: ast.AST, label: str, secrets: Iterable[str] = ()) -> Related:
        """A related location at ``node``, carrying the text of its statement (the identity a
        finding reported there would have had)."""
        snippet, _span = self.statement_text(self.facts.statement(node), node, tuple(secrets))
        return Related(self.location(node), label, snippet)

    def statement_text(
        self, stmt: ast.stmt | None, node: ast.AST, secrets: tuple[str, ...] = ()
    ) -> tuple[str, tuple[int, int]]:
        """The normalised, redacted text of the statement holding ``node`` (the fingerprint's
        input) and its (virtual) line span."""
        start, end = self.span_of(stmt, node)
        snippet_lines = self.lines[start - 1 : end]
        if sum(len(x) for x in snippet_lines) > SNIPPET_MAX:
            # a huge statement: the node's own line around the node (cost independent of the size)
            ln = getattr(node, "lineno", start)
            text = self.lines[ln - 1] if 0 < ln <= len(self.lines) else ""
            col = self._char_col(ln, getattr(node, "col_offset", 0))
            end_col = (
                self._char_col(ln, getattr(node, "end_col_offset", 0) or 0)
                if getattr(node, "end_lineno", ln) == ln
                else len(text)
            )
            snippet_lines = [excerpt(text, 0, len(text), col, max(col, end_col))]
        return redact(" ".join(" ".join(snippet_lines).split()), secrets), (start, end)


class _ByteColumns:
    """Byte column -> character column on one long non-ASCII line, by bisection."""

    def __init__(self, text: str):
        self.byte_at: list[int] = []  # byte offset of each non-ASCII character
        self.extra: list[int] = []  # extra bytes of the non-ASCII characters up to and including it
        extra = 0
        for m in _NON_ASCII.finditer(text):
            self.byte_at.append(m.start() + extra)
            extra += len(m.group().encode("utf-8", "surrogatepass")) - 1
            self.extra.append(extra)
        self.length = len(text)

    def char_col(self, byte_col: int) -> int:
        i = bisect.bisect_left(self.byte_at, byte_col)  # non-ASCII characters before byte_col
        return min(self.length, byte_col - (self.extra[i - 1] if i else 0))


_NON_ASCII = re.compile("[^\x00-\x7f]")


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
            if rule.defines("finish"):
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


#: Per-file bounds on the parser's work (measured in the README, Security: Files and limits).
#: ``ast.parse`` of a 10 MB one-line list literal takes ~17 s and GBs of memory before any
#: rule runs, so the size of the tree is bounded *before* parsing: by the number of tokens
#: (nodes <= 2 x tokens: a node has a token of its own, or wraps one, as ``Expr`` and the
#: ``Load`` context of a name do).  The largest file of the public trees we measure has 200,000.
MAX_PYTHON_TOKENS = 500_000
#: On Python < 3.12 the parser's work on an f-string grows with (replacement fields) x
#: (length of the f-string): 80,000 nested format specs in one literal take ~50 s.  The
#: sum of that product over the f-strings of a file is bounded.
MAX_FSTRING_WORK = 2_000_000_000
_TOKEN = re.compile(r"[A-Za-z0-9_]+|[^\sA-Za-z0-9_]")
_NONWORD = bytes(c for c in range(256) if not (chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_")))
_WHITESPACE = b" \t\n\r\f\v"
_STRING_START = re.compile(r"#|([A-Za-z]{1,2})?('\'\'|\"\"\"|'|\")")
_STRING_END = {
    q: re.compile(
        rf"(?:[^\\{q[0]}\n]|\\.)*{q}" if len(q) == 1 else rf"(?:[^\\{q[0]}]|\\.|{q[0]}(?!{q[0]}{q[0]}))*{q}", re.S
    )
    for q in ("'", '"', "'''", '"""')
}


def token_count(text: str, stop: int = MAX_PYTHON_TOKENS) -> int:
    """The number of tokens in ``text`` (identifier/number runs and single other
    characters, strings and comments included: an upper bound of Python's), or any number
    above ``stop`` once it is certain to exceed it.  Cheap bounds first: a text shorter
    than ``stop`` characters cannot exceed it; then a count of characters by byte
    translation (C speed); the exact count, in chunks, only when those do not decide."""
    if len(text) <= stop:
        return len(text)
    bound = token_bound(text)
    if bound <= stop:
        return bound
    return exact_token_count(text, stop)


def token_bound(text: str) -> int:
    """An upper bound of :func:`exact_token_count` at C speed: punctuation plus one word
    run after each separator."""
    data = text.encode("utf-8", "surrogatepass")
    nonword = len(data) - len(data.translate(None, _NONWORD))
    spaces = len(data) - len(data.translate(None, _WHITESPACE))
    return 2 * nonword - spaces + 1


def exact_token_count(text: str, stop: int | None = None) -> int:
    """Identifier/number runs and single other characters (``stop``: may stop counting
    above it)."""
    count, chunk = 0, 1 << 20
    for i in range(0, len(text), chunk):
        count += _TOKEN.subn("", text[i : i + chunk])[1]  # a run split by a cut counts twice: still an upper bound
        if stop is not None and count > stop:
            break
    return count


def fstring_work(text: str) -> int:
    """Sum over the f-strings of ``text`` of (``{`` in it) x (its length): what CPython < 3.12
    spends parsing them grows with it.  Strings and comments are skipped as the tokenizer
    skips them; a prefix is taken as an f-string prefix whenever it holds an ``f``
    (over-counting ``if"…"`` is harmless)."""
    if text.count("{") * len(text) <= MAX_FSTRING_WORK:
        return 0  # cannot exceed it
    work, pos, n = 0, 0, len(text)
    while pos < n:
        m = _STRING_START.search(text, pos)
        if m is None:
            break
        if m.group() == "#":
            nl = text.find("\n", m.end())
            pos = n if nl == -1 else nl + 1
            continue
        end = _STRING_END[m.group(2)].match(text, m.end())
        stop = end.end() if end else m.end()
        if "f" in (m.group(1) or "").lower():
            work += text.count("{", m.end(), stop) * (stop - m.start())
            if work > MAX_FSTRING_WORK:
                break
        pos = stop
    return work


def too_costly(text: str) -> str | None:
    """Why the parser must not be given ``text`` (None: it may)."""
    tokens = token_count(text)
    if tokens > MAX_PYTHON_TOKENS:
        return f"over {MAX_PYTHON_TOKENS:,} tokens (--max-file-size is about bytes; this bounds the syntax tree)"
    if sys.version_info < (3, 12) and fstring_work(text) > MAX_FSTRING_WORK:
        return "f-strings too large for this Python's parser (replacement fields x length)"
    return None


def parse(path: str, source: PythonSource) -> tuple[ast.Module | None, Notice | None]:
    """Parse ``source``; on failure return a notice instead of raising."""
    why = too_costly(source.text)
    if why is not None:
        return None, Notice(NoticeKind.TOO_LARGE, f"not parsed: {why}; the key scan still ran", path)
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
        return None, Notice(
            NoticeKind.TOO_DEEP, "not parsed: nesting too deep for the parser; the key scan still ran", path
        )
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
        self,
        path: str,
        source: PythonSource,
        policy: Any,
        options: dict[str, dict],
        remote: Callable[[ast.Module], Any] | None = None,
        share: Any = None,
    ) -> tuple[list[Finding], list[Notice], ast.Module | None, dict[str, Any]]:
        """Findings and notices of one file, its tree (None if it did not parse) and what its
        rules hand to the run (``PythonContext.exports``);
        ``remote`` builds the file's project hook from its tree (``claude_lint.project``);
        ``share`` (``claude_lint.project.TreeShare``): the tree of this text its project
        summary parsed, taken instead of a second parse, or this parse left for the summary."""
        timing = timings.ENABLED
        if timing:
            timings.start()
        tree = share.take(source.text) if share is not None else None
        if tree is not None and too_costly(source.text) is not None:
            Facts.unlend(tree)
            tree = None  # the summary's parse has no such bound: this file is not analysed
        notice = None
        if tree is None:
            tree, notice = parse(path, source)
            if tree is not None and share is not None:
                share.offer(source.text, tree)
        if timing:
            timings.stop("parse")
        if tree is None:
            return [], [notice] if notice else [], None, {}
        if timing:
            # the shared list of every node (built by the first rule that asks, when timings are off)
            timings.start()
            tree_nodes(tree)
            timings.stop("node index")
            timings.start()
        ctx = PythonContext(path, source, tree, policy, options, remote)
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
        notices.extend(_truncated(path, rid, ctx.counts[rid]) for rid in sorted(ctx.truncated))
        if share is not None:
            share.lend(tree, ctx._facts)  # or lets the tree go
        else:
            forget_nodes(tree)
        findings = ctx.findings
        ctx.release()
        if timing:
            timings.stop("dispatch (walk)")
        return findings, notices, tree, ctx.exports


def _internal_error(path: str, rule_id: str, exc: BaseException, line: int) -> Notice:
    return Notice(
        NoticeKind.INTERNAL_ERROR,
        f"internal error in rule {rule_id}: {type(exc).__name__}: {keys.redact_text(str(exc))[:200]}",
        path,
        line,
        rule_id,
    )
