"""phi-to-web-tools: a Claude request carrying health data also enables web search, web fetch,
the MCP connector or the advisor tool."""

from __future__ import annotations

from .. import phi
from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit.web_tools import web_tools


class PhiToWebTools(Rule):
    """
    ## What it does
    Reports a Claude request that carries health data (see `phi-without-zdr` for how health
    data is recognised and followed, including *health data by context*: clinical
    instructions plus content not written in the code, with the same look-alikes) and also
    enables a tool that sends content outside the request:

    - web search and web fetch: tool types matching `web_search_YYYYMMDD` /
      `web_fetch_YYYYMMDD` in `tools=`, also built in variables, module constants, helper
      functions or `bind_tools([...])`, and typed params such as
      `WebSearchTool20250305Param(...)` / `BetaWebSearchTool20260318Param(...)`;
    - the MCP connector: `mcp_servers=[...]` (request, Managed Agent or wrapper) and tools of
      type `mcp_toolset`;
    - the advisor tool (`advisor_YYYYMMDD`), which sends the conversation to a second model;
    - Managed Agents toolsets (`agent_toolset_20260401`) of the agent behind a session, unless
      their `default_config`/`configs` turn `web_search` and `web_fetch` off (every tool
      of the toolset is enabled by default);
    - wrappers: pydantic-ai `WebSearchTool()`/`WebFetchTool()`/`UrlContextTool()`/
      `MCPServerTool()`, litellm `web_search_options=`, Claude Agent SDK
      `ClaudeAgentOptions(allowed_tools=["WebSearch", "WebFetch"])`.

    It fires whatever the policy says about ZDR and BAAs. Under `handles-phi: auto` a
    request without health data (a weather question with web search) is silent; under
    `handles-phi: true` every request with web tools fires; `false` turns the rule off.
    Code execution, bash, text editor, memory and client tools are not reported.

    ## Why is this bad?
    Web search and web fetch send queries built from the conversation to a search provider
    or to arbitrary web servers, and the MCP connector sends tool calls to third-party
    servers; none of them is covered by the BAA and ZDR arrangements, so health data in the
    conversation can leave the covered boundary.

    ## Example
    ```python
    import anthropic

    client = anthropic.Anthropic()
    client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        tools=[{"type": "web_search_20250305", "name": "web_search"}],
        messages=[{"role": "user", "content": f"Latest treatment for {patient.diagnosis}?"}],
    )
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic()
    # research the condition without the patient's data, or drop the web tool
    client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=[{"role": "user", "content": f"Latest treatment for {patient.diagnosis}?"}],
    )
    ```

    ## References
    - https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool
    - https://docs.anthropic.com/en/docs/agents-and-tools/mcp-connector
    - https://privacy.claude.com/en/articles/8114513-business-associate-agreements-baa-for-commercial-customers
    - CWE-359: Exposure of Private Personal Information to an Unauthorized Actor
    """

    id = "phi-to-web-tools"
    summary = "health data sent to Claude with web search, web fetch, MCP or advisor tools enabled"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    tags = ("security", "privacy", "compliance", "hipaa", "phi", "traffic")
    cwe = (359,)
    fix_hint = "Remove web search/fetch, MCP servers and the advisor tool from requests that carry health data."
    policy = "handles-phi not false"

    def finish(self, ctx) -> None:
        for item in phi.phi_requests(ctx):
            if item.req.client is not None and item.req.client.maybe:
                continue  # a model that may be Claude: phi-without-zdr judges it, at low confidence
            if item.elsewhere:
                continue  # reported where the helper of another module sends it (one finding per cause)
            tool_path = web_tools(ctx.facts, item.req)
            if tool_path is None:
                continue
            tool_node, tool_msg = tool_path[0]
            label = phi.request_label(ctx.facts, item.req)
            if item.declared:
                what = f"content sent as `{item.arg}` to {label} is health data (handles-phi: true)"
            else:
                what = (
                    f"health data ({item.source_text} on line {phi.line_of(ctx, item.path[0][0])}) is sent "
                    f"as `{item.arg}` to {label}{item.context_text(ctx)}"
                )
            enabled, _, detail = tool_msg.partition(" enabled: ")
            verb = "are" if " and " in enabled else "is"
            message = (
                f"{what} while {enabled} {verb} enabled ({detail}, line {phi.line_of(ctx, tool_node)}); "
                f"these tools send content outside the BAA/ZDR boundary even when both are declared — keep "
                f"them off requests that carry health data"
            )
            flow = [*item.path, (tool_node, tool_msg)]
            phi.report(
                ctx,
                item.req.call,
                message,
                flow=flow,
                confidence=Confidence.HIGH if item.declared else item.confidence,
                related=item.related,
            )
