"""Models injected from another module: which parameters of a module's functions and class
constructors are given a Claude client or chat model by *another* module of the repository.

A langgraph/agent module often builds nothing itself: ``class ChatGraph: def __init__(self,
llm): self.llm = llm.bind_tools(...)`` or ``def create_plan(query, llm): llm.ainvoke(...)``,
with the model built in a third module and passed in by a composition root (``graph =
ChatGraph(LLM().llm)``) or a route.  Its requests are Claude requests only because of its
callers, and its bytes name no Claude.  :class:`Injections` answers, for a module, which of
its parameters its callers fill with a Claude model:

* **Callers from import lines.** The callers are the modules that import it (the reverse
  import graph of :class:`.services.ServiceReach`, through package ``__init__`` re-exports),
  whose bytes call a name they import from it, and only those that can hold a Claude model
  (their bytes name Claude and call a client or wrapper class, or they name no Claude and
  import a Claude name: stage 2 of the prefilter), never a test (a mocked model) — at most
  :data:`MAX_CALLERS` of them.  Only a
  module whose bytes call a model method (``.invoke(``, ``bind_tools(`` …) is asked about.
* **Per caller, one record, cached.** What a caller passes is read from its one parse, with
  its own project link: for each call of a class or function of another repository module,
  the arguments (by position or keyword) that are a Claude client or model, as summary
  client entries (:func:`injection_record`).  Cached by content hash and the digest of what
  the caller imports (which decides what its arguments are).
* **Findings depend on callers.** The answer is asked through
  :meth:`.services.ServiceReach.ask` (name :data:`INJECTED`), so it is stored with the
  module's cached findings and asked again when they are read back: a caller that stops
  passing a Claude model re-analyses the module.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.facts import Facts
from ..surface.clients import CLIENT_CLASSES, WRAPPERS
from ..testscope import looks_like_test
from .services import INJECTED, ServiceReach, _defining, _imported, module_record_cached
from .summary import client_json

if TYPE_CHECKING:
    from .index import FileLink, ProjectIndex

#: the record's format: bumped when its fields change (old cache entries are then ignored)
FORMAT = 1
__all__ = ["INJECTED", "Injections", "injection_record", "matching"]
#: the most caller modules read for one module (a library class used everywhere stops there)
MAX_CALLERS = 40
#: bytes of a module that may use a parameter as a chat model: the langchain chat-model
#: calls and derivations, the SDK's request (generic method names — ``.run(``, ``.chat(``,
#: ``.generate(`` — are too common in libraries to single out a module for the search)
_MODEL_USE = (
    b".invoke(",
    b".ainvoke(",
    b".astream(",
    b".abatch(",
    b"bind_tools(",
    b"with_structured_output(",
    b"messages.create(",
    b"messages.stream(",
)

#: bytes of a call of a Claude client or wrapper class (``ChatAnthropic(``, ``Anthropic(`` …)
#: (class names only: a generic function name — ``create(``, ``completion(``, ``Client(`` —
#: says nothing)
_CONSTRUCTORS = tuple(
    sorted(
        {
            f"{name}(".encode()
            for name in (q.rsplit(".", 1)[-1] for q in (*CLIENT_CLASSES, *WRAPPERS))
            if name[:1].isupper() and name not in ("Client", "AsyncClient", "LM")
        }
    )
)

Json = dict[str, Any]


def _test_file(path: Path, data: bytes) -> bool:
    name = path.name
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(part in ("tests", "test") for part in path.parts[:-1])
        or looks_like_test(data, path.suffix)
    )


def injection_record(facts: Facts, tree: ast.Module, link: FileLink) -> Json:
    """The calls of one module that pass a Claude client or model to a class or function of
    another repository module: ``{"calls": [{"to": [path, name], "pos": i, "kw": name,
    "client": entry}, …]}`` (``pos`` -1 for a keyword, ``kw`` "" for a position)."""
    index = link.index
    rel = index.rel(link.path)
    out: list[Json] = []
    seen: set[str] = set()
    # the methods this module calls on objects (``chainer.ask(note)``): a class whose method
    # is called here with arguments gets them from here, and the finding lands here (a "via"
    # of the class's summary), not in the class
    called = sorted(
        {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    )
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = _imported(link, node.func)
        if target is None:
            continue
        module, name = _defining(index, *target)
        given: list[tuple[int, str, ast.expr]] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                break
            given.append((i, "", arg))
        given.extend((-1, kw.arg, kw.value) for kw in node.keywords if kw.arg)
        for pos, kw, arg in given:
            made = client_json(rel, facts.client(arg) or facts.content_client(arg), facts)
            if made is None or not made.get("kind"):
                continue
            entry = {"to": [index.rel(module), name], "pos": pos, "kw": kw, "client": made, "called": called}
            key = json.dumps(entry, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(entry)
    return {"format": FORMAT, "calls": out}


class Injections:
    """The injected models of one repository's modules (see the module docstring)."""

    def __init__(self, reach: ServiceReach) -> None:
        self.reach = reach
        self.index: ProjectIndex = reach.index
        self._records: dict[Path, Json] = {}
        self._answers: dict[Path, list[Json]] = {}
        self.computed = 0  # records computed (not read from the cache) in this run

    def answer(self, path: Path) -> str | None:
        """The injections into ``path`` as a JSON string (the form the findings cache keeps),
        or None when no caller passes it a Claude model."""
        found = self.of(path)
        return json.dumps(found, sort_keys=True) if found else None

    def of(self, path: Path) -> list[Json]:
        """The calls of other modules that pass ``path``'s classes or functions a Claude model."""
        found = self._answers.get(path)
        if found is None:
            self._answers[path] = []  # cycle guard
            found = self._answers[path] = self._search(path)
        return found

    def _search(self, path: Path) -> list[Json]:
        index = self.index
        data = index.read(path)
        if data is None or not any(m in data for m in _MODEL_USE):
            return []
        rel = index.rel(path)
        out: list[Json] = []
        read = 0
        for caller in self.reach._callers_modules(path):
            if read >= MAX_CALLERS:
                break
            cdata = index.read(caller)
            if cdata is None or caller.suffix != ".py" or not self._calls_into(caller, cdata, path):
                continue
            if _test_file(caller, cdata):
                continue
            # a caller that can hold a Claude model: one whose bytes name Claude builds it (a
            # client or wrapper class is called there); one whose bytes do not imports it
            # from a repository module (a composition root: ``ChatGraph(LLM().llm)``)
            if index.concerns_claude(caller):
                if not any(n in cdata for n in _CONSTRUCTORS):
                    continue
            elif not index.imports_claude(caller, cdata, injected=False):
                continue
            read += 1
            for call in self.record(caller).get("calls") or ():
                if isinstance(call, dict) and call.get("to") and call["to"][0] == rel:
                    out.append(call)
        return sorted(out, key=lambda c: json.dumps(c, sort_keys=True))

    def _calls_into(self, caller: Path, data: bytes, path: Path) -> bool:
        """Whether ``caller``'s bytes may call a name it imports from ``path`` (``Name(`` for
        ``from m import Name`` — directly or through a package ``__init__`` that re-exports
        it from ``path`` — or an alias of it; an ``import`` of the module itself may): a byte
        test before its record is read."""
        for line, target in self.index.resolved_imports(caller, data):
            if target is None:
                continue
            if not target[1]:
                if target[0] == path:
                    return True
                continue
            if _defining(self.index, *target)[0] != path:
                continue
            if f"{line.name}(".encode() in data or f"{line.name} as ".encode() in data:
                return True
        return False

    def record(self, path: Path) -> Json:
        found = self._records.get(path)
        if found is None:
            found = self._records[path] = self._record(path)
        return found

    def _record(self, path: Path) -> Json:
        def compute(facts: Facts, tree: ast.Module, link: Any) -> Json:
            link.inject = False  # what its own callers pass it is not followed (one hop)
            facts.remote = link
            return injection_record(facts, tree, link)

        result, computed = module_record_cached(
            self.index, path, "inj", "j", FORMAT, compute, failed={"format": FORMAT, "calls": []}
        )
        self.computed += computed
        return result


def matching(
    calls: list[Json], owner: str, param: str, position: int, skip: Callable[[], frozenset[str]] | None = None
) -> Json | None:
    """The client entry a caller passes to parameter ``param`` (at ``position``, after
    ``self``) of ``owner`` ("f" or "C.__init__"), or None.  ``skip``: computes the methods
    of the class that a caller calling one of them reports for (it passes their arguments)."""
    cls, _, meth = owner.partition(".")
    if meth and meth != "__init__":
        return None
    skipped: frozenset[str] | None = None
    for call in calls:
        to = call.get("to") or ["", ""]
        if len(to) != 2 or to[1] != cls:
            continue
        if skip is not None:
            skipped = skip() if skipped is None else skipped  # computed once, only when needed
            if skipped.intersection(call.get("called") or ()):
                continue
        if call.get("kw") == param or (position >= 0 and call.get("pos") == position and not call.get("kw")):
            client = call.get("client")
            if isinstance(client, dict):
                return client
    return None
