"""The state of a LangGraph graph: what one node sends to Claude, the other nodes hold.

A ``StateGraph`` passes one state to each node and router it runs
(``builder.add_node("agent", call_model)``, ``builder.add_conditional_edges("agent",
route_tools, [...])``; https://langchain-ai.github.io/langgraph/concepts/low_level/#state).
When a node of the graph sends ``state["messages"]`` (or the whole state, or any key of it)
to Claude, the same key read in another node or router of the same builder is that
conversation: ``msg = state["messages"][-1]; print("msg: ", msg)`` in the router prints the
reply the agent node just received and the prompt it will send next.

:func:`graph_state_prompts` extends a module's prompt table (see
:meth:`claude_lint.analysis.prompts.PromptsMixin._prompt_table`) with the keys of the other
functions registered on the same builder, under the request of the node that sends them:

* only functions of the module, registered by name on one receiver (``builder``,
  ``section_builder``) with ``add_node`` / ``add_conditional_edges`` / ``add_sequence``, in a
  module that imports ``langgraph``;
* the key is the first item or attribute of the node's first parameter the request's content
  is built from (``state["messages"]``, ``state.topic``); the whole state when the request
  is built from the state itself; the container rule of the prompt table then makes a dump
  of the state (``print(state)``) in another node a write of that key too.

Look-alikes stay silent: a key no node sends (``state["loading_query"]`` when only
``messages`` reaches Claude), a graph of another builder, a module without ``langgraph``.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .syntax import tree_nodes

if TYPE_CHECKING:
    from .prompts import BindingKey, PromptsMixin

#: the builder methods that register functions of the module as nodes or routers
REGISTERING = frozenset({"add_node", "add_conditional_edges", "add_sequence"})
_FIRST = re.compile(r"(\[[^\]]{1,80}\]|\.[A-Za-z_]\w*)")


def _first_param(fn: ast.AST) -> str | None:
    args = getattr(fn, "args", None)
    if args is None:
        return None
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    if names[:1] in (["self"], ["cls"]):
        names = names[1:]
    return names[0] if names else None


def _registered(facts: PromptsMixin, tree: ast.Module) -> dict[str, list[ast.AST]]:
    out: dict[str, list[ast.AST]] = {}
    for node in tree_nodes(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in REGISTERING:
            continue
        builder = ast.unparse(node.func.value)
        items = [*node.args, *(kw.value for kw in node.keywords)]
        for item in list(items):
            if isinstance(item, (ast.List, ast.Tuple)):  # add_sequence([a, b])
                items.extend(item.elts)
        for item in items:
            if isinstance(item, ast.Name) and item.id in facts.functions and item.id not in facts.r.aliases:
                fn = facts.functions[item.id]
                group = out.setdefault(builder, [])
                if fn not in group:
                    group.append(fn)
    return out


def graph_state_prompts(facts: PromptsMixin, table: dict[BindingKey, ast.Call]) -> None:
    """Add to ``table`` the state keys other nodes of a graph read, that a node sends."""
    if not any(q.split(".", 1)[0] == "langgraph" for q in facts.r.aliases.values()):
        return
    for functions in _registered(facts, facts.tree).values():
        if len(functions) < 2:
            continue
        sent: dict[str, ast.Call] = {}  # "['messages']" / ".topic" / "" (the whole state)
        for fn in functions:
            param = _first_param(fn)
            if param is None:
                continue
            for key, request in list(table.items()):
                if key[1] != id(fn):
                    continue
                text = str(key[2])
                if key[0] == "name" and text == param:
                    sent.setdefault("", request)
                elif key[0] == "path" and text.startswith(param) and len(text) > len(param):
                    m = _FIRST.match(text, len(param))
                    if m is not None:
                        sent.setdefault(m.group(1), request)
        if not sent:
            continue
        for fn in functions:
            param = _first_param(fn)
            if param is None:
                continue
            for segment, request in sent.items():
                if segment:
                    table.setdefault(("path", id(fn), f"{param}{segment}"), request)
                table.setdefault(("container", id(fn), param), request)
