"""The per-run project index: summaries of the repository's modules on demand, imports
resolved inside the repository, and the :class:`~claude_lint.analysis.remote.Remote` hook
each analysed file receives.

* **On demand.** Nothing is listed or parsed up front.  A file being analysed asks for a
  name it imports; the index resolves the import on the file system
  (:class:`~.modules.Modules`), and summarises that module (parse, :class:`Facts`,
  :func:`.summary.build`) the first time it is needed in the run.
* **Cached by content.** A summary is stored in the result cache under a key made of the
  module's content hash and those of the modules it imports, transitively
  (:meth:`ProjectIndex.digest`: import lines and hashes, no parse), so a warm run reads it
  back without a parse.  The findings cache key of an analysed file includes
  :meth:`ProjectIndex.dependency_digest` the same way: editing a module re-analyses the
  modules that depend on it, and only those.
* **Combined to a fixed point, bounded.** A full summary is computed with a *deep* link:
  a module it imports from is read through that module's full summary (computed first,
  the same way), so a helper that sends through a helper, client, factory or base class
  of a third module is known as sending — the summaries of an import chain combine from
  the bottom up.  Import cycles are cut: modules of one strongly connected component of the
  import graph (the component :meth:`ProjectIndex.digest` already computes) read each
  other's values only, from values-only summaries (which ask nothing further), so the
  result does not depend on the order modules are met in (the same in every worker and on
  a warm run).  At most :data:`MAX_HOPS` full summaries are computed inside one another;
  deeper (and on an import edge the digest does not see) values only are read.
* **Which modules get a full summary.** Those whose bytes mention Claude (or build a boto3
  ``bedrock-runtime`` client), the package
  ``__init__`` files that re-export from them, and *bridges*: modules that import by name a
  client, helper, factory or class that concerns Claude from such a module, or from another
  bridge, within :data:`BRIDGE_HOPS` imports (a ``summarise(note)`` that only calls
  ``ask(note)`` of ``llm.py``).  Any other module gets a values-only summary.
* **Two-stage prefilter.** :meth:`ProjectIndex.imports_claude` decides, from import lines
  alone, whether a file whose bytes do not mention Claude imports a repository module that
  does (then it is analysed, with the index).
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import filetext, safeio, timings
from ..analysis.facts import Facts
from ..analysis.imports import Resolver
from ..analysis.remote import (
    Place,
    RemoteClass,
    RemoteClient,
    RemoteFunction,
    RemoteInstance,
    RemoteItem,
    RemotePrompt,
    RemoteRegion,
    RemoteValue,
    RemoteVia,
)
from ..analysis.syntax import forget_nodes
from ..model import ClientKind
from .injected import INJECTED, Injections, matching
from .modules import ImportLine, Modules, import_lines
from .services import ServiceReach
from .summary import (
    FORMAT,
    Json,
    _field_default,
    build,
    builder_prompt,
    factory_entry,
    function_entry,
    light_class,
    light_value,
    prompt_json,
    text_transform,
)
from .unused import UnusedModules

#: a module building a boto3 ``bedrock-runtime`` client concerns Claude for the index (a
#: factory of one is summarised; the modules using its client with a Claude model judge it)
_RUNTIME = b"bedrock-runtime"
#: the deepest chain of imports followed for one summary (and re-exports for one name)
MAX_DEPTH = 12
#: the most full summaries computed inside one another (a summary reading the full summary
#: of a module it imports, which reads …): deeper, values only are read
MAX_HOPS = 6
#: how many imports away a module may be from one whose bytes mention Claude and still get a
#: full summary (a bridge: ``summarise()`` calling ``ask()`` of ``llm.py``)
BRIDGE_HOPS = 2
#: the largest module summarised (larger ones are treated as outside the repository)
MAX_MODULE_BYTES = 2 * 1024 * 1024
#: the source characters whose syntax trees are kept for a second use in the run (a module's
#: summary and its own analysis share one parse): a tree takes ~27x its source in memory,
#: so this bounds the store near 40 MB whatever the size of the tree
MAX_SHARED_TEXT = 1_500_000


def mentions_claude(data: bytes) -> bool:
    return filetext.mentions_claude(data)  # the byte test of the first prefilter stage


def _kind(value: Any) -> ClientKind | None:
    try:
        return ClientKind(value) if value else None
    except ValueError:
        return None


def _place(v: Any) -> Place:
    return Place(str(v[0]), int(v[1]), int(v[2]) if len(v) > 2 else int(v[1]))


def relevant(item: RemoteItem | None) -> bool:
    """Whether an imported name concerns Claude (prefilter stage 2): a client, a function
    that sends a request or returns a client, a class (or an instance of one) with such a
    method or a client attribute.  Values and settings do not: a file that only reads a
    setting cannot build or call a Claude client with it unless its bytes say so."""
    if isinstance(item, RemoteClient):
        return True
    if isinstance(item, RemoteFunction):
        return item.sends or item.returns_client is not None
    if isinstance(item, RemoteInstance):
        item = item.klass
    if isinstance(item, RemoteClass):
        return bool(item.clients) or any(relevant(m) for _n, m in item.methods)
    return False


def names_claude(item: RemoteItem | None) -> bool:
    """Whether an imported value, or a field default of an imported class (its instance, or
    a function returning one), names Claude or Anthropic (``writer_provider =
    WriterProvider.ANTHROPIC``, ``model = "claude-sonnet-4-5"``): with a provider-generic
    constructor (:func:`generic_constructor`) the importer builds a Claude client from it."""
    if isinstance(item, RemoteFunction):
        item = item.returns_instance
    if isinstance(item, RemoteInstance):
        item = item.klass
    if isinstance(item, RemoteClass):
        values = [v.value for _n, v in item.fields] + [
            v.value for _m, fn in item.methods if fn.returns_instance for _n, v in fn.returns_instance.fields
        ]
    elif isinstance(item, RemoteValue):
        values = [item.value]
    else:
        return False
    return any(mentions_claude(v.encode("utf-8", "replace")) for v in values)


#: provider-generic constructors a file can build a Claude client with from values of
#: another module without naming Claude itself (``init_chat_model(model=cfg.writer_model,
#: model_provider=cfg.writer_provider)``, ``litellm.completion(model=settings.model)``); for
#: litellm its request functions, not the name (every module of a tree built on litellm
#: names it: litellm 1.83.0 analysed 90 more files for no finding, 20 % more CPU)
_GENERIC = (
    b"init_chat_model",
    b"litellm.completion(",
    b"litellm.acompletion(",
    b"import completion",
    b"import acompletion",
)


def generic_constructor(path: Path, data: bytes | None) -> bool:
    if data is None:
        try:
            data = safeio.read_regular(path, MAX_MODULE_BYTES, follow=False)
        except OSError:
            return False
    return any(w in data for w in _GENERIC)


#: how deep a summary entry is read: a class whose method returns an instance of the same
#: class (a builder, ``def with_model(self): return Chat(...)``) makes the entries a cycle
_MAX_ITEM_DEPTH = 6


def to_item(j: Json | None, depth: int = 0) -> RemoteItem | None:
    """A summary entry as the analysis sees it (at most :data:`_MAX_ITEM_DEPTH` levels of
    entries inside entries: deeper ones, and the cycles of self-returning classes, are cut)."""
    if not j or depth > _MAX_ITEM_DEPTH:
        return None
    d = depth + 1
    t = j.get("t")
    if t == "client":
        r = j.get("region")
        region = RemoteRegion(str(r["source"]), r["value"], str(r["name"]), _place(r["at"])) if r else None
        return RemoteClient(
            j["name"],
            _kind(j["kind"]),
            bool(j["wrapper"]),
            _place(j["at"]),
            callable=bool(j.get("call")),
            items=bool(j.get("items")),
            region=region,
        )
    if t == "function":
        client = to_item(j.get("client"), d)
        inst = to_item(j.get("inst"), d)
        return RemoteFunction(
            name=j["name"],
            params=tuple(j.get("params") or ()),
            content_params=tuple(j.get("content") or ()),
            kind=_kind(j["kind"]),
            request=_place(j["req"]) if j.get("req") else None,
            returns_response=bool(j["resp"]),
            returns_client=client if isinstance(client, RemoteClient) else None,
            method=bool(j["method"]),
            returns_instance=inst if isinstance(inst, RemoteClass) else None,
            vias=tuple(
                RemoteVia(v["param"], int(v["index"]), v["call"], _place(v["req"]), tuple(v.get("content") or ()))
                for v in j.get("via") or ()
            ),
            response_keys=tuple(j.get("rkeys") or ()),
            response_rest=bool(j.get("rrest")),
            other_keys=tuple(j.get("rother") or ()),
            passes=tuple(j.get("pass") or ()),
            prompt=str(j.get("text") or ""),
            request_texts=tuple(str(t) for t in j.get("rtext") or ()),
        )
    if t == "class":
        methods = tuple((n, to_item(m, d)) for n, m in sorted((j.get("methods") or {}).items()))
        fields = tuple((n, to_item(v, d)) for n, v in sorted((j.get("fields") or {}).items()))
        clients = tuple((n, to_item(c, d)) for n, c in sorted((j.get("clients") or {}).items()))
        return RemoteClass(
            j["name"],
            _place(j["at"]),
            tuple((n, m) for n, m in methods if isinstance(m, RemoteFunction)),
            tuple((n, v) for n, v in fields if isinstance(v, RemoteValue)),
            tuple((n, c) for n, c in clients if isinstance(c, RemoteClient)),
        )
    if t == "value":
        return RemoteValue(j["value"], j["name"], _place(j["at"]), j.get("env", ""))
    if t == "prompt":
        return RemotePrompt(str(j["text"]), j["name"], _place(j["at"]))
    if t == "instance":
        klass = to_item(j.get("class"), d)
        return RemoteInstance(klass) if isinstance(klass, RemoteClass) else None
    return None


class ProjectIndex:
    """One repository root's modules for one run (see the module docstring)."""

    def __init__(self, root: Path, cache: Any = None, salt: str = "", shared: Any = None) -> None:
        self.root = root
        self.modules = Modules(root)
        self.cache = cache  # a ResultCache (get/put/key), or None
        #: without a cache, the worker processes of one run share their summaries through
        #: this run's private folder (a ResultCache keyed by module path: the files do not
        #: change during the run), so a module is summarised once per run, not once per worker
        self.shared = shared if cache is None else None
        self.salt = salt
        self._bytes: dict[Path, bytes | None] = {}
        self._mentions: dict[Path, bool] = {}
        self._reexports: dict[Path, bool] = {}
        self._imports: dict[Path, list[tuple[ImportLine, tuple[Path, str] | None]]] = {}
        #: (path, injected) -> the answer of :meth:`imports_claude` (asked by the runner's pass
        #: and again by its stage 2, by the inventory and by the injection search)
        self._imports_claude: dict[tuple[Path, bool], bool] = {}
        self._summaries: dict[tuple[Path, bool], Json] = {}
        self._digests: dict[Path, str] = {}
        self._items: dict[tuple[Path, str, bool], RemoteItem | None] = {}
        self._bridges: dict[tuple[Path, int], bool] = {}
        #: the full summaries being computed, outermost first (see :data:`MAX_HOPS`)
        self.active: list[Path] = []
        #: summaries memoised here since the last :meth:`take_fresh` (a worker sends them to
        #: the parent, whose second prefilter stage then does not compute them again)
        self._fresh: dict[tuple[Path, bool], Json] = {}
        self.summarised = 0  # summaries computed (not read from the cache) in this run
        #: cross-module service code (:mod:`.services`), for the prompt-logged console verdicts
        self.services = ServiceReach(self)
        #: path -> (source text, its tree): the parse a module's summary and its own
        #: analysis share (:meth:`shared_tree`), oldest first, at most MAX_SHARED_TEXT characters
        self._trees: dict[Path, tuple[str, ast.Module]] = {}
        self._tree_text = 0
        #: the modules whose own analysis has begun in this process (a summary's tree is
        #: kept for the analysis only when it is still to come)
        self.analysed: set[Path] = set()
        #: Claude models other modules pass into this one's parameters (:mod:`.injected`)
        self.injections = Injections(self.services)
        #: modules nothing imports, names or runs (:mod:`.unused`), asked by the runner
        self.unused = UnusedModules(self)

    # -- files -----------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path) -> bytes | None:
        if path not in self._bytes:
            try:
                self._bytes[path] = safeio.read_regular(path, MAX_MODULE_BYTES, follow=False)
            except (OSError, ValueError):
                self._bytes[path] = None
        return self._bytes[path]

    def resolved_imports(
        self, path: Path, data: bytes | None = None
    ) -> list[tuple[ImportLine, tuple[Path, str] | None]]:
        found = self._imports.get(path)
        if found is None:
            data = self.read(path) if data is None else data
            lines = import_lines(data) if data else []
            folder = str(path.parent)
            found = self._imports[path] = [(line, self.modules.resolve_in(folder, line)) for line in lines]
        return found

    def imports_claude(self, path: Path, data: bytes | None = None, injected: bool = True) -> bool:
        """Stage 2 of the prefilter: whether a file imports (by its import lines) from a
        module of the repository a name that concerns Claude there — a client, a factory, a
        helper or a class whose methods send requests (not a mere mention: a library module
        whose docstring names Claude makes none of its importers a candidate).  Only modules
        whose bytes mention Claude (or package ``__init__`` files, for their re-exports) are
        summarised for this.  ``injected``: a module another module passes a Claude model
        to (:mod:`.injected`) is one too."""
        key = (path, injected)
        found = self._imports_claude.get(key)
        if found is None:
            found = self._imports_claude[key] = self._imports_claude_of(path, data, injected)
        return found

    def _imports_claude_of(self, path: Path, data: bytes | None, injected: bool) -> bool:
        if data is None and path not in self._imports:
            try:  # read once for its import lines, not kept
                data = safeio.read_regular(path, MAX_MODULE_BYTES, follow=False)
            except OSError:
                return False
        generic: bool | None = None  # the file's bytes name a provider-generic constructor
        for _line, target in self.resolved_imports(path, data):
            if target is None or target[0] == path:
                continue
            module, attr = target
            if not self.claude_module(module):
                continue
            if attr:
                item = self.item(module, attr)
                if relevant(item):
                    return True
                if names_claude(item):
                    if generic is None:
                        generic = generic_constructor(path, data)
                    if generic:
                        return True
            elif any(relevant(to_item(j)) for j in self.summary(module).get("names", {}).values()):
                return True
        return injected and bool(self.injections.of(path))

    def imports_any(self, path: Path, targets: set[Path]) -> bool:
        """Whether a file imports (by its import lines) one of ``targets`` (resolved paths)."""
        if path.suffix != ".py" or self.read(path) is None:
            return False
        return any(t is not None and t[0].resolve() in targets for _l, t in self.resolved_imports(path))

    def reexports_claude(self, path: Path) -> bool:
        """Whether a package ``__init__.py`` imports (by its import lines, through other
        packages' ``__init__`` files) from a module that concerns Claude: only then are its
        re-exports worth a parse."""
        if path.name != "__init__.py":
            return False
        found = self._reexports.get(path)
        if found is None:
            self._reexports[path] = False  # cycle guard
            found = any(
                t is not None and t[0] != path and (self.concerns_claude(t[0]) or self.reexports_claude(t[0]))
                for _l, t in self.resolved_imports(path)
            )
            self._reexports[path] = found
        return found

    def claude_module(self, path: Path) -> bool:
        """Whether a module of the repository can define something Claude-related: its bytes
        mention Claude, or it re-exports from such a module.  Such a module gets a full
        summary; any other, a values-only one."""
        return self.concerns_claude(path) or self.reexports_claude(path) or self.bridge(path, BRIDGE_HOPS)

    def bridge(self, path: Path, hops: int) -> bool:
        """Whether a module imports by name (``from .llm import ask``, by its import lines) a
        client, a sending helper, a factory or a class that concerns Claude from a module
        whose bytes mention Claude or from another bridge, at most ``hops`` imports away
        (memoised; the bound and a guard end import cycles).  A mere ``import litellm`` does
        not make a bridge: which of its names the module uses is not known without a parse."""
        if hops <= 0 or path.suffix != ".py":
            return False
        key = (path, hops)
        found = self._bridges.get(key)
        if found is None:
            self._bridges[key] = False  # cycle guard
            found = False
            for _l, t in self.resolved_imports(path):
                if t is None or t[0] == path:
                    continue
                m = t[0]
                if not (self.concerns_claude(m) or self.reexports_claude(m) or self.bridge(m, hops - 1)):
                    continue
                if relevant(self.item(m, t[1])) if t[1] else self._module_relevant(m):
                    found = True
                    break
            self._bridges[key] = found
        return found

    def _module_relevant(self, module: Path) -> bool:
        """A repository module imported whole (``from pkg import llm``; its names then read
        as ``llm.LargeLanguageModel(...)``) defines a client, a sending helper, a factory or
        a class that concerns Claude."""
        return any(relevant(to_item(j)) for j in self.summary(module).get("names", {}).values())

    def same_component(self, a: Path, b: Path) -> bool:
        """Whether two modules import each other, directly or not (one import cycle)."""
        return self.digest(a) == self.digest(b)

    def concerns_claude(self, path: Path) -> bool:
        """Stage 1 of the prefilter for a module of the repository (memoised): its bytes
        mention Claude, or it builds a boto3 ``bedrock-runtime`` client."""
        found = self._mentions.get(path)
        if found is None:
            data = self.read(path)
            found = self._mentions[path] = data is not None and (mentions_claude(data) or _RUNTIME in data)
            if not found:
                self._bytes.pop(path, None)  # only its verdict is kept
        return found

    # -- one parse per module --------------------------------------------------------------
    def shared_tree(self, path: Path, text: str) -> ast.Module | None:
        """The tree of ``path`` parsed earlier in the run from this same ``text`` (by its
        summary, or by its own analysis), handed over once: the second user takes it."""
        kept = self._trees.get(path)
        if kept is None or kept[0] != text:
            return None
        del self._trees[path]
        self._tree_text -= len(text)
        return kept[1]

    def keep_tree(self, path: Path, text: str, tree: ast.Module) -> None:
        """Offer a parsed tree to the other use of the same module (see :meth:`shared_tree`):
        kept if the module has a use still to come — its summary not computed yet, or (for a
        tree the summary parsed) its own analysis — and while the store has room."""
        if len(text) > MAX_SHARED_TEXT or path in self._trees:
            return
        self._trees[path] = (text, tree)
        self._tree_text += len(text)
        while self._tree_text > MAX_SHARED_TEXT:
            oldest = next(iter(self._trees))
            text_of, tree_of = self._trees.pop(oldest)
            self._tree_text -= len(text_of)
            Facts.unlend(tree_of)
            forget_nodes(tree_of)

    def lend(self, path: Path, tree: ast.Module, facts: Facts | None) -> None:
        """Leave the scope build of ``facts`` (of ``tree``) for the other use of the module
        when ``tree`` waits in the store for it (:meth:`Facts.lend_build`); else drop any
        build left on the tree."""
        kept = self._trees.get(path)
        if kept is not None and kept[1] is tree:
            if facts is not None:
                facts.lend_build()
        else:  # the tree's last use: no cycle through it may outlive it
            Facts.unlend(tree)
            forget_nodes(tree)

    def share(self, path: Path) -> TreeShare:
        """The hook of one analysed module mentioning Claude: its analysis takes the tree
        its summary parsed, or leaves its own tree for the summary still to come."""
        return TreeShare(self, path)

    # -- summaries -------------------------------------------------------------------------
    def _deps(self, path: Path, data: bytes | None = None) -> list[Path]:
        return sorted({t[0] for _l, t in self.resolved_imports(path, data) if t is not None and t[0] != path})

    def dependency_digest(self, path: Path, data: bytes | None = None) -> str:
        """A digest of the repository modules a file imports, transitively ("" when it
        imports none): part of its findings cache key, so editing a module re-analyses the
        modules that depend on it (and only those).  Made of content hashes and import lines
        alone: no parse."""
        deps = self._deps(path, data)
        if not deps:
            return ""
        h = hashlib.sha256()
        for dep in deps:
            h.update(f"{self.rel(dep)}={self.digest(dep)};".encode())
        return h.hexdigest()[:16]

    def digest(self, path: Path) -> str:
        """The content hash of a module and of the modules it imports, transitively.

        Independent of the order modules are met in (so a warm run, a worker or a run on
        other files computes the same key): the modules of one import cycle (a strongly
        connected component of the import graph) share one digest, made of their paths and
        content hashes and of the digests of the components they import.  Each component is
        hashed once per run (Tarjan's algorithm, iterative)."""
        found = self._digests.get(path)
        if found is None:
            self._digest_components(path)
            found = self._digests[path]
        return found

    def _digest_components(self, start: Path) -> None:
        order: dict[Path, int] = {}
        low: dict[Path, int] = {}
        stack: list[Path] = []
        on_stack: set[Path] = set()
        work: list[tuple[Path, list[Path], int]] = [(start, self._deps(start), 0)]
        order[start] = low[start] = 0
        stack.append(start)
        on_stack.add(start)
        while work:
            node, deps, i = work.pop()
            if i < len(deps):
                work.append((node, deps, i + 1))
                dep = deps[i]
                if dep in self._digests:
                    continue  # a finished component
                if dep not in order:
                    order[dep] = low[dep] = len(order)
                    stack.append(dep)
                    on_stack.add(dep)
                    work.append((dep, self._deps(dep), 0))
                elif dep in on_stack:
                    low[node] = min(low[node], order[dep])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] != order[node]:
                continue
            members: list[Path] = []
            while True:
                m = stack.pop()
                on_stack.discard(m)
                members.append(m)
                if m == node:
                    break
            inside = set(members)
            h = hashlib.sha256()
            for rel, m in sorted((self.rel(m), m) for m in members):
                h.update(f"{rel}={hashlib.sha256(self.read(m) or b'').hexdigest()}\0".encode())
            outside = sorted({self._digests[d] for m in members for d in self._deps(m) if d not in inside})
            h.update(";".join(outside).encode())
            value = h.hexdigest()[:16]
            for m in members:
                self._digests[m] = value

    def summary(self, path: Path, light: bool = False) -> Json:
        """The summary of a module (memoised, cached by content).  ``light``: values only
        (what a summary being computed may ask of another module, see the module docstring)."""
        key = (path, light or not self.claude_module(path))
        if not key[1] and path in self.active:
            # asked again while it is computed (through a bridge test of a module it
            # imports): its values, not a second full summary inside the first
            return self.summary(path, light=True)
        found = self._summaries.get(key)
        if found is None:
            found = self._summaries[key] = self._fresh[key] = self._summarise(path, key[1])
        return found

    def take_fresh(self) -> dict[tuple[Path, bool], Json]:
        """The summaries memoised since the last call (a worker's share for the parent)."""
        fresh, self._fresh = self._fresh, {}
        return fresh

    def absorb(self, summaries: dict[tuple[Path, bool], Json]) -> None:
        """Summaries another process of this run computed (the same, whoever computes them:
        a summary depends on module contents only, see the module docstring)."""
        for key, found in summaries.items():
            self._summaries.setdefault(key, found)

    def _summarise(self, path: Path, light: bool) -> Json:
        data = self.read(path)
        if data is None:
            return {}
        store = self.cache if self.cache is not None else self.shared
        if self.cache is not None:
            h = hashlib.sha256(f"{FORMAT}\0{self.salt}\0{self.rel(path)}\0{light}\0".encode())
            h.update(self.digest(path).encode())  # only with a cache: it reads what the module imports
            key = "s" + h.hexdigest()[1:]
        elif store is not None:
            key = "r" + hashlib.sha256(f"{FORMAT}\0{self.rel(path)}\0{light}".encode()).hexdigest()[1:]
        if store is not None:
            hit = store.get(key)
            if isinstance(hit, dict) and hit.get("format") == FORMAT:
                return hit
        if timings.ENABLED:  # exclusive: a summary asked for inside another is its own share
            timings.start()
        try:
            result = self._compute(path, data, light)
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError, AttributeError):
            # hostile or unusual code must not stop the run: a module whose summary cannot be
            # built is read as defining nothing (its own findings come from its own analysis)
            return {"format": FORMAT, "names": {}, "imports": {}}
        finally:
            if timings.ENABLED:
                timings.stop("project summaries")
        if store is not None:
            try:
                store.put(key, result)
            except (ValueError, TypeError, RecursionError):
                pass  # not serialisable: kept for this run only
        return result

    def _compute(self, path: Path, data: bytes, light: bool) -> Json:
        self.summarised += 1
        try:
            text = data.decode("utf-8")
            tree = None if light else self.shared_tree(path, text)
            if tree is None:
                tree = ast.parse(text)
                if not light and path not in self.analysed:
                    self.keep_tree(path, text, tree)  # for the module's own analysis, still to come
        except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
            return {"format": FORMAT, "names": {}, "imports": {}}
        link = FileLink(self, path, tree, light=True)
        imports = {name: [self.rel(t[0]), t[1]] for name, t in link.table.items() if t is not None}
        if light:
            # nothing Claude-related can be defined here: values, instances and re-exports
            # only, read with the light resolver (no scopes)
            resolver = Resolver(tree)
            names: dict[str, Json] = {}
            for stmt in tree.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    p = builder_prompt(resolver, self.rel(path), stmt)
                    if p is not None:
                        names[stmt.name] = p
                    elif passed := text_transform(stmt, resolver):  # a text helper: content passes through
                        names[stmt.name] = {**function_entry(stmt.name, stmt), "pass": passed}
                elif isinstance(stmt, ast.ClassDef):
                    entry = light_class(resolver, self.rel(path), stmt, names)
                    if entry is not None:
                        names[stmt.name] = entry
                elif (factory := factory_entry(stmt, names)) is not None:
                    names[factory["name"]] = factory  # get_settings() -> Settings()
                else:
                    fd = _field_default(stmt)
                    if fd is None:
                        continue
                    value = fd[1]
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in names:
                        names[fd[0]] = {"t": "instance", "class": names[value.func.id]}
                    elif fd[0] in resolver.constants:
                        v = light_value(resolver, self.rel(path), fd[0], value)
                        if v is not None:
                            names[fd[0]] = v
                    p = prompt_json(resolver, self.rel(path), fd[0], value) if fd[0] not in names else None
                    if p is not None:
                        names[fd[0]] = p
            forget_nodes(tree)
            return {"format": FORMAT, "names": names, "imports": imports}
        facts = Facts(tree, Resolver(tree))  # takes the scope build the analysis left, if any
        self.lend(path, tree, facts)  # or leaves its own for the analysis still to come
        facts.remote = FileLink(self, path, tree, deep=True)
        self.active.append(path)
        try:
            return build(facts, tree, self.rel(path), imports)
        finally:
            self.active.pop()
            facts.release()
            self.lend(path, tree, None)  # kept for the analysis still to come, or let go

    # -- names -----------------------------------------------------------------------------
    def item(self, path: Path, name: str, light: bool = False, _depth: int = 0) -> RemoteItem | None:
        """What ``name`` is in module ``path`` (following re-exports)."""
        key = (path, name, light)
        if key in self._items:
            return self._items[key]
        found: RemoteItem | None = None
        if _depth <= MAX_DEPTH:
            s = self.summary(path, light)
            entry = s.get("names", {}).get(name)
            if entry is not None:
                found = to_item(entry)
            else:
                target = s.get("imports", {}).get(name)
                if target is not None and target[1]:
                    found = self.item(self.root / target[0], target[1], light, _depth + 1)
        self._items[key] = found
        return found

    def link(self, path: Path, tree: ast.Module) -> FileLink:
        return FileLink(self, path, tree)


class TreeShare:
    """One module's side of :meth:`ProjectIndex.shared_tree` for its own analysis."""

    def __init__(self, index: ProjectIndex, path: Path) -> None:
        self.index = index
        self.path = path

    def take(self, text: str) -> ast.Module | None:
        self.index.analysed.add(self.path)
        return self.index.shared_tree(self.path, text)

    def offer(self, text: str, tree: ast.Module) -> None:
        if (self.path, False) not in self.index._summaries:  # its summary is still to come
            self.index.keep_tree(self.path, text, tree)

    def lend(self, tree: ast.Module, facts: Facts | None) -> None:
        """At the end of the analysis: its scope build, for the summary still to come."""
        self.index.lend(self.path, tree, facts)


def _import_nodes(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    out: list[ast.Import | ast.ImportFrom] = []
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            out.append(stmt)
        elif isinstance(stmt, (ast.If, ast.Try)) or type(stmt).__name__ == "TryStar":
            for part in ("body", "orelse", "finalbody"):
                out.extend(_import_nodes(getattr(stmt, part, [])))
            for handler in getattr(stmt, "handlers", []):
                out.extend(_import_nodes(handler.body))
    return out


class FileLink:
    """The :class:`~claude_lint.analysis.remote.Remote` hook of one analysed file: its
    imports (relative ones included) resolved inside the repository."""

    def __init__(
        self, index: ProjectIndex, path: Path, tree: ast.Module, light: bool = False, deep: bool = False
    ) -> None:
        self.index = index
        self.path = path
        #: the link of a values-only summary: values only, from values-only summaries
        self.light = light
        #: the link of a module being summarised in full: full summaries of the modules it
        #: imports, except those of its own import cycle and beyond :data:`MAX_HOPS` (values
        #: only there; see the module docstring)
        self.deep = deep
        self._resolved: dict[tuple[str, bool], RemoteItem | None] = {}
        #: whether :meth:`injected_client` asks (not for a caller's own injection record: one hop)
        self.inject = True
        self._injected: tuple[str, Any] | None = None  # the answer, parsed once
        #: local name -> (module file, attribute or "" for the module itself), None: outside
        self.table: dict[str, tuple[Path, str] | None] = {}
        #: ``import a.b`` binds ``a``: the dotted module names imported that way
        self.dotted: dict[str, tuple[Path, str] | None] = {}
        mods = index.modules
        for node in _import_nodes(tree.body):
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    if a.name == "*":
                        continue
                    line = ImportLine(node.level, node.module or "", a.name)
                    self.table[a.asname or a.name] = mods.resolve(path, line)
            else:
                for a in node.names:
                    target = mods.resolve(path, ImportLine(0, a.name))
                    if a.asname:
                        self.table[a.asname] = target
                    else:
                        self.dotted[a.name] = target

    def _cut(self, module: Path) -> bool:
        """Whether a deep link reads ``module`` values only: it is in this module's import
        cycle, already being summarised, or too many summaries deep."""
        index = self.index
        return (
            module in index.active
            or len(index.active) > MAX_HOPS
            or not index.claude_module(module)
            or index.same_component(self.path, module)
        )

    def display(self, place: Place) -> str:
        full = self.index.root / place.path
        try:
            return full.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return full.as_posix()

    def service_reach(self, name: str) -> str | None:
        """Why function ``name`` of this file runs as a service because service code of
        another module calls it (:class:`.services.ServiceReach`), or None."""
        if self.light or self.path.suffix != ".py":
            return None
        return self.index.services.ask(self.path, name)

    def injected_client(
        self, owner: str, param: str, position: int, skip: Callable[[], frozenset[str]] | None = None
    ) -> RemoteClient | None:
        """The Claude client or model another module passes to parameter ``param`` (at
        ``position`` after ``self``) of ``owner`` ("f" or "C.__init__") of this file
        (:mod:`.injected`), or None."""
        if self.light or not self.inject or self.path.suffix != ".py":
            return None
        answer = self.index.services.ask(self.path, INJECTED)
        if not answer:
            return None
        if self._injected is None or self._injected[0] != answer:
            try:
                self._injected = (answer, json.loads(answer))
            except ValueError:
                return None
        calls = self._injected[1]
        found = to_item(matching(calls, owner, param, position, skip)) if isinstance(calls, list) else None
        return found if isinstance(found, RemoteClient) else None

    def imported_logging(self) -> tuple[bool, bool]:
        """What the repository modules this file imports do to logging at import
        (:meth:`.services.ServiceReach.imported_logging`)."""
        return (False, False) if self.light else self.index.services.imported_logging(self.path)

    def resolve(self, dotted: str, values: bool = False) -> RemoteItem | None:
        key = (dotted, values)
        if key in self._resolved:
            return self._resolved[key]
        found = self._resolved[key] = self._resolve(dotted, values)
        return found

    def target(self, dotted: str) -> tuple[Path, str, list[str]] | None:
        """The repository module an imported name or attribute chain reads, the name it
        imports from there ("" for a module) and the attributes read after it:
        ``helper`` (``from .m import helper``), ``m.helper`` (``from . import m``,
        ``import pkg.m as m``), ``pkg.m.helper`` (``import pkg.m``); None for anything else
        (a local name, a third-party import, this module itself)."""
        parts = dotted.split(".")
        target = self.table.get(parts[0])
        rest = parts[1:]
        if target is None and parts[0] not in self.table:
            for i in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:i])
                if prefix in self.dotted:
                    target, rest = self.dotted[prefix], parts[i:]
                    break
        if target is None or target[0] == self.path:
            return None
        return target[0], target[1], rest

    def _resolve(self, dotted: str, values: bool) -> RemoteItem | None:
        found = self.target(dotted)
        if found is None:
            return None
        module, attr, rest = found
        light = self.light or (self.deep and self._cut(module))
        if not values and (light or not self.index.claude_module(module)):
            return None
        if attr:
            rest = [attr, *rest]
        if not rest:
            return None  # a module itself
        item = self.index.item(module, rest[0], light)
        if item is None and len(rest) > 1 and module.name == "__init__.py":
            sub = self.index.modules.submodule(module, rest[0])
            if sub is not None:
                item, rest = self.index.item(sub, rest[1], light or (self.deep and self._cut(sub))), rest[1:]
        for part in rest[1:]:
            if isinstance(item, RemoteClass):
                item = item.method(part) or item.field(part) or item.client(part)
            elif isinstance(item, RemoteInstance):
                item = item.klass.field(part) or item.klass.client(part) or item.klass.method(part)
            else:
                return None
        return item
