"""Server tools a Claude request can enable, one table per way of naming them, each mapped
to one tool kind (``web_search``, ``web_fetch``, ``code_execution``, ``mcp`` …).

Sources: ../shared/reference/claude-surface.md (server-tool type strings and their dated
versions, the typed tool params of the SDK, the MCP connector's ``mcp_servers`` and
``mcp_toolset``, Managed Agents toolsets), pydantic-ai's builtin tools (``WebSearchTool``,
``WebFetchTool``, ``UrlContextTool``, ``CodeExecutionTool``, ``MCPServerTool``,
``MemoryTool``) and the Claude Agent SDK's ``allowed_tools`` names.
"""

from __future__ import annotations

import re

#: a tool's ``type`` string: ``web_search_20250305`` → web_search
TOOL_TYPE = re.compile(
    r"^(web_search|web_fetch|code_execution|bash|text_editor|computer|memory|advisor|tool_search_tool_regex|"
    r"tool_search_tool_bm25)_\d{8}$"
)
#: a toolset's ``type`` string: ``agent_toolset_20260401`` → agent
TOOLSET_TYPE = re.compile(r"^(agent|browser|computer)_toolset_\d{8}$")
#: the SDK's typed tool params: ``BetaWebSearchTool20250305Param`` → WebSearch
TYPED_TOOL = re.compile(
    r"^(?:Beta)?(WebSearch|WebFetch|CodeExecution|Bash|TextEditor|Computer|Memory|Advisor|ToolSearchToolRegex|"
    r"ToolSearchToolBm25)Tool\d{8}(?:Param)?$"
)
#: the SDK's typed MCP connector params
TYPED_MCP = re.compile(r"^(?:Beta)?(?:MCPToolset|RequestMCPServerURLDefinition)(?:Param)?$")
#: pydantic-ai builtin tools
PYDANTIC_TOOLS = {
    "WebSearchTool": "web_search",
    "WebFetchTool": "web_fetch",
    "UrlContextTool": "web_fetch",
    "CodeExecutionTool": "code_execution",
    "MCPServerTool": "mcp",
    "MemoryTool": "memory",
}
#: Claude Agent SDK ``allowed_tools`` names
AGENT_SDK_TOOLS = {"WebSearch": "web_search", "WebFetch": "web_fetch"}
#: keyword arguments / keys that enable a tool by being present and non-empty
ENABLING_KEYS = {"mcp_servers": "mcp", "web_search_options": "web_search"}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def tool_type_kind(value: str) -> str | None:
    """The tool kind a ``type`` string names (``mcp_toolset`` is the MCP connector)."""
    m = TOOL_TYPE.match(value)
    if m:
        return m.group(1)
    return "mcp" if value == "mcp_toolset" else None


def typed_tool_kind(name: str) -> str | None:
    """The tool kind of a typed tool param class of the SDK, by its name."""
    m = TYPED_TOOL.match(name)
    if m:
        return _CAMEL.sub("_", m.group(1)).lower()
    return "mcp" if TYPED_MCP.match(name) else None
