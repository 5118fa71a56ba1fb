"""Residency sites of wrapper libraries as written in the wild (issue 13, pattern 5): the
langchain-aws Bedrock classes and their legacy import paths (``langchain.llms.Bedrock``,
``BedrockChat`` …) and llama-index's, ``init_chat_model`` judged as the class its provider
builds, Bedrock inline agents on a Claude foundation model, legacy dspy ``AWSAnthropic``.

Functions of the :class:`~claude_lint.residency.sites.SiteCollector` ``c`` they are called
with (its ``add``, ``origin``, ``_model``, ``_region_args`` …); the facts come from
:mod:`claude_lint.surface`."""

from __future__ import annotations

import ast
from typing import Any

from ..analysis import CONSTANT, ENV_DEFAULT, ValueOrigin, call_arg
from ..model import ClientKind
from ..surface import (
    INIT_CHAT_MODEL_PROVIDERS,
    INLINE_AGENT_MODEL_KEY,
    WRAPPERS,
    init_chat_model_target,
    is_claude_model,
)
from ..surface.places import BEDROCK, FIRST_PARTY, WRAPPER_REGIONS, RegionInput, bedrock_model
from .site import CLIENT, GEO, MODEL, Site


def _short(q: str) -> str:
    return q.rsplit(".", 1)[-1]


def _generic_model(c: Any, call: ast.Call, model_expr: ast.expr | None) -> str | None:
    """For a provider-generic Bedrock class (its model id decides whether it is Claude): None
    when it is not Claude (a Nova, Titan, Llama id, or nothing says it is Claude), else why it
    only may be ("" when the id is a Claude id; the reason is recorded for the low-confidence
    findings)."""
    mv = c.facts.value_origin(model_expr).value if model_expr is not None else None
    if mv is None:
        w = WRAPPERS.get(c.r.qualname(call.func) or "")
        maybe = c.facts.possible_claude_model(call, w) if w is not None else ""
        if not maybe:
            return None  # nothing says it is Claude
        c.uncertain[id(call)] = maybe
        return maybe
    return "" if is_claude_model(mv) else None


def langchain_aws(c: Any, call: ast.Call, name: str, label: str, ri: RegionInput) -> None:
    generic = name in ("ChatBedrock", "ChatBedrockConverse", "BedrockLLM", "Bedrock", "BedrockConverse")
    model_arg = "model_id" if name in ("ChatBedrock", "BedrockLLM") else "model"
    model_expr = call_arg(call, model_arg) or call_arg(call, "model") or call_arg(call, "model_id")
    maybe: str | None = ""
    if generic:
        maybe = _generic_model(c, call, model_expr)
        if maybe is None:
            return
    boto = call_arg(call, "client")
    if boto is not None:
        bc = c.facts.producer(boto, c._is_bedrock_runtime)
        if bc is not None:
            if maybe and id(bc) not in c.boto3_claude:
                c.uncertain[id(bc)] = maybe
            elif not maybe:
                c.uncertain.pop(id(bc), None)  # a known Claude model uses it too
            c.boto3_claude[id(bc)] = bc
            c.users.setdefault(id(bc), []).append((call, f"{label}(client=...) uses this client"))
            c._model(model_expr, label, ClientKind.BEDROCK, model_arg, bc)
        return
    c._model(model_expr, label, ClientKind.BEDROCK, model_arg, call)
    geo = call_arg(call, "inference_geo")
    if geo is not None:
        c.add(Site(GEO, geo, label, ClientKind.BEDROCK, BEDROCK, "inference_geo", c.origin(geo)))
    url_kw = "endpoint_url" if generic else "base_url"
    c._region_args(call, label, ri, ClientKind.BEDROCK, url_kw=url_kw)


def strands_bedrock(c: Any, call: ast.Call, label: str, ri: RegionInput) -> None:
    """strands-agents ``BedrockModel(model_id=..., region_name=...)``: Claude when its model id
    is (a model id of unknown value: when the module names Claude ids, low confidence); without
    ``model_id`` it runs the library's default, a Claude model, so its region is judged.  A
    ``boto_session`` gives the session's region, not judged here."""
    c.current = call
    model_expr = call_arg(call, "model_id")
    if model_expr is not None:
        if _generic_model(c, call, model_expr) is None:
            return
        c._model(model_expr, label, ClientKind.BEDROCK, "model_id", call)
    if call_arg(call, "boto_session") is not None:
        return
    c._region_args(call, label, ri, ClientKind.BEDROCK, url_kw=None)


def inline_agent(c: Any, call: ast.Call) -> None:
    """langchain-aws ``BedrockInlineAgentsRunnable.create(region_name=...,
    inline_agent_config={"foundation_model": ...})``: an agent on a Claude foundation
    model runs in the region given (else the AWS environment's)."""
    c.current = call
    status, model_expr = c.facts.mapping_get(call_arg(call, "inline_agent_config"), INLINE_AGENT_MODEL_KEY)
    if status != "found":
        return
    label = "BedrockInlineAgentsRunnable"
    if c._model(model_expr, label, ClientKind.BEDROCK, INLINE_AGENT_MODEL_KEY, call) is None:
        mv = c.facts.value_origin(model_expr).value
        if mv is None or not is_claude_model(mv):
            return
    ri = WRAPPER_REGIONS[("langchain_aws", label)]
    c._region_args(call, label, ri, ClientKind.BEDROCK, url_kw="endpoint_url")


def dspy_aws(c: Any, call: ast.Call) -> None:
    """Legacy dspy ``AWSAnthropic(dspy.Bedrock(region_name=...), model)``: the region of
    its provider object."""
    model_expr = call_arg(call, "model", 1)
    if c._model(model_expr, "dspy.AWSAnthropic", ClientKind.BEDROCK, "model", call) is None:
        mv = c.facts.value_origin(model_expr).value if model_expr is not None else None
        if mv is None or not is_claude_model(mv):
            return
    provider = c.facts.producer(call_arg(call, "aws_provider", 0), lambda k: c.r.qualname(k.func) == "dspy.Bedrock")
    if provider is not None:
        ri = WRAPPER_REGIONS[("dspy", "Bedrock")]
        c._region_args(provider, "dspy.Bedrock", ri, ClientKind.BEDROCK, url_kw=None, ctor=call)


def init_chat_model(c: Any, call: ast.Call) -> None:
    """``init_chat_model(model, model_provider=..., region_name=...)``: the class the
    provider names, judged like that class.  Every value that can reach the call counts:
    ``os.getenv("MODEL_PROVIDER", "anthropic")`` builds a ``ChatAnthropic`` unless the
    deployment sets the variable, so under ``residency: eu`` it is reported."""
    c.current = call
    model_expr = call_arg(call, "model", 0)
    mo = c.facts.value_origin(model_expr)
    provider_expr = call_arg(call, "model_provider")
    po = c.facts.value_origin(provider_expr)
    target = init_chat_model_target(mo.value, po.value, provider_unknown=provider_expr is not None and po.value is None)
    if target is None:
        return
    canonical, model = target
    name = _short(canonical)
    if po.value is not None:
        by = f"model_provider {po.value!r}"
    else:
        provider = next(k for k, v in INIT_CHAT_MODEL_PROVIDERS.items() if v == canonical)
        by = f"provider {provider!r} from its model string"
    if po.source == ENV_DEFAULT:
        by += f" (the default of {po.name})"
    elif po.source == CONSTANT and "(" in po.name:  # a field default of another module's class
        by += f" (from {po.name})"
    label = f"init_chat_model with {by}"
    kind = WRAPPERS[canonical].kind
    if kind == ClientKind.FIRST_PARTY:
        c.add(Site(CLIENT, call, label, kind, FIRST_PARTY, "model_provider", po if po.value else None))
        c._geo(call, call, label, kind, FIRST_PARTY, hint="inference_geo='us'", nested=("model_kwargs",))
        return
    ri = WRAPPER_REGIONS[(canonical.split(".")[0], name)]
    if kind == ClientKind.VERTEX:
        fallback, where = c._vertexai_init()
        c._region_args(call, label, ri, ClientKind.VERTEX, url_kw="base_url", fallback=fallback, fallback_where=where)
        return
    if model_expr is not None and bedrock_model(model) is not None:
        o = ValueOrigin(model, mo.source, mo.name, mo.node, mo.literal, mo.via, mo.def_node)
        c.add(Site(MODEL, model_expr, label, ClientKind.BEDROCK, BEDROCK, "model", o))
        c.models.setdefault(id(call), []).append(model)
    url_kw = "endpoint_url" if name in ("ChatBedrock", "ChatBedrockConverse") else "base_url"
    c._region_args(call, label, ri, ClientKind.BEDROCK, url_kw=url_kw)
