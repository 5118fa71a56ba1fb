"""Service code across modules: which functions of a module run in a service because service
code of *another* module of the repository calls them.

:func:`claude_lint.analysis.services.service_code` decides within one module (routes, Lambda
handlers, tasks, server modules and what they call in the same module).  A route module
usually calls helpers of other modules — ``from .chatbot.chat import chatbot``,
``GameFillGap()`` of a generator module, ``StreamHandler(...).run(...)`` of a stream module —
and their ``print()`` writes to the same service log.  :class:`ServiceReach` answers, for a
function of a module, whether service code of another module reaches it through calls of
imported names:

* **Demand-driven, backwards.** Asked only where a verdict depends on it (a ``print`` of
  Claude content outside the module's own service code, see
  :func:`claude_lint.analysis.services.service_reason`).  The answer is searched from the
  function back to its callers: its callers in its own module, then the modules that import
  those (found from import lines alone, :meth:`ServiceReach.importers`), the functions there
  that call them, and so on (at most :data:`MAX_HOPS` modules deep), until a function that is
  service code in its own module is met.
* **Calls of imported names.** A function ``f`` imported (``from .m import f``, through a
  package's ``__init__`` re-export, ``import pkg.m as m; m.f()``) and called or passed as a
  callback; a class ``C`` imported and instantiated or referenced, with its methods called by
  name in the same function (``C(...).run()``, ``h = C(); h.run()``) — ``__init__`` and
  ``__call__`` always.  A script, a CLI or a notebook importing the same helper is no
  service code of its own, so it makes nothing service code: the helper is service code only
  for the service's reach.
* **Per-module facts, cached.** What the search reads of a module — its own service code,
  its call graph, the imported names each function calls — is a small record
  (:func:`module_record`) computed from one parse and cached by content hash (with the
  digest of what it imports, which decides how its imports resolve).  A warm run reads the
  records back; a pre-commit run on a few staged files reads the import lines of the
  repository's Python files (no parse) and the cached records of the modules on the paths.
* **Findings depend on importers.** The answers a file's analysis received are stored with
  its cached findings (:meth:`ServiceReach.stamp`) and asked again when the entry is read
  back (:meth:`ServiceReach.still_valid`): an edit of a route module that stops calling the
  helper re-analyses the helper's module.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.facts import Facts
from ..analysis.imports import Resolver
from ..analysis.remote import dotted_name
from ..analysis.services import MODULE, SDK_DEBUG, callees, module_logging, service_code
from ..analysis.syntax import forget_nodes
from ..filetext import SKIP_DIRS
from ..safeio import read_regular
from .modules import ImportLine

if TYPE_CHECKING:
    from .index import FileLink, ProjectIndex

#: the record's format: bumped when its fields change (old cache entries are then ignored)
FORMAT = 4
#: how many modules back from the asking function the search goes
MAX_HOPS = 8
#: the question "which parameters do other modules fill with a Claude model"
#: (:mod:`.injected`), asked and stamped like the service questions
INJECTED = "<injected>"
#: the most Python files read for the reverse import graph of one repository
MAX_FILES = 50_000
#: bytes of a module that sets the anthropic SDK's logging itself
_SDK_LOGGER_MARKERS = (b'getLogger("anthropic', b"getLogger('anthropic", b"ANTHROPIC_LOG")
#: bytes of a module whose module-level code may configure logging
_LOGGING_MARKERS = (b"basicConfig", b"dictConfig", b"fileConfig", b"addHandler", b"setLevel", b"handlers")
#: methods a class's instantiation or call runs
_IMPLICIT = frozenset({"__init__", "__new__", "__call__", "__enter__", "__exit__", "__aenter__", "__aexit__"})
Json = dict[str, Any]
#: the largest ``langgraph.json`` read
_MAX_GRAPH_CONFIG = 256_000


def owners(tree: ast.Module) -> dict[int, str]:
    """Top-level functions and methods of top-level classes: id(node) -> "f" / "C.m"."""
    out: dict[int, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[id(stmt)] = stmt.name
        elif isinstance(stmt, ast.ClassDef):
            for sub in stmt.body:
                if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[id(sub)] = f"{stmt.name}.{sub.name}"
    return out


def owner_of(facts: Any, node: ast.AST, table: dict[int, str]) -> str:
    """The top-level function or method that is, or holds, ``node`` ("f", "C.m"), else
    :data:`MODULE` (the outermost one: a nested function belongs to its owner)."""
    found = table.get(id(node), MODULE)
    s = facts.scope(node)
    while s is not None:
        name = table.get(id(s.node))
        if name is not None:
            found = name
        s = s.parent
    return found


def module_record(facts: Facts, tree: ast.Module, link: FileLink, rel: Any) -> Json:
    """What :class:`ServiceReach` reads of one module (see the module docstring)."""
    table = owners(tree)
    nodes: dict[str, ast.AST] = {}
    for top in tree.body:
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nodes[top.name] = top
        elif isinstance(top, ast.ClassDef):
            for member in top.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    nodes[f"{top.name}.{member.name}"] = member
    code = service_code(facts)
    local: dict[str, str] = {}
    for node in ast.walk(tree):
        why = code.functions.get(id(node))
        if why is not None:  # a nested route (``@app.get`` inside a method) makes its owner one
            local.setdefault(owner_of(facts, node, table), why)
    bases = {
        stmt.name: [b.id for b in stmt.bases if isinstance(b, ast.Name)]
        for stmt in tree.body
        if isinstance(stmt, ast.ClassDef)
    }
    graph: dict[str, list[str]] = {}
    for name, node in nodes.items():
        called = {table[id(c)] for c in callees(facts, getattr(node, "body", [])) if id(c) in table}
        if "." in name:  # ``self.m()`` of a method a base class of this module defines
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Attribute)
                    and isinstance(sub.func.value, ast.Name)
                    and sub.func.value.id in ("self", "cls")
                ):
                    base = _inherited(nodes, bases, name.split(".", 1)[0], sub.func.attr)
                    if base is not None:
                        called.add(base)
        called.discard(name)
        if called:
            graph[name] = sorted(called)
    body = [t for t in tree.body if not isinstance(t, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    calls: dict[str, list[list[str]]] = {}
    attrs: dict[str, list[str]] = {}
    per_owner: dict[str, tuple[set[tuple[str, str]], set[str]]] = {}
    owned: list[tuple[str, list[ast.AST]]] = [(n, [nd]) for n, nd in nodes.items()]
    owned.append((MODULE, list(body)))
    for name, stmts in owned:
        targets: set[tuple[str, str]] = set()
        methods: set[str] = set()
        inner = _inner_imports(link, stmts) if name != MODULE else {}
        for part in stmts:
            for sub in ast.walk(part):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
                    methods.add(sub.func.attr)
                if not isinstance(sub, (ast.Name, ast.Attribute)) or not isinstance(sub.ctx, ast.Load):
                    continue
                target = _imported(link, sub)
                if target is None and inner and isinstance(sub, ast.Name):
                    target = inner.get(sub.id)
                if target is not None:
                    module, attr = _defining(link.index, *target)
                    targets.add((rel(module), attr))
        per_owner[name] = (targets, methods)
    # an instance held in an attribute (``self.critic = Critic()`` in ``__init__``) is called
    # in another method (``self.critic.critique(text)``): each method of a class may call the
    # methods of a class another of its methods references ("held", matched by method name)
    held: dict[str, list[list[str]]] = {}
    for name, (targets, methods) in per_owner.items():
        cls = name.split(".", 1)[0] if "." in name and name != MODULE else ""
        if cls:
            union = {t for other, (ts, _m) in per_owner.items() if other.startswith(cls + ".") for t in ts}
            if union - targets and methods:
                held[name] = sorted([p, n] for p, n in union - targets)
        if targets:
            calls[name] = sorted([p, n] for p, n in targets)
        if targets or name in held:
            attrs[name] = sorted(methods)
    return {
        "held": held,
        "format": FORMAT,
        "whole": code.reason if code.whole_module else "",
        "entry": min(local.values()) if local else "",
        "module_level": code.module_level,
        "local": local,
        "graph": graph,
        "calls": calls,
        "attrs": attrs,
    }


def _inherited(nodes: dict[str, ast.AST], bases: dict[str, list[str]], cls: str, method: str) -> str | None:
    """ "B.m" for ``self.m()`` in class ``cls`` when ``cls`` or a base class of this module (by
    name, a few levels up) defines ``m``."""
    work = [cls]
    for _depth in range(8):
        if not work:
            break
        c = work.pop(0)
        if f"{c}.{method}" in nodes:
            return f"{c}.{method}"
        work.extend(bases.get(c, ()))
    return None


def _imported(link: FileLink, node: ast.AST) -> tuple[Path, str] | None:
    """The (module, name) of another repository module that a name or attribute chain reads:
    ``helper`` (``from .m import helper``), ``m.helper`` (``from . import m``, ``import
    pkg.m as m``), ``pkg.m.helper`` (``import pkg.m``); None for anything else."""
    dotted = dotted_name(node)
    found = link.target(dotted) if dotted is not None else None
    if found is None:
        return None
    module, attr, rest = found
    if attr:
        return module, attr
    if not rest or isinstance(getattr(node, "ctx", None), ast.Store):
        return None
    return module, rest[0]


def _inner_imports(link: FileLink, stmts: list[ast.AST]) -> dict[str, tuple[Path, str]]:
    """Names a function binds by its own ``from .m import f`` (an import inside the handler,
    to defer loading a graph: ``from src.graph import build_graph``) -> (module, name)."""
    out: dict[str, tuple[Path, str]] = {}
    folder = str(link.path.parent)
    for part in stmts:
        for sub in ast.walk(part):
            if not isinstance(sub, ast.ImportFrom) or sub.level is None:
                continue
            for alias in sub.names:
                if alias.name == "*":
                    continue
                line = ImportLine(sub.level, sub.module or "", alias.name)
                found = link.index.modules.resolve_in(folder, line)
                if found is not None and found[0] != link.path and found[1]:
                    out[alias.asname or alias.name] = found
    return out


def _defining(index: ProjectIndex, module: Path, name: str) -> tuple[Path, str]:
    """Where a name a package ``__init__`` re-exports is defined (``from .chat import
    chatbot`` in ``ai/__init__.py``), a few re-exports deep; else ``(module, name)``."""
    for _depth in range(4):
        if module.name != "__init__.py":
            break
        nxt = next(
            (t for line, t in index.resolved_imports(module) if line.name == name and t is not None and t[1]),
            None,
        )
        if nxt is None or nxt[0] == module:
            break
        module, name = nxt
    return module, name


class ServiceReach:
    """Cross-module service reach for one repository root (see the module docstring)."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._importers: dict[Path, list[Path]] | None = None
        self._records: dict[Path, Json] = {}
        self._answers: dict[tuple[Path, str], str | None] = {}
        #: per analysed file, the questions its analysis asked and the answers (for the cache)
        self.asked: dict[Path, dict[str, str | None]] = {}
        self.computed = 0  # records computed (not read from the cache) in this run
        self._logging: dict[Path, tuple[bool, bool]] = {}
        #: the ``langgraph.json`` files met by the walk of :meth:`_reverse`
        self._graph_configs: list[Path] = []
        self._deployed: dict[Path, str] | None = None

    # -- the reverse import graph ------------------------------------------------------------
    def importers(self, path: Path) -> list[Path]:
        """The repository modules that import ``path`` (from import lines alone; a package
        ``__init__`` that imports from it counts, and its own importers with it)."""
        if self._importers is None:
            self._importers = self._reverse()
        return self._importers.get(path, [])

    def _reverse(self) -> dict[Path, list[Path]]:
        """The reverse import graph.  With a cache it is one entry, keyed by the listing of
        the repository's Python files (paths, sizes, modification times: one walk and a stat
        each), so a warm run — a pre-commit run on a few staged files — reads no file for it."""
        index = self.index
        files: list[tuple[str, int, int]] = []
        for folder, dirs, names in os.walk(index.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(names):
                if name == "langgraph.json":
                    self._graph_configs.append(Path(folder) / name)
                if name.endswith(".py") and len(files) < MAX_FILES:
                    full = os.path.join(folder, name)
                    try:
                        st = os.stat(full, follow_symlinks=False)
                    except OSError:
                        continue
                    files.append((full, st.st_size, st.st_mtime_ns))
        key = None
        if index.cache is not None:
            h = hashlib.sha256(f"rev{FORMAT}\0{index.salt}\0{index.root}\0".encode())
            for full, size, mtime in files:
                h.update(f"{full}\0{size}\0{mtime}\0".encode("utf-8", "surrogateescape"))
            key = "w" + h.hexdigest()[1:]
            hit = index.cache.get(key)
            if isinstance(hit, dict):
                root = index.root
                return {root / k: [root / v for v in vs] for k, vs in hit.items()}
        out: dict[Path, set[Path]] = {}
        for file, _size, _mtime in files:
            path = Path(file)
            for _line, target in index.resolved_imports(path):
                if target is not None and target[0] != path:
                    out.setdefault(target[0], set()).add(path)
        graph = {k: sorted(v) for k, v in out.items()}
        if key is not None:
            try:
                index.cache.put(key, {index.rel(k): [index.rel(v) for v in vs] for k, vs in graph.items()})
            except (ValueError, TypeError, RecursionError):
                pass
        return graph

    # -- records -----------------------------------------------------------------------------
    def record(self, path: Path) -> Json:
        """The record of one module (memoised, cached by content hash)."""
        found = self._records.get(path)
        if found is None:
            found = self._records[path] = self._record(path)
        return found

    def _record(self, path: Path) -> Json:
        result, computed = module_record_cached(
            self.index,
            path,
            "svc",
            "v",
            FORMAT,
            lambda facts, tree, link: module_record(facts, tree, link, self.index.rel),
        )
        self.computed += computed
        return result

    # -- the search --------------------------------------------------------------------------
    def reach(self, path: Path, name: str) -> str | None:
        """Why function ``name`` ("f", "C.m") of module ``path`` runs as a service because
        service code of another module calls it (a reason for messages), or None."""
        key = (path, name)
        if key not in self._answers:
            deployed = self.deployed(path) if name not in (SDK_DEBUG, INJECTED) else None
            if deployed is not None:
                self._answers[key] = deployed
            elif name == MODULE:
                self._answers[key] = self._imported_by_service(path)
            elif name == SDK_DEBUG:
                self._answers[key] = self._sdk_debug(path)
            elif name == INJECTED:
                self._answers[key] = self.index.injections.answer(path)
            else:
                self._answers[key] = self._search(path, name)
        return self._answers[key]

    def process_of(self, path: Path) -> tuple[Path, str] | None:
        """The service module whose process imports ``path`` (transitively, from import
        lines: the nearest one, then by path) and why it is one; None when no service module
        of the repository imports it (a script's, a CLI's or a library's module)."""
        seen = {path}
        frontier = [path]
        for _hop in range(MAX_HOPS):
            following: list[Path] = []
            for module in frontier:
                for importer in self.importers(module):
                    if importer in seen:
                        continue
                    seen.add(importer)
                    rec = self.record(importer)
                    why = self._local(rec, MODULE) or self.deployed(importer)
                    if why is not None:
                        return importer, why
                    following.append(importer)
            if not following:
                return None
            frontier = sorted(following)
        return None

    def _imported_by_service(self, path: Path) -> str | None:
        found = self.process_of(path)
        return f"imported by {self.index.rel(found[0])}, {found[1]}" if found is not None else None

    def _sdk_debug(self, path: Path) -> str | None:
        """Whether the process that runs ``path`` (itself a service module, or imported by
        one) sends Claude requests with the anthropic SDK whose logger level nobody sets (a
        module of its import closure imports ``anthropic``; none names the ``anthropic``
        logger or ``ANTHROPIC_LOG``): then a root logger at DEBUG lets the SDK's records of
        every request's options through.  The module that imports the SDK, or None."""
        start = path if self._local(self.record(path), MODULE) is not None else None
        if start is None:
            found = self.process_of(path)
            if found is None:
                return None
            start = found[0]
        index = self.index
        seen = {start}
        work = [start]
        user: Path | None = None
        while work and len(seen) < MAX_FILES:
            module = work.pop()
            data = index.read(module) or b""
            if any(marker in data for marker in _SDK_LOGGER_MARKERS):
                return None  # the program sets the SDK's logging itself
            lines = index.resolved_imports(module)
            if user is None and any(
                not line.level and line.module.split(".", 1)[0] == "anthropic" for line, _t in lines
            ):
                user = module
            for _line, target in lines:
                if target is not None and target[0] not in seen:
                    seen.add(target[0])
                    work.append(target[0])
        return index.rel(user) if user is not None else None

    def _search(self, path: Path, name: str) -> str | None:
        seen = {(path, name)}
        frontier = [(path, name)]
        for _hop in range(MAX_HOPS):
            following: list[tuple[Path, str]] = []
            for module, fn in frontier:
                handles = self._handles(module, fn)
                for importer in self._callers_modules(module):
                    rec = self.record(importer)
                    calls = rec.get("calls") or {}
                    for owner in sorted({*calls, *(rec.get("held") or {})}):
                        targets = calls.get(owner) or []
                        if not self._calls(rec, owner, targets, module, handles):
                            continue
                        why = self._local(rec, owner) or self.deployed(importer)
                        if why is not None:
                            return f"reached from {why.removeprefix('called from ')} in {self.index.rel(importer)}"
                        if owner != MODULE and (importer, owner) not in seen:
                            seen.add((importer, owner))
                            following.append((importer, owner))
            if not following:
                return None
            frontier = following
        return None

    # -- graphs a LangGraph server runs ------------------------------------------------------
    def deployed(self, path: Path) -> str | None:
        """Why module ``path`` runs in a LangGraph server, or None: a ``langgraph.json`` of the
        repository names it among its ``graphs`` (``"agent": "./pkg/agent.py:graph"``, paths
        relative to the file; https://langchain-ai.github.io/langgraph/cloud/reference/cli/
        #configuration-file).  ``langgraph dev`` / ``langgraph up`` and LangGraph Platform
        import the module and run its nodes in the API server, whose standard output is the
        deployment's log."""
        if self._deployed is None:
            self.importers(path)  # the walk that meets the configuration files
            self._deployed = {}
            for config in self._graph_configs:
                for module, graph in _graph_modules(config, self.index.root):
                    self._deployed.setdefault(module, f"the graph {graph!r} of {self.index.rel(config)}")
        why = self._deployed.get(path)
        return f"a module the LangGraph server runs ({why})" if why is not None else None

    def _callers_modules(self, module: Path) -> list[Path]:
        """The modules that may call into ``module``: its importers, and those of the package
        ``__init__`` files that import from it (re-exports), a few levels up."""
        out: list[Path] = []
        seen = {module}
        work = [module]
        while work:
            m = work.pop()
            for imp in self.importers(m):
                if imp in seen:
                    continue
                seen.add(imp)
                if imp.name == "__init__.py":
                    work.append(imp)
                out.append(imp)
        return sorted(out)

    def _handles(self, module: Path, fn: str) -> set[tuple[str, str]]:
        """What another module calls to run ``fn`` of ``module``: ``fn`` itself and its callers
        inside the module, as (name, method) pairs — ("f", "") for a function, ("C", "m") for
        a method of class C."""
        rec = self.record(module)
        graph = rec.get("graph") or {}
        callers: dict[str, set[str]] = {}
        for caller, called in graph.items():
            for c in called:
                callers.setdefault(c, set()).add(caller)
        found = {fn}
        work = [fn]
        while work:
            for c in callers.get(work.pop(), ()):
                if c not in found:
                    found.add(c)
                    work.append(c)
        out: set[tuple[str, str]] = set()
        for f in found:
            cls, _, meth = f.partition(".")
            out.add((cls, meth))
        return out

    def _calls(
        self, rec: Json, owner: str, targets: list[list[str]], module: Path, handles: set[tuple[str, str]]
    ) -> bool:
        """Whether ``owner`` of a module (its record ``rec``) calls one of ``handles`` of ``module``."""
        rel = self.index.rel(module)
        called = set(rec.get("attrs", {}).get(owner) or ())
        for target in targets:
            if len(target) != 2 or target[0] != rel:
                continue
            for cls, meth in handles:
                if target[1] == cls and (not meth or meth in _IMPLICIT or meth in called):
                    return True
        for target in (rec.get("held") or {}).get(owner) or ():
            if len(target) == 2 and target[0] == rel:
                for cls, meth in handles:
                    if target[1] == cls and meth and meth not in _IMPLICIT and meth in called:
                        return True
        return False

    @staticmethod
    def _local(rec: Json, owner: str) -> str | None:
        if rec.get("whole"):
            return str(rec["whole"])
        if owner == MODULE:
            if not rec.get("module_level"):
                return None
            return f"a service module ({rec['entry']})" if rec.get("entry") else "a service module"
        why = (rec.get("local") or {}).get(owner)
        return str(why) if why is not None else None

    # -- logging configured by imported modules ------------------------------------------
    def imported_logging(self, path: Path) -> tuple[bool, bool]:
        """What the repository modules ``path`` imports (transitively, from import lines) do
        to the logging configuration at import: (may lower a level below WARNING, may add a
        handler).  Depends on the imported modules only: the findings cache key already
        holds their digest."""
        index = self.index
        lowered = handlers = False
        seen = {path}
        frontier = [path]
        for _hop in range(MAX_HOPS):
            following: list[Path] = []
            for module in frontier:
                for _line, target in index.resolved_imports(module):
                    if target is None or target[0] in seen:
                        continue
                    seen.add(target[0])
                    following.append(target[0])
                    lo, ha = self._module_logging(target[0])
                    lowered, handlers = lowered or lo, handlers or ha
            if (lowered and handlers) or not following:
                break
            frontier = sorted(following)
        return lowered, handlers

    def _module_logging(self, path: Path) -> tuple[bool, bool]:
        found = self._logging.get(path)
        if found is None:
            found = (False, False)
            data = self.index.read(path)
            if data is not None and any(m in data for m in _LOGGING_MARKERS):
                try:
                    tree = ast.parse(data.decode("utf-8"))
                    facts = Facts(tree, Resolver(tree))
                    found = module_logging(facts)
                    facts.release()
                    forget_nodes(tree)
                except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
                    pass
            self._logging[path] = found
        return found

    # -- the analysis' questions, kept with its cached findings --------------------------------
    def ask(self, path: Path, name: str) -> str | None:
        answer = self.reach(path, name)
        if self.index.cache is not None:
            self.asked.setdefault(path, {})[name] = answer
        return answer

    def stamp(self, path: Path, entry: Json) -> Json:
        """A findings cache entry with the answers its analysis received."""
        asked = self.asked.pop(path, None)
        if asked:
            entry["reach"] = asked
        return entry

    def still_valid(self, path: Path, entry: Any) -> Any:
        """A findings cache entry, or None when an answer its analysis received has changed
        (an importer of the module now reaches it from service code, or no longer does)."""
        if not isinstance(entry, dict) or not entry.get("reach"):
            return entry
        asked = entry["reach"]
        if not isinstance(asked, dict) or any(self.reach(path, str(n)) != a for n, a in asked.items()):
            return None
        return entry


def _graph_modules(config: Path, root: Path) -> list[tuple[Path, str]]:
    """The modules a ``langgraph.json`` names as graphs, with the graph's name (a file path
    ``./a/b.py:var`` or a dotted module ``a.b:var``, relative to the file's folder), inside the
    repository ``root``."""
    try:
        data = json.loads(read_regular(config, _MAX_GRAPH_CONFIG, follow=False))
    except (OSError, ValueError, RecursionError):
        return []
    graphs = data.get("graphs") if isinstance(data, dict) else None
    if not isinstance(graphs, dict):
        return []
    out: list[tuple[Path, str]] = []
    for name, spec in graphs.items():
        if isinstance(spec, dict):  # {"path": "./a.py:graph", "description": ...}
            spec = spec.get("path")
        if not isinstance(spec, str) or not isinstance(name, str):
            continue
        target = spec.rsplit(":", 1)[0].strip()
        if not target.endswith(".py"):
            target = target.replace(".", "/") + ".py"
        module = Path(os.path.normpath(config.parent / target))
        if module.is_relative_to(root) and module.is_file():
            out.append((module, name[:80]))
    return out


def module_record_cached(
    index: ProjectIndex,
    path: Path,
    tag: str,
    prefix: str,
    fmt: int,
    compute: Callable[[Facts, ast.Module, Any], Json],
    failed: Json | None = None,
) -> tuple[Json, bool]:
    """A per-module record of the reverse questions (this module's service records, the
    injection records of :mod:`.injected`): computed from one parse of the module with its
    project link, cached under its path, content and the digest of its imports (``tag`` and
    ``fmt`` name the kind and version, ``prefix`` starts the key).  Returns the record ({}
    for an unreadable module, ``failed`` or ``{"format": fmt}`` for one that does not parse)
    and whether it was computed here."""
    data = index.read(path)
    if data is None:
        return {}, False
    key = None
    if index.cache is not None:
        h = hashlib.sha256(f"{tag}{fmt}\0{index.salt}\0{index.rel(path)}\0".encode())
        h.update(index.digest(path).encode())  # how its imports resolve
        key = prefix + h.hexdigest()[1:]
        hit = index.cache.get(key)
        if isinstance(hit, dict) and hit.get("format") == fmt:
            return hit, False
    try:
        tree = ast.parse(data.decode("utf-8"))
        facts = Facts(tree, Resolver(tree))
        result = compute(facts, tree, index.link(path, tree))
        facts.release()  # its caches refer back to it: let the tree go now (see Facts.release)
        forget_nodes(tree)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError, TypeError, KeyError):
        result = dict(failed) if failed is not None else {"format": fmt}
    if key is not None:
        try:
            index.cache.put(key, result)
        except (ValueError, TypeError, RecursionError):
            pass
    return result, True
