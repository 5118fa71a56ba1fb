"""What claude-lint knows about how Python reaches Claude, one table per fact, no I/O.

* :mod:`.clients` — client classes of the ``anthropic`` package and their providers, wrapper
  libraries' entry points, which arguments carry a credential or a model;
* :mod:`.requests` — request methods, wrapper request methods and functions, boto3 Bedrock
  methods, the keyword arguments that carry content or settings;
* :mod:`.env` — credential and base-URL environment variables and keywords;
* :mod:`.places` — regions, locations, Bedrock profiles, ``inference_geo`` values, endpoint
  URLs and model-id routes.

Depends on the vocabulary (:mod:`claude_lint.model`) only.  The analysis layer asks these
tables; rules judge what it finds.
"""

from .clients import (
    CLAUDE_MODEL_RE,
    CLIENT_CLASSES,
    CLIENT_MODULES,
    DERIVATIONS,
    DSPY_MODULES,
    INIT_CHAT_MODEL,
    INIT_CHAT_MODEL_PROVIDERS,
    LANGCHAIN_ALIASES,
    LEGACY_LANGCHAIN,
    WRAPPERS,
    ClientClass,
    Wrapper,
    client_class,
    init_chat_model_target,
    is_claude_model,
)
from .env import (
    BASE_URL_ENV_VARS,
    CONSUMER_ENV_VARS,
    HTTP_CLIENT_KWARGS,
    KEY_ENV_VARS,
    MODULE_URL_SETTINGS,
    URL_KWARGS,
)
from .requests import (
    AGENT_METHODS,
    AGENT_RUN_METHODS,
    BATCH_METHODS,
    BOTO3_BEDROCK_METHODS,
    COMPAT_METHODS,
    COUNT_METHODS,
    FILE_METHODS,
    GEO_METHODS,
    HTTP_CLIENTS,
    HTTP_FUNCS,
    LOOSE_METHODS,
    MANAGED_AGENT_METHODS,
    NO_CONTENT_RESPONSE,
    PROMPT_KWARGS,
    REQUEST_METHODS,
    SDK_CONTENT,
    SKILL_METHODS,
    STREAM_METHODS,
    TRANSPARENT,
    WRAPPER_REQUEST_FUNCTIONS,
    WRAPPER_REQUEST_METHODS,
    WRAPPER_SETTINGS,
)

__all__ = [
    "AGENT_METHODS",
    "AGENT_RUN_METHODS",
    "BASE_URL_ENV_VARS",
    "BATCH_METHODS",
    "BOTO3_BEDROCK_METHODS",
    "CLAUDE_MODEL_RE",
    "CLIENT_CLASSES",
    "CLIENT_MODULES",
    "COMPAT_METHODS",
    "CONSUMER_ENV_VARS",
    "COUNT_METHODS",
    "DERIVATIONS",
    "DSPY_MODULES",
    "FILE_METHODS",
    "GEO_METHODS",
    "HTTP_CLIENTS",
    "HTTP_CLIENT_KWARGS",
    "HTTP_FUNCS",
    "INIT_CHAT_MODEL",
    "INIT_CHAT_MODEL_PROVIDERS",
    "KEY_ENV_VARS",
    "LANGCHAIN_ALIASES",
    "LEGACY_LANGCHAIN",
    "LOOSE_METHODS",
    "MANAGED_AGENT_METHODS",
    "MODULE_URL_SETTINGS",
    "NO_CONTENT_RESPONSE",
    "PROMPT_KWARGS",
    "REQUEST_METHODS",
    "SDK_CONTENT",
    "SKILL_METHODS",
    "STREAM_METHODS",
    "TRANSPARENT",
    "URL_KWARGS",
    "WRAPPERS",
    "WRAPPER_REQUEST_FUNCTIONS",
    "WRAPPER_REQUEST_METHODS",
    "WRAPPER_SETTINGS",
    "ClientClass",
    "Wrapper",
    "client_class",
    "init_chat_model_target",
    "is_claude_model",
]
