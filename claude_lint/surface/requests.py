"""Which calls send a request to Claude: SDK request methods (as attribute paths below a
client), wrapper methods and functions, boto3 Bedrock methods, and the keyword arguments
that carry content or settings (claude-surface §2, §3, §7).  Tables only."""

from __future__ import annotations

#: request methods reachable from a client (beta forms included), as attribute paths
REQUEST_METHODS = frozenset(
    {
        "messages.create",
        "messages.stream",
        "messages.parse",
        "messages.count_tokens",
        "messages.batches.create",
        "beta.messages.create",
        "beta.messages.stream",
        "beta.messages.parse",
        "beta.messages.tool_runner",
        "beta.messages.count_tokens",
        "beta.messages.thread",
        "beta.messages.batches.create",
        "completions.create",
        "beta.agents.create",
        "beta.agents.update",
        "beta.sessions.create",
        "beta.sessions.events.send",
        "files.upload",
        "beta.files.upload",
        "skills.create",
        "beta.skills.create",
        "completion",  # 0.x-era ``anthropic.Client(key).completion(...)``
    }
)
#: request methods that count tokens: they send no content for inference
COUNT_METHODS = frozenset({"messages.count_tokens", "beta.messages.count_tokens"})
#: request methods that take ``inference_geo`` (as a kwarg, via extra_body, or **params)
GEO_METHODS = frozenset(
    {
        "messages.create",
        "messages.stream",
        "messages.parse",
        "beta.messages.create",
        "beta.messages.stream",
        "beta.messages.parse",
        "beta.messages.tool_runner",
        "beta.messages.thread",
    }
)
BATCH_METHODS = frozenset({"messages.batches.create", "beta.messages.batches.create"})
#: Managed Agents definitions (they take ``inference_geo`` in their model settings)
AGENT_METHODS = frozenset({"beta.agents.create", "beta.agents.update"})
#: every Managed Agents request (definitions, sessions and their events)
MANAGED_AGENT_METHODS = AGENT_METHODS | {"beta.sessions.create", "beta.sessions.events.send"}
FILE_METHODS = frozenset({"files.upload", "beta.files.upload"})
SKILL_METHODS = frozenset({"skills.create", "beta.skills.create"})
#: request methods whose result is an object's metadata, not generated content
NO_CONTENT_RESPONSE = FILE_METHODS | SKILL_METHODS | AGENT_METHODS | BATCH_METHODS | {"beta.sessions.create"}
#: request methods accepted on a receiver the resolver cannot know (``Facts.likely_request``)
LOOSE_METHODS = frozenset(
    {
        "messages.create",
        "messages.stream",
        "messages.parse",
        "beta.messages.create",
        "beta.messages.stream",
        "beta.messages.parse",
        "beta.messages.tool_runner",
    }
)
#: attributes between a client and its resource that change nothing about the request
TRANSPARENT = frozenset({"with_raw_response", "with_streaming_response"})

#: methods of langchain-style chat models that send a request
WRAPPER_REQUEST_METHODS = frozenset(
    {
        "invoke",
        "ainvoke",
        "stream",
        "astream",
        "batch",
        "abatch",
        "predict",
        "apredict",
        "complete",
        "acomplete",
        "chat",
        "achat",
        "stream_complete",
        "stream_chat",
        "run",
        "run_sync",
        "arun",
        "__call__",
        # legacy langchain ``Chain.acall(inputs)`` (langchain ``chains/base.py``: the async
        # form of calling a chain with its inputs)
        "acall",
        "generate",
        "agenerate",
    }
)
#: wrapper functions that are themselves requests (litellm's)
WRAPPER_REQUEST_FUNCTIONS = frozenset(
    {
        "litellm.completion",
        "litellm.acompletion",
        "litellm.text_completion",
        "litellm.anthropic.messages.create",
        "litellm.anthropic.messages.acreate",
    }
)
#: request methods of instructor-patched and OpenAI-compatible clients
COMPAT_METHODS = frozenset(
    {
        "chat.completions.create",
        "chat.completions.create_with_completion",
        "chat.completions.create_partial",
        "chat.completions.create_iterable",
        "create",
        "create_with_completion",
        "create_partial",
        "create_iterable",
        "messages.create_with_completion",
        "messages.create_partial",
        "messages.create_iterable",
    }
)
#: the pydantic-ai Agent's request methods
AGENT_RUN_METHODS = frozenset({"run", "run_sync", "run_stream", "iter", "run_stream_events"})
#: boto3 bedrock-runtime methods that send a model request (they take a ``modelId``)
BOTO3_BEDROCK_METHODS = frozenset({"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"})
#: streaming request methods, SDK and wrapper
STREAM_METHODS = frozenset(
    {
        "messages.stream",
        "beta.messages.stream",
        "stream",
        "astream",
        "stream_complete",
        "stream_chat",
        "astream_chat",
        "astream_complete",
        "run_stream",
        "run_stream_events",
        "iter",
        "invoke_model_with_response_stream",
        "converse_stream",
        "astream_events",
    }
)

#: keyword arguments of a request that carry its prompt
PROMPT_KWARGS = ("messages", "system", "prompt", "input", "requests", "events", "initial_events")
#: keyword arguments that carry content, by request shape
SDK_CONTENT = (
    "messages",
    "system",
    "tools",
    "prompt",
    "requests",
    "initial_events",
    "events",
    "file",
    "files",
    "extra_body",
)
#: keyword arguments of wrapper calls that configure the call rather than carry content
WRAPPER_SETTINGS = frozenset(
    {
        "config",
        "stop",
        "callbacks",
        "tags",
        "metadata",
        "run_name",
        "run_id",
        "model",
        "model_settings",
        "usage_limits",
        "deps",
        "output_type",
        "builtin_tools",
        "toolsets",
        "temperature",
        "max_tokens",
        "timeout",
        "stream",
        "infer_name",
        "event_stream_handler",
        "options",
        "session_id",
    }
)

#: raw HTTP calls and sessions that may post to a Claude endpoint
HTTP_FUNCS = frozenset(
    {
        "requests.post",
        "requests.put",
        "requests.request",
        "httpx.post",
        "httpx.put",
        "httpx.request",
        "httpx.stream",
        "aiohttp.request",
        "urllib.request.Request",
        "urllib.request.urlopen",
    }
)

HTTP_CLIENTS = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession"}
)
