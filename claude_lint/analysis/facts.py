"""The facade the Python rules receive as ``ctx.facts``: one object per file, built lazily on
the import/constant :class:`~claude_lint.analysis.imports.Resolver`, composed of one part per
question (each in its own module, each with its own tests):

* :mod:`.scopes` — scopes and bindings, functions, classes, call sites;
* :mod:`.values` — string values and their origins, mappings;
* :mod:`.clients` — which expression is a Claude client or wrapper;
* :mod:`.requests` — which call is a request to Claude, its content and settings;
* :mod:`.propagation` — how values flow (labels and traced paths);
* :mod:`.sinks` — where values leave the program as text;
* :mod:`.prompts` — a request's prompt, a response's content.

When a client cannot be known (a parameter without annotation, an import from another
module) the analysis says nothing rather than guess.
"""

from __future__ import annotations

from .prompts import PromptsMixin


class Facts(PromptsMixin):
    """Per-file facts: scopes, values, clients, requests, propagation, sinks, prompts."""
