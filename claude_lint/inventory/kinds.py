"""What kind of request an inventory entry lists (messages, streaming, batch, files …) and
which server tools a request enables — the inventory's reading of one request's arguments."""

from __future__ import annotations

import ast
import re

from ..analysis import call_arg
from ..rulekit.web_tools import WebToolMarkers, is_empty
from ..surface import (
    BATCH_METHODS,
    COUNT_METHODS,
    FILE_METHODS,
    MANAGED_AGENT_METHODS,
    SKILL_METHODS,
    STREAM_METHODS,
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _camel_to_snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


_TOOL_TYPE = re.compile(
    r"^(web_search|web_fetch|code_execution|bash|text_editor|computer|memory|advisor|tool_search_tool_regex|"
    r"tool_search_tool_bm25)_\d{8}$"
)
_TOOLSET_TYPE = re.compile(r"^(agent|browser|computer)_toolset_\d{8}$")
_TYPED_TOOL = re.compile(
    r"^(?:Beta)?(WebSearch|WebFetch|CodeExecution|Bash|TextEditor|Computer|Memory|Advisor|ToolSearchToolRegex|"
    r"ToolSearchToolBm25)Tool\d{8}(?:Param)?$"
)
_TYPED_MCP = re.compile(r"^(?:Beta)?(?:MCPToolset|RequestMCPServerURLDefinition)(?:Param)?$")
_PYDANTIC_TOOLS = {
    "WebSearchTool": "web_search",
    "WebFetchTool": "web_fetch",
    "UrlContextTool": "web_fetch",
    "CodeExecutionTool": "code_execution",
    "MCPServerTool": "mcp",
    "MemoryTool": "memory",
}
AGENT_SDK_TOOLS = {"WebSearch": "web_search", "WebFetch": "web_fetch"}
ENABLING_KEYS = {"mcp_servers": "mcp", "web_search_options": "web_search"}


def request_kind(req) -> str:
    """The kind of a request (:data:`REQUEST_KINDS`) from its method and arguments."""

    m = req.method
    if m.startswith("POST "):
        path = m[5:]
        if path.startswith("/v1/messages/batches"):
            return "batch"
        if path.startswith("/v1/messages/count_tokens"):
            return "count_tokens"
        if path.startswith("/v1/files"):
            return "files"
        return "messages"
    if m in BATCH_METHODS:
        return "batch"
    if m in FILE_METHODS:
        return "files"
    if m in SKILL_METHODS:
        return "skills"
    if m in COUNT_METHODS:
        return "count_tokens"
    if m in MANAGED_AGENT_METHODS:
        return "managed-agents"
    if req.client is not None and req.client.name in ("ClaudeSDKClient", "claude_agent_sdk.query"):
        return "agent-sdk"
    if m in STREAM_METHODS or m.rsplit(".", 1)[-1] in ("stream", "astream"):
        return "streaming"
    stream = call_arg(req.call, "stream")
    if isinstance(stream, ast.Constant) and stream.value is True:
        return "streaming"
    return "messages"


class ToolSource:
    """Source predicate for :meth:`Facts.labels`: the tools a node enables."""

    def __init__(self, facts) -> None:
        self.facts = facts
        self.r = facts.r

    def __call__(self, node: ast.AST) -> frozenset[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            v = node.value
            m = _TOOL_TYPE.match(v)
            if m:
                return frozenset({m.group(1)})
            if v == "mcp_toolset":
                return frozenset({"mcp"})
            m = _TOOLSET_TYPE.match(v)
            if m:
                return frozenset({f"{m.group(1)}_toolset"})
            return frozenset()
        if isinstance(node, ast.Dict):
            out = set()
            for k, v in zip(node.keys, node.values):
                key = self.facts.value_string(k) if k is not None else None
                if key in ENABLING_KEYS and not is_empty(self.facts, v):
                    out.add(ENABLING_KEYS[key])
                elif key == "input_schema":
                    out.add("custom")
            return frozenset(out)
        if isinstance(node, ast.Call):
            q = self.r.qualname(node.func) or ""
            f = node.func
            name = q.rsplit(".", 1)[-1] if q else (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
            m = _TYPED_TOOL.match(name)
            if m:
                return frozenset({_camel_to_snake(m.group(1))})
            if _TYPED_MCP.match(name):
                return frozenset({"mcp"})
            if q.startswith("pydantic_ai") and name in _PYDANTIC_TOOLS:
                return frozenset({_PYDANTIC_TOOLS[name]})
            if name == "ClaudeAgentOptions":
                out = set()
                for kw in node.keywords:
                    if kw.arg == "allowed_tools":
                        out.update(AGENT_SDK_TOOLS[t] for t in self.strings(kw.value) if t in AGENT_SDK_TOOLS)
                    elif kw.arg == "mcp_servers" and not is_empty(self.facts, kw.value):
                        out.add("mcp")
                return frozenset(out)
        return frozenset()

    def strings(self, expr: ast.AST | None) -> list[str]:
        return WebToolMarkers(self.facts).strings(expr)


# --------------------------------------------------------------------------- residency sites with owners

#: the mapping keywords of clients, wrappers and requests that can carry ``inference_geo``
