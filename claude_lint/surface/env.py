"""Environment variables and keyword arguments through which a Claude client is given its
credential and its endpoint (claude-surface §1.3, §7).  Tables only."""

from __future__ import annotations

#: Environment variables that hold a Claude credential.
KEY_ENV_VARS = frozenset(
    {
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_ADMIN_KEY",
        "ANTHROPIC_ADMIN_API_KEY",
        "ANTHROPIC_AWS_API_KEY",
        "ANTHROPIC_FOUNDRY_API_KEY",
        "ANTHROPIC_WEBHOOK_SIGNING_KEY",
        "AWS_BEARER_TOKEN_BEDROCK",
        "CLAUDE_API_KEY",
    }
)

#: Environment variables that hold a consumer (subscription / claude.ai) credential.
CONSUMER_ENV_VARS = frozenset({"CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_SESSION_KEY", "CLAUDE_COOKIE"})

#: environment variables read as a base URL by the SDK clients and the wrappers
#: (claude-surface §1.3 and §7)
BASE_URL_ENV_VARS = frozenset(
    {
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_BEDROCK_BASE_URL",
        "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
        "ANTHROPIC_VERTEX_BASE_URL",
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "ANTHROPIC_AWS_BASE_URL",
        "ANTHROPIC_GOOGLE_CLOUD_BASE_URL",
        "ANTHROPIC_API_URL",  # langchain-anthropic
        "ANTHROPIC_API_BASE",  # litellm
    }
)
#: keyword spellings of a base URL in the clients and wrappers (claude-surface §7)
URL_KWARGS = ("base_url", "anthropic_api_url", "api_base", "endpoint_url", "api_endpoint")
#: keywords that hand a client its HTTP client
HTTP_CLIENT_KWARGS = ("http_client", "async_http_client")
#: module settings that set the base URL of every call of a wrapper library
MODULE_URL_SETTINGS = frozenset({"litellm.api_base"})
