"""Autofix (``claude-lint check --fix`` / ``--diff-fixes``): apply the fixes the rules propose,
losslessly, through libcst.

The engines only produce findings.  A rule that can repair some of its findings does two
things, both in its own file:

* when it reports, it attaches a :class:`~claude_lint.model.Fix` to the finding — a title and
  small JSON data (optionally the anchor it edits: ``line``/``column``/``end_line``/
  ``end_column``, 1-based, code points, file coordinates; by default the finding's location);
* it defines ``fix(self, finding, site) -> list[Edit] | None``, called here with a
  :class:`~claude_lint.rulekit.edits.Site` — the libcst nodes around the anchor — and
  returning :class:`~claude_lint.rulekit.edits.Edit` objects, or None when the concrete
  tree shows the fix is not safe at this place.

This module parses each file with findings to fix once with libcst, locates every anchor
in one code-generation pass of its own (on a 120 KB file: about 70 ms, plain code generation
55 ms, where libcst's PositionProvider takes 330-640 ms and its scope metadata far more),
applies all edits of the file in one transformer, checks that the result still parses with
``ast``, and writes it (or returns a diff).  libcst is imported only here and in
:mod:`claude_lint.rulekit.edits`, both only when fixing: a plain ``check`` never pays for it.

What is never fixed: notebooks (their cells sit inside JSON: skipped with a note), files
that do not parse (``ast`` first: libcst is never handed a file Python itself rejects),
suppressed or baselined findings, findings of rules left out by ``--select``/``--ignore`` or
the policy.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import difflib
import io
import os
import re
import stat
import tokenize
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click
import libcst as cst
from libcst._nodes.internal import CodegenState

from . import registry
from .model import Finding
from .rule import Rule
from .rulekit.edits import Edit, Entry, Site, is_docstring  # Edit, Site: also the rule-facing API
from .runner import run
from .safeio import read_regular, write_atomic

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
_PY_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------- locating anchors


class _Locator(CodegenState):
    """One code-generation pass that records, for each target offset, the chain of nodes
    containing it (innermost first) with their start and end offsets."""

    def __init__(self, module: cst.Module, targets: Iterable[int]):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = 0
        self.targets = sorted(set(targets))
        self.chains: dict[int, list[Entry]] = {}
        self._open: list[tuple[cst.CSTNode, int]] = []
        self._waiting: dict[int, list[Entry]] = {}

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for t in self.indent_tokens:
            self.offset += len(t)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.offset -= len(self.tokens.pop())

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._open.append((node, self.offset))

    def after_codegen(self, node: cst.CSTNode) -> None:
        _node, start = self._open.pop()
        end = self.offset
        waiting = self._waiting.pop(id(node), None)
        if waiting:
            for entry in waiting:
                entry.end = end
        if end <= start:
            return
        targets = self.targets
        i = bisect.bisect_left(targets, start)
        while i < len(targets) and targets[i] < end:
            t = targets[i]
            if t not in self.chains:
                chain = [Entry(node, start, end)] + [Entry(n, s) for n, s in reversed(self._open)]
                for entry in chain[1:]:
                    self._waiting.setdefault(id(entry.node), []).append(entry)
                self.chains[t] = chain
            i += 1


def locate(module: cst.Module, targets: Iterable[int]) -> dict[int, list[Entry]]:
    loc = _Locator(module, targets)
    module._codegen(loc)
    return loc.chains


# --------------------------------------------------------------------------- one file


@dataclass
class FileResult:
    path: Path
    display: str
    before: str = ""
    after: str = ""
    fixed: list[Finding] = field(default_factory=list)
    #: why the file was left alone (empty when it was fixed, or nothing applied)
    skipped: str = ""
    #: how to write it back as it was read
    encoding: str = "utf-8"
    bom: bool = False
    #: the permission bits of the file read (the rewritten file keeps them)
    mode: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.fixed) and self.after != self.before


def _line_starts(text: str, python_lines: bool) -> list[int]:
    starts = [0]
    if python_lines:
        starts.extend(m.end() for m in _PY_LINE_BREAK.finditer(text))
    else:
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
    return starts


def _offset(starts: list[int], text: str, line: int, column: int) -> int | None:
    if not 0 < line <= len(starts):
        return None
    off = starts[line - 1] + max(0, column - 1)
    return off if off <= len(text) else None


class _FileFixer:
    def __init__(self, path: Path, display: str, text: str, tree: ast.Module, module: cst.Module):
        self.path, self.display, self.text, self.tree, self.module = path, display, text, tree, module
        self._only_os: dict[tuple[str, bool], bool] = {}

    # -- os.environ ---------------------------------------------------------------------
    def _os_imports(self) -> list[tuple[int, str, bool]]:
        """Module-level imports that reach ``os.environ``: (statement index, name, is_environ)."""
        out = []
        for i, stmt in enumerate(self.module.body):
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        dotted = self.module.code_for_node(alias.name)
                        if alias.asname is not None and dotted == "os":
                            out.append((i, alias.asname.name.value, False))  # type: ignore[union-attr]
                        elif alias.asname is None and (dotted == "os" or dotted.startswith("os.")):
                            out.append((i, "os", False))
                elif (
                    isinstance(small, cst.ImportFrom)
                    and not small.relative
                    and small.module is not None
                    and self.module.code_for_node(small.module) == "os"
                    and not isinstance(small.names, cst.ImportStar)
                ):
                    for alias in small.names:
                        if alias.name.value == "environ":
                            out.append((i, alias.asname.name.value if alias.asname else "environ", True))  # type: ignore[union-attr]
        return out

    def _only_os_binds(self, name: str, environ: bool) -> bool:
        """``name`` is bound in the file only by imports of ``os`` (or of ``os.environ``)."""
        key = (name, environ)
        if key not in self._only_os:
            self._only_os[key] = self._binds_only_os(name, environ)
        return self._only_os[key]

    def _binds_only_os(self, name: str, environ: bool) -> bool:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)) and node.id == name:
                return False
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
                return False
            if isinstance(node, ast.arg) and node.arg == name:
                return False
            if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
                return False
            if isinstance(node, ast.ExceptHandler) and node.name == name:
                return False
            if isinstance(node, ast.Import):
                for a in node.names:
                    bound = a.asname or a.name.split(".")[0]
                    if bound == name and (environ or (a.name != "os" and not a.name.startswith("os."))):
                        return False
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    if (a.asname or a.name) == name and not (
                        environ and node.module == "os" and a.name == "environ" and not node.level
                    ):
                        return False
            if type(node).__name__ in ("MatchAs", "MatchStar") and getattr(node, "name", None) == name:
                return False
            if type(node).__name__ == "MatchMapping" and getattr(node, "rest", None) == name:
                return False
        return True

    def env_read(
        self, var: str, stmt: cst.CSTNode | None, quote: str
    ) -> tuple[cst.BaseExpression, frozenset[str]] | None:
        index = next((i for i, s in enumerate(self.module.body) if s is stmt), len(self.module.body))
        for i, name, is_environ in self._os_imports():
            if i < index and self._only_os_binds(name, is_environ):
                code = f"{name}[{quote}{var}{quote}]" if is_environ else f"{name}.environ[{quote}{var}{quote}]"
                return cst.parse_expression(code), frozenset()
        if not self._only_os_binds("os", False):
            return None
        return cst.parse_expression(f"os.environ[{quote}{var}{quote}]"), frozenset({"os"})

    def add_import_os(self, module: cst.Module) -> cst.Module:
        """``import os`` after the docstring and ``__future__`` imports: at the head of the
        import block when there is one (its leading comments stay above it)."""
        body = list(module.body)
        i = 1 if body and is_docstring(body[0]) else 0
        while i < len(body) and _is_future(body[i]):
            i += 1
        new = cst.parse_statement("import os\n", config=module.config_for_parsing)
        if i < len(body) and _is_import(body[i]):
            new = new.with_changes(leading_lines=body[i].leading_lines)
            body[i] = body[i].with_changes(leading_lines=[])
        elif i < len(body):
            if i > 0:
                new = new.with_changes(leading_lines=[cst.EmptyLine()])
            if not body[i].leading_lines:
                body[i] = body[i].with_changes(leading_lines=[cst.EmptyLine()])
        elif i > 0:
            new = new.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(i, new)
        return module.with_changes(body=body)


def _is_future(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(s, cst.ImportFrom) and isinstance(s.module, cst.Name) and s.module.value == "__future__"
        for s in stmt.body
    )


def _is_import(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
    )


class _Apply(cst.CSTTransformer):
    def __init__(self, edits: dict[int, list[Edit]]):
        super().__init__()
        self.edits = edits
        self.applied: set[int] = set()

    def on_leave(self, original_node, updated_node):
        edits = self.edits.get(id(original_node))
        if not edits:
            return updated_node
        for e in edits:
            updated_node = e.change(updated_node)
        self.applied.add(id(original_node))
        return updated_node


def _decode(data: bytes) -> tuple[str, str, bool] | None:
    """(text, encoding, had BOM) as the runner decodes; None when it cannot."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8-sig" if bom else "utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        pass
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding, False
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


#: the largest file --fix reads (the runner's default --max-file-size)
MAX_FIX_BYTES = 10 * 1024 * 1024


def _outside(path: Path, root: Path | None) -> str:
    """Why ``path`` must not be rewritten ("" when it may be): a symbolic link (its target
    is left alone, wherever it is) or a file that is not really below the scanned root."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"not readable: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link: its target is not rewritten"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if root is not None:
        real, top = os.path.realpath(path), os.path.realpath(root)
        if os.path.commonpath([real, top]) != top:
            return "outside the scanned tree (a folder on its path is a symbolic link)"
    return ""


def fix_file(
    path: Path,
    display: str,
    findings: Sequence[Finding],
    rules: Mapping[str, object],
    text_rules: frozenset[str] = frozenset(),
    root: Path | None = None,
) -> FileResult:
    """Apply the fixes of ``findings`` (all of one file) and return the new text; nothing is
    written here.  ``path`` is the file the run read (never rebuilt from the displayed
    name); ``root``: the scanned root it must lie in."""
    res = FileResult(path, display)
    if path.suffix.lower() == ".ipynb":
        res.skipped = "notebooks are not fixed"
        return res
    if path.suffix.lower() not in PYTHON_SUFFIXES:
        return res
    why = _outside(path, root)
    if why:
        res.skipped = why
        return res
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FIX_BYTES:
                res.skipped = "not a regular file" if not stat.S_ISREG(st.st_mode) else "too large to fix"
                return res
            res.mode = st.st_mode
        finally:
            os.close(fd)
        data = read_regular(path, MAX_FIX_BYTES, follow=False)
    except OSError as exc:
        res.skipped = f"not readable: {exc.strerror or exc}"
        return res
    decoded = _decode(data)
    if decoded is None:
        res.skipped = "not valid text in its encoding"
        return res
    text, res.encoding, res.bom = decoded
    res.before = res.after = text
    from .engines.python import too_costly

    why = too_costly(text)
    if why is not None:  # what the engine does not parse is not handed to ast and libcst here either
        res.skipped = f"not parsed: {why}"
        return res
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        res.skipped = "does not parse"
        return res
    try:
        module = cst.parse_module(text)
    except Exception as exc:  # ParserSyntaxError, RecursionError …: leave the file as it is
        res.skipped = f"libcst cannot parse it ({type(exc).__name__})"
        return res
    fixer = _FileFixer(path, display, text, tree, module)

    starts = {True: _line_starts(text, True), False: None}
    anchors: list[tuple[Finding, int, int]] = []
    for f in findings:
        python_lines = f.rule_id not in text_rules
        if starts[python_lines] is None:
            starts[python_lines] = _line_starts(text, python_lines)
        data_ = dict(f.fix.data) if f.fix else {}
        loc = f.location
        line, col = data_.get("line", loc.line), data_.get("column", loc.column)
        end_line, end_col = data_.get("end_line", loc.end_line), data_.get("end_column", loc.end_column)
        s = _offset(starts[python_lines], text, line, col)  # type: ignore[arg-type]
        e = _offset(starts[python_lines], text, end_line, end_col)  # type: ignore[arg-type]
        if s is None or e is None or e < s:
            continue
        anchors.append((f, s, e))
    if not anchors:
        return res
    try:
        chains = locate(module, (s for _f, s, _e in anchors))
    except RecursionError:
        res.skipped = "nesting too deep to fix"
        return res

    edits: dict[int, list[Edit]] = {}
    owner: dict[int, str] = {}  # id(node) -> the rule whose edit it takes
    per_finding: list[tuple[Finding, list[Edit]]] = []
    for f, s, e in anchors:
        chain = chains.get(s)
        rule = rules.get(f.rule_id)
        if not chain or rule is None:
            continue
        try:
            got = list(rule.fix(f, Site(fixer, s, e, chain)) or ())  # type: ignore[attr-defined]
        except Exception:  # a rule's fix failing leaves that finding alone
            got = []
        if not got or any(owner.get(id(x.node), f.rule_id) != f.rule_id for x in got):
            continue  # nothing safe here, or another rule already edits that node: the finding stays
        for edit in got:
            if id(edit.node) not in owner:  # the same literal reported twice is edited once
                owner[id(edit.node)] = f.rule_id
                edits.setdefault(id(edit.node), []).append(edit)
        per_finding.append((f, got))
    if not per_finding:
        return res

    try:
        transformer = _Apply(edits)
        new_module = module.visit(transformer)
        if any("os" in e.requires for _f, es in per_finding for e in es if id(e.node) in transformer.applied):
            new_module = fixer.add_import_os(new_module)
        new_text = new_module.code
    except Exception as exc:  # RecursionError, CSTValidationError …: leave the file as it is
        res.skipped = f"the fix could not be applied ({type(exc).__name__})"
        return res
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(new_text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        res.skipped = "the fixed code would not parse: nothing written (please report this)"
        return res
    res.after = new_text
    res.fixed = [f for f, es in per_finding if all(id(e.node) in transformer.applied for e in es)]
    return res


def write(res: FileResult) -> None:
    data = res.after.encode(res.encoding)
    if res.bom:
        data = codecs.BOM_UTF8 + data
    if _outside(res.path, None):  # it became a link since it was read: leave it
        raise OSError(f"{res.display} is no longer a regular file")
    # atomically, keeping the permission bits; a link planted meanwhile is replaced, not followed
    write_atomic(res.path, data, mode=res.mode)


# --------------------------------------------------------------------------- a whole run


@dataclass
class FixReport:
    files: list[FileResult]

    @property
    def changed(self) -> list[FileResult]:
        return [r for r in self.files if r.changed]

    @property
    def fixed_count(self) -> int:
        return sum(len(r.fixed) for r in self.changed)

    def diff(self) -> str:
        """One unified diff of every changed file, credentials redacted and made inert like
        every other output (:func:`.textsafe.block`: the preview is for reading; ``--fix``
        applies it)."""
        out: list[str] = []
        for r in self.changed:
            out.extend(
                difflib.unified_diff(
                    r.before.splitlines(keepends=True),
                    r.after.splitlines(keepends=True),
                    fromfile=f"a/{r.display}",
                    tofile=f"b/{r.display}",
                )
            )
        text = "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in out
        )
        from .textsafe import block

        return block(text)


def fixable(finding: Finding, rule_classes: Mapping[str, type[Rule]]) -> bool:
    cls = rule_classes.get(finding.rule_id)
    return finding.fix is not None and finding.suppression is None and cls is not None and cls.defines("fix")


def fix_findings(findings: Iterable[Finding], cwd: Path, sources: dict | None = None) -> FixReport:
    """Fix every fixable, unsuppressed finding (grouped per file); nothing is written.

    ``sources`` maps a finding's displayed path to the run's :class:`SourceFile`: the file
    fixed is the one the run read, inside its root.  A displayed path is not a file name
    (a name that is not valid UTF-8 is shown with ``\\xNN`` escapes, which may name another
    file, or a link); without ``sources`` the displayed path is used, still never through
    a link."""

    classes = {c.id: c for c in registry.rule_classes()}
    rules = {rid: cls() for rid, cls in classes.items() if cls.defines("fix")}
    text_rules = frozenset(rid for rid, cls in classes.items() if "python" not in cls.engines)
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if fixable(f, classes):
            by_file.setdefault(f.location.path, []).append(f)
    results = []
    for display, fs in sorted(by_file.items()):
        if sources is None:
            results.append(fix_file(cwd / display, display, fs, rules, text_rules, root=cwd))
            continue
        if display not in sources or sources[display] is None:
            why = "not a file of this run" if display not in sources else "two files are shown under this name"
            results.append(FileResult(cwd / display, display, skipped=why))
            continue
        sf = sources[display]
        results.append(fix_file(sf.path, display, fs, rules, text_rules, root=None if sf.explicit else sf.root))
    return FixReport(results)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fix_run(options, result, *, preview: bool, echo=None, echo_err=None):
    """The ``--fix`` / ``--diff-fixes`` step of ``claude-lint check``: fix the findings of
    ``result``; with ``preview`` print the diff and return ``result`` unchanged, else write
    the files and return a fresh run over the same paths (what is left)."""

    echo = echo or (lambda s: click.echo(s, nl=False))
    echo_err = echo_err or (lambda s: click.echo(s, err=True))
    report = fix_findings(result.active_findings, result.cwd, getattr(result, "sources", None))
    for r in report.files:
        if r.skipped:
            echo_err(f"claude-lint: {r.display}: not fixed: {r.skipped}")
    n, m = report.fixed_count, len(report.changed)
    if preview:
        diff = report.diff()
        if diff:
            echo(diff)
        echo_err(
            f"claude-lint: would fix {_plural(n, 'finding')} in {_plural(m, 'file')} (--diff-fixes: nothing written)"
        )
        return result
    for r in report.changed:
        try:
            write(r)
        except OSError as exc:
            echo_err(f"claude-lint: {r.display}: not fixed: cannot write it: {exc.strerror or exc}")
            r.fixed = []
    n, m = report.fixed_count, len(report.changed)
    echo_err(f"claude-lint: fixed {_plural(n, 'finding')} in {_plural(m, 'file')}")
    if not m:
        return result
    return run(options)
