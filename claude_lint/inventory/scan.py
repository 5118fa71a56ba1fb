"""An inventory run: discovery, per-file policies, notebooks, hostile-input notices, the
result cache and the worker processes of ``check``, with the inventory's own analysis of
each file and its redaction of every output string."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import (
    notebook,  # notebook.load_notebook looked up per call (tests replace it)
    textsafe,
)
from ..cache import notice_from_json, notice_to_json
from ..discover import discover
from ..engines.python import PythonContext, PythonSource, parse
from ..filetext import BINARY_SUFFIXES, NOTEBOOK_SUFFIX, PYTHON_SUFFIXES, decode, mentions_claude
from ..model import Notice, NoticeKind
from ..runner import Runner, _display
from .collect import (
    _ANCHORED_MODULES,
    _RAW_URL_HINT,
    _RELEVANT_MODULES,
    FileInventory,
)
from .records import (
    Entry,
    InventoryResult,
    RepositorySummary,
)

# =========================================================================== files and runs


def analyse_source(
    display: str,
    source,
    policy: Any,
    remote: Callable[[ast.Module], Any] | None = None,
    imports_claude: Callable[[], bool] | None = None,
) -> tuple[list[Entry], list[Notice], bool]:
    """Entries of one Python source (a ``.py`` file or a notebook's code cells), the notices
    of what could not be analysed, and whether it parsed.  ``remote`` builds the file's
    project hook (``claude_lint.project``), as ``check`` does, so a client, helper or setting
    of another module of the repository is seen here as the rules see it; ``imports_claude``
    answers whether the file imports such a module (prefilter stage 2): then it is analysed
    even when it imports no Claude library itself (asked only in that case)."""

    tree, notice = parse(display, source)
    if tree is None:
        msg = notice.message.replace("; the key scan still ran", "") if notice else "not parsed"
        return (
            [],
            [
                Notice(
                    notice.kind if notice else NoticeKind.SYNTAX_ERROR,
                    msg + "; not inventoried",
                    display,
                    notice.line if notice else 0,
                )
            ],
            False,
        )
    ctx = PythonContext(display, source, tree, policy, {}, remote)
    nodes: set[int] = set()
    calls: list[ast.Call] = []
    body = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        nodes.add(id(node))
        if isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in body:
            ctx.resolver.add_import(node)  # imports inside functions and branches, as the engine does
    # every place is found through an import of one of these (or is a raw endpoint URL): the rest
    # of the file's analysis is skipped when there is none
    tops = {v.split(".")[0] for v in ctx.resolver.aliases.values()}
    if not tops & _RELEVANT_MODULES and not _RAW_URL_HINT.search(source.text):
        low = source.text.lower()
        anchored = any(a.decode() in low for t in tops & set(_ANCHORED_MODULES) for a in _ANCHORED_MODULES[t])
        if not anchored and (imports_claude is None or not imports_claude()):
            return [], [], True
    calls.sort(key=lambda c: (c.lineno, c.col_offset))
    entries = FileInventory(ctx).run(nodes, calls)
    return [_redacted(e) for e in entries], [], True


def _redacted(e: Entry) -> Entry:
    """Every string of an entry through the key redactor (a model id or region that holds a
    key must not print it)."""
    return Entry.from_json(_redact_obj(e.to_json()))


def _redact_obj(v):
    if isinstance(v, str):
        return textsafe.redact(v)
    if isinstance(v, list):
        return [_redact_obj(x) for x in v]
    if isinstance(v, dict):
        return {k: _redact_obj(x) for k, x in v.items()}
    return v


@dataclass
class _InventoryScan:
    """One file's inventory (picklable: it crosses from worker processes)."""

    source: Any  # SourceFile
    policy: Any
    entries: list[Entry] | None = None  # None: not scanned (binary, too large, unreadable)
    notices: list[Notice] = field(default_factory=list)
    parsed: bool = False
    #: a ``.py`` file that names nothing of Claude: looked at again after the pass if it
    #: imports a module of its repository that does (prefilter stage 2, as in ``check``)
    deferred: bool = False
    #: this scan is that second look (the file was counted the first time)
    again: bool = False


def _make_runner(options):
    class InventoryRunner(Runner):
        """``check``'s runner with its own per-file work: discovery, policies, the cache and the
        worker processes are shared."""

        def scan_file(self, sf, policy, stage2: bool = False) -> _InventoryScan:  # type: ignore[override]

            path, display = sf.path, sf.display
            suffix = path.suffix.lower()
            scan = _InventoryScan(sf, policy)
            if suffix not in PYTHON_SUFFIXES and suffix != NOTEBOOK_SUFFIX:
                return scan
            if suffix in BINARY_SUFFIXES:  # pragma: no cover - not a Python suffix
                return scan
            data = self.read_source(sf, scan.notices)  # regular files only, bounded (check's reader)
            if data is None:
                return scan
            if b"\0" in data[:8192]:
                scan.notices.append(Notice(NoticeKind.BINARY, "skipped: binary content (NUL bytes)", display))
                return scan
            scan.entries = []
            project = self.project(sf.root)
            if not mentions_claude(data):  # nothing in it names Claude: not parsed, unless
                if suffix != ".py":  # it imports a module of the repository that does
                    return scan
                if not stage2:
                    scan.deferred = True
                    return scan
                if not project.imports_claude(path, data):
                    return scan
            cache_key = None
            if self.cache is not None:
                deps = project.dependency_digest(path, data) if suffix in PYTHON_SUFFIXES else ""
                cache_key = self.cache.key(data, f"{display}\0inventory\0{deps}", self._policy_digest(policy))
                hit = self.cache.get(cache_key)
                if hit is not None:
                    try:
                        scan.entries = [Entry.from_json(e) for e in hit["entries"]]

                        scan.notices.extend(notice_from_json(n) for n in hit["notices"])
                        scan.parsed = bool(hit["parsed"])
                        return scan
                    except (KeyError, TypeError, ValueError, IndexError):
                        scan.entries, scan.notices = [], []
            text, ok = decode(data, suffix in PYTHON_SUFFIXES)
            if not ok:
                scan.notices.append(Notice(NoticeKind.DECODE_ERROR, "invalid UTF-8: not inventoried", display))
                return scan
            try:
                if suffix == NOTEBOOK_SUFFIX:
                    source, notices = notebook.load_notebook(display, text)
                    scan.notices.extend(
                        Notice(
                            n.kind,
                            n.message.replace("the key scan still ran", "not inventoried"),
                            n.path,
                            n.line,
                            n.rule_id,
                        )
                        for n in notices
                    )
                    if source is None:
                        return scan
                else:
                    source = PythonSource(text)
                entries, notices, parsed = analyse_source(
                    display,
                    source,
                    policy,
                    remote=lambda tree: project.link(path, tree),
                    imports_claude=(lambda: project.imports_claude(path, data)) if suffix == ".py" else None,
                )
                scan.entries = entries
                scan.notices.extend(notices)
                scan.parsed = parsed
            except Exception as exc:  # one file must not end the run: report it, go on
                scan.entries = []
                scan.notices.append(
                    Notice(
                        NoticeKind.INTERNAL_ERROR,
                        f"internal error while inventorying this file: {type(exc).__name__}: "
                        f"{textsafe.redact(str(exc))[:200]}",
                        display,
                    )
                )
                return scan  # not cached: a fixed claude-lint must look again
            if cache_key is not None:
                assert self.cache is not None  # a key is made only with a cache
                self.cache.put(
                    cache_key,
                    {
                        "entries": [e.to_json() for e in scan.entries],
                        "notices": [notice_to_json(n) for n in scan.notices],
                        "parsed": scan.parsed,
                    },
                )
            return scan

        def inventory(self, progress=None) -> InventoryResult:
            notices: list[Notice] = []
            work = []
            for sf in discover(self.options.paths, self.cwd, notices):
                policy = self.loader.for_path(sf.path, sf.root)
                if not policy.is_excluded(sf.path):
                    work.append((sf, policy))
            entries: list[Entry] = []
            repos: dict[Path, RepositorySummary] = {}
            scanned = parsed = 0
            deferred: list[_InventoryScan] = []
            claude_roots: set[Path] = set()

            def stage2() -> Iterator[_InventoryScan]:
                # prefilter stage 2 after the pass, as in check: only in a repository with Claude code
                for d in deferred:
                    if d.source.root in claude_roots:
                        again = self.scan_file(d.source, d.policy, stage2=True)  # asks imports_claude
                        if again.entries is not None:
                            again.again = True
                            yield again

            scans: Iterator[_InventoryScan] = itertools.chain(self._scan_all(work, progress), stage2())  # type: ignore[arg-type]
            for scan in scans:
                if scan.deferred:
                    deferred.append(scan)
                if scan.entries:
                    claude_roots.add(scan.source.root)
                notices.extend(scan.notices)
                sf = scan.source
                summary = repos.setdefault(sf.root, RepositorySummary(_display(sf.root, self.cwd) or "."))
                if scan.entries is None:
                    continue
                if not scan.again:  # counted at its first look
                    scanned += 1
                    summary.files += 1
                parsed += scan.parsed
                for e in scan.entries:
                    e = Entry(**{**e.__dict__, "repository": summary.label})
                    entries.append(e)
            entries.sort(key=lambda e: e.sort_key)
            for e in entries:
                next(r for r in repos.values() if r.label == e.repository).add(e)
            return InventoryResult(
                entries,
                sorted(notices, key=lambda n: n.sort_key),
                sorted(repos.values(), key=lambda r: r.label),
                scanned,
                parsed,
            )

    return InventoryRunner(options)


def run(options, progress: Callable[[int, int], None] | None = None) -> InventoryResult:
    """Inventory ``options.paths`` (a :class:`claude_lint.runner.RunOptions`)."""
    return _make_runner(options).inventory(progress)


__all__ = ["analyse_source", "run"]
