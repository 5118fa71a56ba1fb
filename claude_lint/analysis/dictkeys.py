"""Dict keys: what the key part of ``for k, v in d.items()`` can hold.

A loop over ``d.items()`` binds its key target to a key of ``d`` and its value target to a
value. Propagation used to give both targets everything ``d`` holds, so a dict whose values
carry a Claude response (``groups[(provider, day)].append(record)``) made ``provider`` and
``day`` "the response" too. :func:`item_key_sources` gives, for a name bound on the key side
of such a loop, the key expressions of ``d`` (a tuple key's element for a tuple target:
``for (provider, day), records in groups.items()``), or None when they cannot be known — then
the caller keeps the old answer, the whole dict.

The keys of a dict are known when every way the name gets a value is seen in this file:
dict displays (``{"a": x}``; a ``**other`` entry adds ``other``'s keys), dict
comprehensions, ``dict()``/``defaultdict(list)``/``OrderedDict()``/``Counter()`` with no
content, the results of functions of this module, the arguments callers in this file pass
for a parameter, and the keys of stores into it (``d[k] = v``, ``d[k].append(v)``,
``d[k] += v``, ``d.setdefault(k, v)``). ``d.update(...)``, ``d |= ...`` or any other value
make the keys unknown.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .syntax import tree_nodes

if TYPE_CHECKING:
    from .scopes import ScopesMixin

#: constructors of an empty dict (their positional argument, if any, is a default factory)
_EMPTY_DICTS = frozenset(
    {
        "dict",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
        "defaultdict",
        "OrderedDict",
        "Counter",
    }
)
#: stores into a dict that say nothing of the keys they add
_UNKNOWN_STORES = frozenset({"update", "__ior__", "fromkeys"})

#: an index entry: the key expressions stored into one name, and whether some store is unknown
_Index = dict[tuple[int, str], tuple[list[ast.expr], bool]]


def item_key_sources(facts: ScopesMixin, load: ast.Name, source: ast.expr) -> list[ast.expr] | None:
    """The expressions the name ``load`` can hold when it is bound on the key side of a loop
    over ``source`` = ``d.items()`` (see the module doc); None when ``load`` is not bound on
    the key side of such a loop or the keys of ``d`` cannot be known."""
    if not (
        isinstance(source, ast.Call)
        and isinstance(source.func, ast.Attribute)
        and source.func.attr == "items"
        and not source.args
        and not source.keywords
    ):
        return None
    target = _targets(facts).get(id(source))
    if not isinstance(target, (ast.Tuple, ast.List)) or len(target.elts) != 2:
        return None
    path = _path(target.elts[0], load.id)
    if path is None:
        return None  # the name is on the value side (or not in the target)
    keys = _keys(facts, source.func.value, 0, set())
    if keys is None:
        return None
    out: list[ast.expr] = []
    for key in keys:
        for i in path:  # for (a, b), v in d.items(): b is element 1 of a tuple key
            if (
                isinstance(key, ast.Tuple)
                and i < len(key.elts)
                and not any(isinstance(e, ast.Starred) for e in key.elts)
            ):
                key = key.elts[i]
            else:
                break
        out.append(key)
    return out


def _targets(facts: ScopesMixin) -> dict[int, ast.AST]:
    """The loop target of each ``for`` and comprehension iterable (by id), computed once."""

    def build() -> dict[int, ast.AST]:
        out: dict[int, ast.AST] = {}
        for node in tree_nodes(facts.tree):
            if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                out[id(node.iter)] = node.target
        return out

    found = facts.memo("dictkeys.targets", build)
    assert isinstance(found, dict)
    return found


def _path(target: ast.AST, name: str) -> tuple[int, ...] | None:
    """Where ``name`` sits in a (nested) tuple target: ``()`` for the target itself."""
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for i, elt in enumerate(target.elts):
            if isinstance(elt, ast.Starred):
                found = _path(elt.value, name)
                if found is not None:
                    return ()  # a starred part: a list of several elements
                continue
            found = _path(elt, name)
            if found is not None:
                return (i, *found)
    return None


def _index(facts: ScopesMixin) -> _Index:
    """The keys stored into each name (by defining scope and name), computed once."""

    def build() -> _Index:
        out: _Index = {}

        def add(container: ast.AST, key: ast.expr | None) -> None:
            if not isinstance(container, ast.Name):
                return
            _a, _i, defining, _p = facts.lookup(container.id, facts.scope(container))
            entry = out.setdefault((id((defining or facts.scope(container)).node), container.id), ([], False))
            if key is None:
                out[(id((defining or facts.scope(container)).node), container.id)] = (entry[0], True)
            else:
                entry[0].append(key)

        def store(target: ast.AST) -> None:
            # d[k] = v, d[k][j] = v, d[k] += v: the key is the subscript on the name itself
            while isinstance(target, ast.Subscript) and isinstance(target.value, ast.Subscript):
                target = target.value
            if isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Slice):
                add(target.value, target.slice)

        for node in tree_nodes(facts.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    store(t)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                if isinstance(node.target, ast.Name) and isinstance(node, ast.AugAssign):
                    add(node.target, None)  # d |= other
                else:
                    store(node.target)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver, attr = node.func.value, node.func.attr
                if isinstance(receiver, ast.Subscript):
                    store(receiver)  # d[k].append(v)
                elif attr in ("setdefault", "__setitem__") and node.args:
                    add(receiver, node.args[0])
                elif attr in _UNKNOWN_STORES:
                    add(receiver, None)
        return out

    found = facts.memo("dictkeys.index", build)
    assert isinstance(found, dict)
    return found


def _keys(facts: ScopesMixin, expr: ast.AST | None, depth: int, seen: set[int]) -> list[ast.expr] | None:
    """The key expressions of the dict ``expr`` evaluates to, or None when unknown."""
    if expr is None or depth > 8 or id(expr) in seen:
        return None if expr is None or depth > 8 else []
    seen.add(id(expr))
    if isinstance(expr, ast.Dict):
        out: list[ast.expr] = []
        for k, v in zip(expr.keys, expr.values):
            if k is not None:
                out.append(k)
                continue
            more = _keys(facts, v, depth + 1, seen)  # {**other}
            if more is None:
                return None
            out += more
        return out
    if isinstance(expr, ast.DictComp):
        return [expr.key]
    if isinstance(expr, ast.Call):
        q = facts.r.qualname(expr.func) or (expr.func.id if isinstance(expr.func, ast.Name) else "")
        if q in _EMPTY_DICTS and len(expr.args) <= (1 if "defaultdict" in q else 0):
            return []  # dict(), defaultdict(list); keyword arguments are literal names
        fn = facts.called_function(expr)
        if fn is None:
            return None
        out = []
        for ret in facts.scopes[fn].returns:
            more = _keys(facts, ret, depth + 1, seen)
            if more is None:
                return None
            out += more
        return out
    if not isinstance(expr, ast.Name):
        return None
    assigns, iters, defining, param = facts.lookup(expr.id, facts.scope(expr))
    if iters or defining is None:
        return None
    stored, unknown = _index(facts).get((id(defining.node), expr.id), ([], False))
    if unknown:
        return None
    stored_values = _stored_values(facts, defining.node, expr.id)
    out = list(stored)
    for value in assigns:
        if id(value) in stored_values:
            continue  # d[k] = v: its key is in ``stored``
        more = _keys(facts, value, depth + 1, seen)
        if more is None:
            return None
        out += more
    if param is not None:
        fn = defining.node
        for arg in facts._parameter_sources(fn).get(expr.id, []):
            more = _keys(facts, arg, depth + 1, seen)
            if more is None:
                return None
            out += more
    return out


def _stored_values(facts: ScopesMixin, scope_node: ast.AST, name: str) -> set[int]:
    """The values of ``name[k] = v`` stores (which ScopesMixin records as assignments)."""

    def build() -> dict[tuple[int, str], set[int]]:
        out: dict[tuple[int, str], set[int]] = {}
        for node in tree_nodes(facts.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                        _a, _i, defining, _p = facts.lookup(t.value.id, facts.scope(t.value))
                        key = (id((defining or facts.scope(t.value)).node), t.value.id)
                        out.setdefault(key, set()).add(id(node.value))
        return out

    found = facts.memo("dictkeys.stored", build)
    assert isinstance(found, dict)
    values: set[int] = found.get((id(scope_node), name), set())
    return values


def other_key_stores(facts: ScopesMixin, container: ast.AST, key_node: ast.AST) -> set[int]:
    """For a read ``d["k"]`` (or ``d.get("k")``) of a name: the values (by id) that stores
    ``d["j"] = v`` put under *another* constant key — they do not reach this read.  Stores
    under a key that is not a constant string may reach every read and are not listed."""
    key = facts.r.string_value(key_node)
    if key is None or not isinstance(container, ast.Name):
        return set()

    def build() -> dict[tuple[int, str], list[tuple[str, int]]]:
        out: dict[tuple[int, str], list[tuple[str, int]]] = {}
        for node in tree_nodes(facts.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                        k = facts.r.string_value(t.slice)
                        if k is not None:
                            _a, _i, defining, _p = facts.lookup(t.value.id, facts.scope(t.value))
                            at = (id((defining or facts.scope(t.value)).node), t.value.id)
                            out.setdefault(at, []).append((k, id(node.value)))
        return out

    found = facts.memo("dictkeys.keyed-stores", build)
    assert isinstance(found, dict)
    _a, _i, defining, _p = facts.lookup(container.id, facts.scope(container))
    stores: list[tuple[str, int]] = found.get((id((defining or facts.scope(container)).node), container.id), [])
    return {value for k, value in stores if k != key}
