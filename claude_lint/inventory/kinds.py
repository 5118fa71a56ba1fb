"""What kind of request an inventory entry lists (messages, streaming, batch, files …) and
which server tools a request enables — the inventory's reading of one request's arguments."""

from __future__ import annotations

import ast

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
from ..surface.tools import (
    AGENT_SDK_TOOLS,
    ENABLING_KEYS,
    PYDANTIC_TOOLS,
    TOOLSET_TYPE,
    tool_type_kind,
    typed_tool_kind,
)


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
            kind = tool_type_kind(v)
            if kind is not None:
                return frozenset({kind})
            m = TOOLSET_TYPE.match(v)
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
            kind = typed_tool_kind(name)
            if kind is not None:
                return frozenset({kind})
            if q.startswith("pydantic_ai") and name in PYDANTIC_TOOLS:
                return frozenset({PYDANTIC_TOOLS[name]})
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
