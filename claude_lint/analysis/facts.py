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

import ast

from .clients import _UNSET, ClientInfo, ClientsMixin
from .imports import Resolver
from .prompts import PromptsMixin
from .propagation import PropagationMixin
from .requests import RequestInfo, RequestsMixin
from .scopes import ScopeInfo, ScopesMixin
from .sinks import Sink, SinksMixin
from .values import ValuesMixin


class Facts(ScopesMixin, ValuesMixin, ClientsMixin, RequestsMixin, PropagationMixin, SinksMixin, PromptsMixin):
    """Per-file facts: scopes, values, clients, requests, propagation, sinks, prompts."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        self.tree = tree
        self.r = resolver
        self.scopes: dict[ast.AST, ScopeInfo] = {}
        self.scope_of_node: dict[int, ScopeInfo] = {}  # id(node) -> scope, for every node
        self.class_attrs: dict[ast.ClassDef, dict[str, list[tuple[ast.expr, ScopeInfo]]]] = {}
        self.functions: dict[str, ast.AST] = {}  # module-level function name -> def
        self.methods: dict[tuple[ast.ClassDef, str], ast.AST] = {}
        self._client_cache: dict[int, ClientInfo | None] = {}
        self._memo: dict[str, object] = {}  # per-file results shared by several rules (see memo)
        # caches of the parts, one per question (filled on demand)
        self._content_clients: dict[int, ClientInfo | None] = {}
        self._dspy_lm: ClientInfo | None | object = _UNSET
        self._likely_cache: dict[int, RequestInfo | None] = {}
        self._imports_anthropic_cache: bool | None = None
        self._param_sources: dict[int, dict[str, list[ast.expr]]] = {}
        self._instance_class_cache: dict[int, ast.ClassDef | None] = {}
        self._trace_caches: dict[int, tuple[object, dict[object, object]]] = {}
        self._edge_cache: dict[tuple[object, ...], list[object]] = {}
        self._sink_cache: dict[int, Sink | None] = {}
        self._build()
