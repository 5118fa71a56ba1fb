"""Library switches that print Claude prompts and responses to standard output: a langchain
chain or agent built with ``verbose=True`` on a Claude model, langchain's global
``set_verbose(True)``/``set_debug(True)`` (and the legacy ``langchain.verbose``/``.debug``
attributes) in a module that builds a Claude model, and litellm's ``set_verbose = True`` /
``_turn_on_debug()`` in a module that sends litellm requests to Claude.

They are output sinks of prompts, judged by prompt-logged with the rule of ``print()``:
standard output is a log only in service code (:func:`claude_lint.analysis.service_reason` —
a web handler, a worker, a module that starts a server, a Streamlit app, whose stdout is the
server's log); elsewhere (a notebook, a tutorial, a CLI) it is the console of the person
running it, reported only when every prompt is health data (``handles-phi: true``)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..analysis import call_arg, tree_nodes
from ..analysis.clients import ClientInfo
from ..surface import (
    INIT_CHAT_MODEL,
    LANGCHAIN_GLOBAL_ATTRS,
    LANGCHAIN_GLOBAL_SWITCHES,
    LITELLM_DEBUG_ATTRS,
    LITELLM_DEBUG_CALLS,
    MARKER_ONLY_VERBOSE_CHAINS,
    WRAPPER_REQUEST_FUNCTIONS,
    WRAPPERS,
    is_claude_model,
    langchain_chain,
)


@dataclass(frozen=True)
class PrintingSwitch:
    """A switch that prints the prompts and responses of a Claude model."""

    node: ast.AST  # where the finding goes: the ``verbose=True`` value, the call, the assignment value
    what: str  # "ConversationChain(verbose=True)", "set_debug(True)", "litellm.set_verbose = True"
    #: what it prints: "every prompt and response of its Claude model (Bedrock, line 48)"
    prints: str
    model: ast.AST | None = None  # the Claude model's constructor (a related location)
    model_label: str = "the Claude model"


def _true(facts, expr: ast.AST | None) -> bool:
    if isinstance(expr, ast.Constant):
        return expr.value is True
    if isinstance(expr, ast.Name) and expr.id in facts.r.constants:
        value = facts.r.constants[expr.id]
        return isinstance(value, ast.Constant) and value.value is True
    return False


def _chain_name(facts, call: ast.Call) -> str | None:
    """``ConversationChain`` for a langchain chain/agent constructor or its classmethod
    (``RetrievalQA.from_chain_type``), else None."""
    return langchain_chain(facts.r.qualname(call.func))


def _agent(name: str) -> bool:
    """An agent executor (``AgentExecutor``, ``initialize_agent``, ``create_sql_agent`` …)."""
    return "Agent" in name or name.endswith("_agent")


def _line(ctx, node: ast.AST) -> int:
    return ctx.source.file_line(getattr(node, "lineno", 0) or 0)


def switch_at_call(ctx, call: ast.Call) -> PrintingSwitch | None:
    """The printing switch a call is, if any (see the module doc)."""
    facts = ctx.facts
    q = facts.r.qualname(call.func) or ""
    if q in LANGCHAIN_GLOBAL_SWITCHES:
        if not call.args or not _true(facts, call.args[0]):
            return None
        model = claude_langchain_model(ctx)
        if model is None:
            return None
        return PrintingSwitch(
            call,
            f"{q.rsplit('.', 1)[-1]}(True)",
            f"every prompt and response of every langchain model, this module's Claude model "
            f"({model.name}, line {_line(ctx, model.constructor)}) included,",
            model.constructor,
        )
    if q in LITELLM_DEBUG_CALLS:
        request = litellm_claude_request(ctx)
        if request is None:
            return None
        return PrintingSwitch(
            call,
            f"{q}()",
            f"the request body of every litellm call, this module's Claude request "
            f"(line {_line(ctx, request)}) included,",
            request,
        )
    name = _chain_name(facts, call)
    if name is None or name in MARKER_ONLY_VERBOSE_CHAINS:
        return None  # a wrapper's verbose prints "Entering new ... chain" only (surface doc)
    verbose = call_arg(call, "verbose")
    if not _true(facts, verbose):
        return None
    model = facts.chain_model(call)
    if model is None:
        return None
    assert verbose is not None  # _true(None) is False
    where = f"({model.name}, line {_line(ctx, model.constructor)})"
    # an agent prints each step's model output (action.log, finish.log) and tool observation;
    # a chain prints its formatted prompt (LLMChain.prep_prompts), not the reply (surface doc)
    what, of = ("each response and tool result", "of") if _agent(name) else ("each formatted prompt", "for")
    if model.maybe:  # a generic Bedrock class whose model the code does not show
        prints = f"{what} {of} its model {where}, which may be Claude ({model.maybe}),"
    else:
        prints = f"{what} {of} its Claude model {where}"
    label = "the model (may be Claude)" if model.maybe else "the Claude model"
    return PrintingSwitch(verbose, f"{name}(verbose=True)", prints, model.constructor, label)


def switch_at_assign(ctx, node: ast.Assign) -> PrintingSwitch | None:
    """``langchain.debug = True``, ``litellm.set_verbose = True``."""
    facts = ctx.facts
    if not _true(facts, node.value):
        return None
    for target in node.targets:
        q = facts.r.qualname(target) if isinstance(target, ast.Attribute) else None
        if q in LANGCHAIN_GLOBAL_ATTRS:
            model = claude_langchain_model(ctx)
            if model is not None:
                return PrintingSwitch(
                    node.value,
                    f"{q} = True",
                    f"every prompt and response of every langchain model, this module's Claude model "
                    f"({model.name}, line {_line(ctx, model.constructor)}) included,",
                    model.constructor,
                )
        if q in LITELLM_DEBUG_ATTRS:
            request = litellm_claude_request(ctx)
            if request is not None:
                return PrintingSwitch(
                    node.value,
                    f"{q} = True",
                    f"every litellm request, this module's Claude request (line {_line(ctx, request)}) included,",
                    request,
                )
    return None


def claude_langchain_model(ctx) -> ClientInfo | None:
    """The first Claude langchain chat model this module builds (a langchain wrapper class or
    ``init_chat_model`` that reaches Claude), or None."""

    def find() -> ClientInfo | None:
        facts = ctx.facts
        for node in tree_nodes(facts.tree):
            if not isinstance(node, ast.Call):
                continue
            q = facts.r.qualname(node.func) or ""
            w = WRAPPERS.get(q)
            if (w is not None and w.canonical.startswith("langchain")) or q in INIT_CHAT_MODEL:
                info = facts.content_client(node)
                if info is not None:
                    return info
        return None

    found = ctx.facts.memo("printing-switches.langchain-model", find)
    return found if isinstance(found, ClientInfo) else None


def litellm_claude_request(ctx) -> ast.Call | None:
    """The first litellm request to a Claude model in this module, or None."""

    def find() -> ast.Call | None:
        facts = ctx.facts
        for node in tree_nodes(facts.tree):
            if not isinstance(node, ast.Call):
                continue
            q = facts.r.qualname(node.func) or ""
            if q.startswith("litellm.") and q in WRAPPER_REQUEST_FUNCTIONS:
                model = facts.value_origin(call_arg(node, "model", 0)).value
                if model is not None and is_claude_model(model):
                    return node
        return None

    found = ctx.facts.memo("printing-switches.litellm-request", find)
    return found if isinstance(found, ast.Call) else None
