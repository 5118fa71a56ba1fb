"""Which server tools a Claude request enables (web search, web fetch, the MCP connector, the
advisor tool): shared by ``phi-to-web-tools`` and the inventory."""

from __future__ import annotations

import ast

from ..analysis.syntax import short_text
from ..surface.tools import (
    AGENT_SDK_TOOLS,
    ENABLING_KEYS,
    PYDANTIC_TOOLS,
    TOOLSET_TYPE,
    tool_type_kind,
    typed_tool_kind,
)

#: the tool kinds (claude_lint.surface.tools) that send data to the web, as messages name them
_WEB_KINDS = {
    "web_search": "web search",
    "web_fetch": "web fetch",
    "advisor": "the advisor tool",
    "mcp": "the MCP connector",
}


class WebToolMarkers:
    """Source predicate for :meth:`Facts.trace`: nodes that enable a web tool."""

    def __init__(self, facts) -> None:
        self.facts = facts
        self.r = facts.r

    def __call__(self, node: ast.AST) -> frozenset[str]:
        label = self._label(node)
        return frozenset({label}) if label else frozenset()

    def _label(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            kind = tool_type_kind(node.value)
            return f"{_WEB_KINDS[kind]} enabled: tool type '{node.value}'" if kind in _WEB_KINDS else None
        if isinstance(node, ast.Dict):
            items = {}
            for k, v in zip(node.keys, node.values):
                key = self.facts.value_string(k) if k is not None else None
                if key is not None:
                    items[key] = v
            return self._mapping(items, node)
        if isinstance(node, ast.Call):
            q = self.r.qualname(node.func) or ""
            name = (
                q.rsplit(".", 1)[-1]
                if q
                else (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
            )
            kind = typed_tool_kind(name)
            if kind in _WEB_KINDS:
                return f"{_WEB_KINDS[kind]} enabled: {name}(...)"
            kind = PYDANTIC_TOOLS.get(name) if q.startswith("pydantic_ai") else None
            if kind in _WEB_KINDS:
                return f"{_WEB_KINDS[kind]} enabled: pydantic-ai {name}()"
            if name == "ClaudeAgentOptions":
                allowed = next((kw.value for kw in node.keywords if kw.arg == "allowed_tools"), None)
                for tool in self.strings(allowed):
                    if tool in AGENT_SDK_TOOLS:
                        return f"{_WEB_KINDS[AGENT_SDK_TOOLS[tool]]} enabled: allowed_tools includes '{tool}'"
            if name.endswith("Params") and "Toolset" in name:
                items = {kw.arg: kw.value for kw in node.keywords if kw.arg}
                items.setdefault("type", ast.Constant("agent_toolset_20260401"))
                return self._mapping(items, node)
            if name == "dict":
                return self._mapping({kw.arg: kw.value for kw in node.keywords if kw.arg}, node)
        return None

    def _mapping(self, items: dict, node: ast.AST) -> str | None:
        for key, kind in ENABLING_KEYS.items():
            if key in items and not is_empty(self.facts, items[key]):
                return f"{_WEB_KINDS[kind]} enabled: '{key}' in {short_text(node, 60)}"
        kind = self.facts.value_string(items.get("type")) if "type" in items else None
        toolset = TOOLSET_TYPE.match(kind) if kind is not None else None
        if toolset is not None and toolset.group(1) == "agent":
            enabled = self._toolset_web(items)
            if enabled:
                return f"{enabled} enabled: the Managed Agents toolset '{kind}'"
        return None

    def _toolset_web(self, items: dict) -> str | None:
        """Which web tool an ``agent_toolset_…`` enables: every tool is on unless
        ``default_config`` says ``enabled: False``; ``configs`` entries override per tool."""
        default_on = True
        dc = self.facts.mapping(items.get("default_config")) if items.get("default_config") is not None else None
        if dc is not None:
            status, v = self.facts.mapping_get(dc, "enabled")
            if status == "found" and isinstance(v, ast.Constant) and v.value is False:
                default_on = False
        state = {"web_search": default_on, "web_fetch": default_on}
        configs = items.get("configs")
        seq = configs
        if isinstance(configs, ast.Name):
            assigns, _i, _s, _p = self.facts.lookup(configs.id, self.facts.scope(configs))
            seq = assigns[0] if len(assigns) == 1 else None
        if isinstance(seq, (ast.List, ast.Tuple)):
            for elt in seq.elts:
                status, name = self.facts.mapping_get(elt, "name")
                tool = self.facts.value_string(name) if status == "found" else None
                if tool in state:
                    st, v = self.facts.mapping_get(elt, "enabled")
                    state[tool] = not (st == "found" and isinstance(v, ast.Constant) and v.value is False)
        on = [t for t, v in state.items() if v]
        if not on:
            return None
        return " and ".join(_WEB_KINDS[t] for t in on)

    def strings(self, expr: ast.AST | None) -> list[str]:
        if expr is None:
            return []
        if isinstance(expr, ast.Name):
            assigns, _i, _s, _p = self.facts.lookup(expr.id, self.facts.scope(expr))
            out: list[str] = []
            for a in assigns:
                out += self.strings(a)
            if not assigns and expr.id in self.r.constants:
                out += self.strings(self.r.constants[expr.id])
            return out
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return [s for e in expr.elts for s in self.strings(e)]
        if isinstance(expr, ast.BinOp):
            return self.strings(expr.left) + self.strings(expr.right)
        v = self.facts.value_string(expr)
        return [v] if v is not None else []


def is_empty(facts, expr: ast.AST | None) -> bool:
    if expr is None:
        return True
    if isinstance(expr, ast.Constant) and expr.value in (None, False):
        return True
    if isinstance(expr, (ast.List, ast.Tuple, ast.Dict, ast.Set)):
        return not (expr.keys if isinstance(expr, ast.Dict) else expr.elts)
    if isinstance(expr, ast.Name):
        assigns, iters, _s, param = facts.lookup(expr.id, facts.scope(expr))
        return bool(assigns) and not iters and param is None and all(is_empty(facts, a) for a in assigns)
    return False


def web_tools(facts, req) -> list[tuple[ast.AST, str]] | None:
    """The path to the first web tool a request enables (``[(node, message), ...]``, the
    enabling place first), or None."""
    markers = WebToolMarkers(facts)
    candidates: list[tuple[str | None, ast.AST]] = list(facts.request_setting_items(req))
    candidates += [
        (n, e) for n, e in facts.request_content(req) if n in ("tools", "extra_body", "requests") or n.startswith("**")
    ]
    best = None
    for name, expr in candidates:
        if name in ENABLING_KEYS:
            if not is_empty(facts, expr):
                path = [(expr, f"{_WEB_KINDS[ENABLING_KEYS[name]]} enabled: `{name}={short_text(expr, 40)}`")]
            else:
                continue
        else:
            path = facts.trace(expr, markers)
        if path is not None and (best is None or len(path) < len(best)):
            best = path
    return best
