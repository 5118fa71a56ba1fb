"""The Python semantic model the rules query, split by question (see :mod:`.facts`).

Depends on the Claude surface (:mod:`claude_lint.surface`) and the vocabulary only.
"""

from .clients import ClientInfo, maybe_claude_note
from .facts import Facts
from .imports import Resolver, call_arg, env_var_name
from .prompts import PROMPT, PROMPT_LABELS, RESPONSE, RESPONSE_LABELS, RESPONSE_METADATA
from .requests import RequestInfo
from .services import (
    DROPPED,
    SDK_DEBUG,
    STDERR,
    LoggingSetup,
    ServiceCode,
    logging_setup,
    service_code,
    service_reason,
    unshown_log,
)
from .sinks import (
    EXCEPTION,
    LOG,
    LOG_METHODS,
    PRINT,
    TELEMETRY,
    WARNING,
    Sink,
)
from .syntax import iter_calls, tree_nodes
from .values import (
    CONSTANT,
    ENV,
    ENV_DEFAULT,
    ENV_SET,
    EXPRESSION,
    LITERAL,
    UNKNOWN,
    VARIABLE,
    ValueOrigin,
)

__all__ = [
    "CONSTANT",
    "DROPPED",
    "ENV",
    "ENV_DEFAULT",
    "ENV_SET",
    "EXCEPTION",
    "EXPRESSION",
    "LITERAL",
    "LOG",
    "LOG_METHODS",
    "PRINT",
    "PROMPT",
    "PROMPT_LABELS",
    "RESPONSE",
    "RESPONSE_LABELS",
    "RESPONSE_METADATA",
    "SDK_DEBUG",
    "STDERR",
    "TELEMETRY",
    "UNKNOWN",
    "VARIABLE",
    "WARNING",
    "ClientInfo",
    "Facts",
    "LoggingSetup",
    "RequestInfo",
    "Resolver",
    "ServiceCode",
    "Sink",
    "ValueOrigin",
    "call_arg",
    "env_var_name",
    "iter_calls",
    "logging_setup",
    "maybe_claude_note",
    "service_code",
    "service_reason",
    "tree_nodes",
    "unshown_log",
]
