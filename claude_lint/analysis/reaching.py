"""Reaching bindings: which assignments of a name can hold its value where it is read.

:meth:`ScopesMixin.lookup` answers for a whole scope (every assignment of the name in the
function or module).  :func:`reaching` narrows that to the bindings that can reach one read,
in the order the code runs — a notebook's cells are one module, in cell order:

* a later unconditional assignment ends the earlier value: after ``messages = [...]`` built
  from literals, ``messages`` no longer holds the response it held before (*unconditional*
  relative to the read: in a block that contains the read — ``if``/``else`` branches, loop
  bodies, ``except`` handlers and ``try`` bodies are conditional for code outside them;
  ``with`` bodies are not);
* assignments after the read do not reach it, except around a loop that contains both;
* a comprehension's variable exists only inside the comprehension, and an
  ``except ... as e`` binds ``e`` for its handler (so an earlier ``[... for e in x]`` is
  not the ``e`` of a later handler);
* values put in by ``.append(...)``/``+=`` count from the binding they extend on.

Reads from another scope (a function reading a module variable, a closure) and module
variables declared ``global`` somewhere are not narrowed: a function may run at any time.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .syntax import tree_nodes

if TYPE_CHECKING:
    from .scopes import ScopeInfo, ScopesMixin

Position = tuple[int, int]
#: a conditional block: (id of the compound statement, which branch)
Block = tuple[int, str]

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_TRY: tuple[type, ...] = (ast.Try, getattr(ast, "TryStar", ast.Try))  # TryStar: Python 3.11+
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)


@dataclass(frozen=True)
class Event:
    """Where a binding (or an added value) takes effect."""

    pos: Position  # where the bound value is in place
    start: Position  # where its statement starts (for back edges of loops)
    chain: tuple[Block, ...]  # conditional blocks around it
    loops: tuple[int, ...]  # loops around it (ids), outermost first
    kill: bool  # replaces the earlier value
    comprehension: int  # id of the comprehension that owns the name, 0 if none


class _Tree:
    """Parents of every node of a module, computed once."""

    def __init__(self, tree: ast.Module, parents: dict[int, tuple[ast.AST, str]]) -> None:
        #: the scope build's map (:attr:`ScopesMixin.parents`): one walk of the file for both
        self.parent = parents
        self.comp_of_iter: dict[int, ast.AST] = {}
        self.globals: set[str] = set()
        self.events: dict[tuple[int, str], Event | None] = {}  # (id of a value, name) -> its event
        self.contexts: dict[int, tuple[tuple[Block, ...], tuple[int, ...], bool, tuple[int, ...]]] = {}
        for node in tree_nodes(tree):
            if isinstance(node, _COMPREHENSIONS):
                for gen in node.generators:
                    self.comp_of_iter[id(gen.iter)] = node
                    it = gen.iter
                    if (
                        isinstance(it, ast.Call)
                        and isinstance(it.func, ast.Name)
                        and it.func.id in ("enumerate", "zip")
                    ):
                        for a in it.args:  # the parts ScopesMixin._bind_iter binds
                            self.comp_of_iter[id(a)] = node
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                self.globals.update(node.names)

    def context(self, node: ast.AST) -> tuple[tuple[Block, ...], tuple[int, ...], bool, tuple[int, ...]]:
        """Conditional blocks and loops around ``node`` (outermost first), whether a class
        body lies between it and its scope, and the comprehensions holding it (ids); memoized."""
        found = self.contexts.get(id(node))
        if found is None:
            found = self.contexts[id(node)] = self._context(node)
        return found

    def _context(self, node: ast.AST) -> tuple[tuple[Block, ...], tuple[int, ...], bool, tuple[int, ...]]:
        chain: list[Block] = []
        loops: list[int] = []
        comps: list[int] = []
        in_class = False
        child: ast.AST = node
        while id(child) in self.parent:
            parent, field = self.parent[id(child)]
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                break
            if isinstance(parent, _COMPREHENSIONS):
                comps.append(id(parent))
            elif isinstance(parent, ast.ClassDef):
                in_class = True
            elif isinstance(parent, (ast.If, ast.While, ast.For, ast.AsyncFor)) and field in ("body", "orelse"):
                chain.append((id(parent), field))
                if field == "body" and not isinstance(parent, ast.If):
                    loops.append(id(parent))
            elif isinstance(parent, _TRY) and field == "body":
                chain.append((id(parent), "body"))
            elif isinstance(parent, ast.ExceptHandler):
                chain.append((id(parent), "handler"))
            elif isinstance(parent, ast.match_case):
                chain.append((id(parent), "case"))
            child = parent
        return tuple(reversed(chain)), tuple(reversed(loops)), in_class, tuple(comps)


def _tree(facts: ScopesMixin) -> _Tree:
    found = facts.memo("reaching.tree", lambda: _Tree(facts.tree, facts.parents))
    assert isinstance(found, _Tree)
    return found


def _pos(node: ast.AST) -> Position:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _end(node: ast.AST) -> Position:
    return getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0


def _stores(target: ast.AST, name: str) -> bool:
    if isinstance(target, ast.Name):
        return target.id == name
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_stores(e, name) for e in target.elts)
    if isinstance(target, ast.Starred):
        return _stores(target.value, name)
    return False


def _event(facts: ScopesMixin, t: _Tree, value: ast.AST, name: str) -> Event | None:
    """The event of a recorded binding value (or a value added by a mutation), None when
    its place cannot be told (a class body, an odd shape: then it always reaches)."""
    comp = t.comp_of_iter.get(id(value))
    if comp is not None:
        chain, loops, in_class, _c = t.context(comp)
        return Event(_pos(comp), _pos(comp), chain, loops, True, id(comp))
    parent = t.parent.get(id(value))
    if parent is not None and isinstance(parent[0], ast.ExceptHandler) and parent[1] == "type":
        handler = parent[0]
        chain, loops, in_class, _c = t.context(handler)
        if in_class or not handler.body:
            return None
        return Event(_pos(handler.body[0]), _pos(handler), (*chain, (id(handler), "handler")), loops, True, 0)
    if parent is not None and isinstance(parent[0], ast.NamedExpr):
        chain, loops, in_class, _c = t.context(parent[0])
        return None if in_class else Event(_end(parent[0]), _pos(parent[0]), chain, loops, True, 0)
    stmt = facts.statement(value)
    if stmt is None:
        return None
    chain, loops, in_class, _c = t.context(stmt)
    if in_class:
        return None
    if isinstance(stmt, (ast.For, ast.AsyncFor)) and value is stmt.iter:
        kill = _stores(stmt.target, name)
        body = (*chain, (id(stmt), "body"))
        return Event(_pos(stmt.body[0]), _pos(stmt), body, (*loops, id(stmt)), kill, 0)
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        kill = any(i.optional_vars is not None and _stores(i.optional_vars, name) for i in stmt.items)
        return Event(_pos(stmt.body[0]), _pos(stmt), chain, loops, kill, 0)
    if isinstance(stmt, ast.Assign):
        kill = any(_stores(tg, name) for tg in stmt.targets)
    elif isinstance(stmt, ast.AnnAssign):
        kill = _stores(stmt.target, name)
    else:  # AugAssign, a mutating call, a subscript store: adds to the value
        kill = False
    return Event(_end(stmt), _pos(stmt), chain, loops, kill, 0)


def reaching(facts: ScopesMixin, load: ast.Name, defining: ScopeInfo | None) -> Reach | None:
    """Which binding values (and added values) of ``load``'s name in its defining scope can
    reach ``load`` (see the module doc); None when every one can."""
    if defining is None or facts.scope(load) is not defining:
        return None
    t = _tree(facts)
    if isinstance(defining.node, ast.Module) and load.id in t.globals:
        return None
    name = load.id
    values = [*defining.assigns.get(name, []), *defining.iter_binds.get(name, [])]
    values += facts._flow_index()["names"].get((id(defining.node), name), [])
    events: dict[int, Event | None] = {}
    for v in values:
        key = (id(v), name)
        if key not in t.events:
            t.events[key] = _event(facts, t, v, name)
        events[id(v)] = t.events[key]
    chain, loops, _in_class, comps = t.context(load)
    if comps:
        own = [e for e in events.values() if e is not None and e.comprehension in comps]
        if own:  # the name is a comprehension's variable here
            innermost = next(c for c in comps if any(e.comprehension == c for e in own))
            return Reach(events, innermost=innermost)
    here = _pos(load)
    before = [e for e in events.values() if e is not None and not e.comprehension and e.pos <= here]
    killers = [e for e in before if e.kill and chain[: len(e.chain)] == e.chain]
    killer = max(killers, key=lambda e: e.pos) if killers else None
    if killer is None and not before:
        return None  # read before any binding in this scope: keep the flow-insensitive answer
    back = tuple(lp for lp in loops if killer is None or lp not in killer.loops)
    return Reach(
        events, floor=killer.pos if killer is not None else (0, 0), here=here, back=back, killed=killer is not None
    )


@dataclass(frozen=True)
class Reach:
    """The answer of :func:`reaching`: ``keeps(value)`` for each binding or added value."""

    events: dict[int, Event | None]
    innermost: int = 0  # the read is inside this comprehension, which binds the name
    floor: Position = (0, 0)  # the last unconditional binding before the read
    here: Position = (0, 0)
    back: tuple[int, ...] = ()  # loops around the read that the floor binding is outside of
    killed: bool = False  # an assignment ends the parameter's value (and earlier ones)

    def keeps(self, value: ast.AST) -> bool:
        if id(value) not in self.events:
            return True
        e = self.events[id(value)]
        if e is None:
            return True
        if self.innermost:
            return e.comprehension == self.innermost
        if e.comprehension:
            return False
        if self.floor <= e.pos <= self.here:
            return True
        return any(lp in e.loops for lp in self.back)  # a back edge of a loop around the read
