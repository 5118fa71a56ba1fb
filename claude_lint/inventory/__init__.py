"""``claude-lint inventory``: every place the code reaches Claude, for records of processing.

One entry per *place*: a client or wrapper built in the code (``AnthropicVertex(...)``,
``ChatAnthropic(...)``, ``dspy.LM(...)``, a boto3 ``bedrock-runtime`` client used with a
Claude model) or, when nothing is built first, the call itself (``litellm.completion(...)``,
a raw HTTP POST to ``api.anthropic.com``, ``claude_agent_sdk.query(...)``).  Each entry
says which provider serves it, which model ids it uses, where inference runs (region,
location, Bedrock profile or ``inference_geo``) and where each of those values came from,
which server tools its requests enable, whether health data flows into them, and the
requests made through it (messages, streaming, batch, files, count_tokens, Managed Agents).

Nothing new is inferred here: clients and requests come from the shared analysis
(:mod:`claude_lint.analysis`), regions and their origins from the residency sites
(:mod:`claude_lint.residency`), health data from :mod:`claude_lint.phi`.  Discovery,
per-file policies, notebooks, hostile-input notices, the result cache and the worker
processes are those of ``check`` (:mod:`claude_lint.runner`).  The code is never run and the
network never touched; every string of the output passes through :func:`keys.redact_text`.

The JSON form is versioned (:data:`SCHEMA_VERSION`) and described by
``docs/inventory.schema.json``.
"""

from .records import (
    HEALTH_VALUES,
    ORIGIN_SOURCES,
    PROVIDERS,
    REQUEST_KINDS,
    SCHEMA_ID,
    SCHEMA_VERSION,
    Entry,
    InventoryResult,
    Origin,
    RepositorySummary,
    Request,
    model_label,
    region_labels,
)
from .scan import analyse_source, run

__all__ = [
    "HEALTH_VALUES",
    "ORIGIN_SOURCES",
    "PROVIDERS",
    "REQUEST_KINDS",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Entry",
    "InventoryResult",
    "Origin",
    "RepositorySummary",
    "Request",
    "analyse_source",
    "model_label",
    "region_labels",
    "run",
]
