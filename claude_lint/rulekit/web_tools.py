"""Which server tools a Claude request enables (web search, web fetch, the MCP connector, the
advisor tool): shared by ``phi-to-web-tools`` and the inventory."""

from __future__ import annotations

import ast
import re

from ..analysis.syntax import short_text

_TOOL_TYPE = re.compile(r"^(web_search|web_fetch|advisor)_\d{8}$")
_TYPED_PARAM = re.compile(
    r"^(Beta)?(WebSearch|WebFetch|Advisor)Tool\d{8}(Param)?$|^(Beta)?MCPToolset(Param)?$"
    r"|^(Beta)?RequestMCPServerURLDefinitionParam$"
)
_AGENT_TOOLSET = re.compile(r"^agent_toolset_\d{8}$")
_PYDANTIC_TOOLS = {
    "WebSearchTool": "web search",
    "WebFetchTool": "web fetch",
    "UrlContextTool": "web fetch",
    "MCPServerTool": "the MCP connector",
}
_AGENT_SDK_WEB = {"WebSearch": "web search", "WebFetch": "web fetch"}
_KIND = {"web_search": "web search", "web_fetch": "web fetch", "advisor": "the advisor tool"}
#: keyword arguments / keys that enable a web tool by being present and non-empty
_ENABLING_KEYS = {"mcp_servers": "the MCP connector", "web_search_options": "web search"}


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
            m = _TOOL_TYPE.match(node.value)
            if m:
                return f"{_KIND[m.group(1)]} enabled: tool type '{node.value}'"
            if node.value == "mcp_toolset":
                return "the MCP connector enabled: tool type 'mcp_toolset'"
            return None
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
            if _TYPED_PARAM.match(name):
                kind = (
                    "web search"
                    if "WebSearch" in name
                    else "web fetch"
                    if "WebFetch" in name
                    else "the advisor tool"
                    if "Advisor" in name
                    else "the MCP connector"
                )
                return f"{kind} enabled: {name}(...)"
            if q.startswith("pydantic_ai") and name in _PYDANTIC_TOOLS:
                return f"{_PYDANTIC_TOOLS[name]} enabled: pydantic-ai {name}()"
            if name == "ClaudeAgentOptions":
                allowed = next((kw.value for kw in node.keywords if kw.arg == "allowed_tools"), None)
                for tool in self.strings(allowed):
                    if tool in _AGENT_SDK_WEB:
                        return f"{_AGENT_SDK_WEB[tool]} enabled: allowed_tools includes '{tool}'"
            if name.endswith("Params") and "Toolset" in name:
                items = {kw.arg: kw.value for kw in node.keywords if kw.arg}
                items.setdefault("type", ast.Constant("agent_toolset_20260401"))
                return self._mapping(items, node)
            if name == "dict":
                return self._mapping({kw.arg: kw.value for kw in node.keywords if kw.arg}, node)
        return None

    def _mapping(self, items: dict, node: ast.AST) -> str | None:
        for key, what in _ENABLING_KEYS.items():
            if key in items and not is_empty(self.facts, items[key]):
                return f"{what} enabled: '{key}' in {short_text(node, 60)}"
        kind = self.facts.value_string(items.get("type")) if "type" in items else None
        if kind is not None and _AGENT_TOOLSET.match(kind):
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
        return " and ".join(_KIND[t] for t in on)

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
        if name in _ENABLING_KEYS:
            if not is_empty(facts, expr):
                path = [(expr, f"{_ENABLING_KEYS[name]} enabled: `{name}={short_text(expr, 40)}`")]
            else:
                continue
        else:
            path = facts.trace(expr, markers)
        if path is not None and (best is None or len(path) < len(best)):
            best = path
    return best
