"""The residency sites of a Python file: every place that decides where a Claude request runs
(client constructors and their region arguments, ``with_options``/``copy`` overrides, wrapper
region arguments, Bedrock model ids, ``inference_geo`` values or their absence, raw Vertex and
Bedrock URLs), each with its owning call.  The analysis runs once per file."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Any

from ..analysis import (
    ENV,
    ENV_SET,
    LITERAL,
    ValueOrigin,
    call_arg,
    tree_nodes,
)
from ..analysis.remote import RemoteClient
from ..analysis.values import SEVERAL, UNKNOWN_PART
from ..model import ClientKind, Confidence, Location, Related
from ..surface import (
    AGENT_METHODS,
    BATCH_METHODS,
    BOTO3_AGENT_METHODS,
    BOTO3_AGENT_SERVICE,
    BOTO3_BEDROCK_METHODS,
    GEO_METHODS,
    INIT_CHAT_MODEL,
    INLINE_AGENT_FACTORY,
    LEGACY_LANGCHAIN,
    WRAPPER_REQUEST_FUNCTIONS,
    WRAPPERS,
    client_class,
)
from ..surface.places import (
    AWS,
    BEDROCK,
    FIRST_PARTY,
    FIRST_PARTY_URL,
    FOUNDRY,
    GOOGLE_CLOUD,
    URL_HINT,
    VERTEX,
    WRAPPER_REGIONS,
    RegionInput,
    bedrock_model,
    classify,
    client_region_input,
    model_route,
    url_region,
)
from .config_env import record_named, record_reads
from .site import (
    _RAW_FIRST_PARTY,
    CLIENT,
    GEO,
    GEO_MISSING,
    MODEL,
    REGION,
    REGION_ABSENT,
    Site,
    shared_cause,
)
from .wrapper_sites import dspy_aws, init_chat_model, inline_agent, langchain_aws, strands_bedrock

# =========================================================================== part 2: sites


#: raw HTTP requests that run inference (token counting and file uploads do not)
_RAW_INFERENCE = frozenset({"POST /v1/messages", "POST /v1/messages/batches", "POST /v1/complete"})


def sites(ctx) -> list[Site]:
    """Every residency site of the file behind ``ctx`` (computed once, shared by the rules;
    the variables its Claude clients read go to the run: :mod:`.config_env`)."""

    def collect() -> list[Site]:
        out = SiteCollector(ctx).run()
        record_reads(ctx, out)
        return out

    return ctx.facts.memo("residency.sites", collect)


def line_of(ctx):
    """A function giving the file line of a node (notebook lines mapped back)."""
    return lambda node: ctx.source.file_line(getattr(node, "lineno", 0) or 0)


def report(ctx, site_or_node, message: str, **kw) -> None:
    """``ctx.report`` from ``finish()``: attaches the node's own statement so suppressions on
    any line of that statement apply."""
    node = site_or_node.node if isinstance(site_or_node, Site) else site_or_node
    if isinstance(site_or_node, Site) and "related" not in kw:
        kw["related"] = origin_related(site_or_node)
    if isinstance(site_or_node, Site) and site_or_node.uncertain:
        # may be Claude: issue 13 pattern 4, a low-confidence finding rather than silence
        message = f"{message} (if it is Claude: {site_or_node.uncertain})"
        kw["confidence"] = Confidence.LOW
    cause = shared_cause(ctx, site_or_node, message)
    known = ctx.scratch.setdefault("residency.causes", {})
    if cause is not None and cause in known:
        # one finding per cause: a later client of the file given the same named value (a
        # constant, a setting, an environment default) is a related location of the first
        ctx.relate(known[cause], node, "the same value again")
        return
    index = ctx.report(node, message, at_statement=ctx.facts.statement(node), **kw)
    if cause is not None and index is not None:
        known[cause] = index
    if isinstance(site_or_node, Site):
        record_named(ctx, site_or_node, index)
    link = ctx.facts.remote
    if index is not None and isinstance(site_or_node, Site) and site_or_node.elsewhere and link is not None:
        found = ctx.findings[index]
        more = tuple(
            Related(Location(link.display(p), p.line, 1, p.end_line or p.line), label)
            for p, label in site_or_node.elsewhere
        )
        ctx.findings[index] = found.with_(related=(*found.related, *more))


#: label of the related location of a value's origin, by ValueOrigin.source
_ORIGIN_LABEL = {
    "constant": "the constant {}",
    "variable": "the variable {}",
    ENV_SET: "written to {}",
    "parameter": "the parameter {}",
    "attribute": "{}",
}


def origin_related(site: Site) -> list[tuple[ast.AST, str]]:
    """The origin a message names ("from the constant RESELLER (line 15)") as a related
    location: the definition of the constant or variable, or the environment write."""
    o = site.value
    users = list(site.users)
    if o is None or o.def_node is None or o.source not in _ORIGIN_LABEL or o.def_node is site.node:
        return users
    return [(o.def_node, _ORIGIN_LABEL[o.source].format(o.name)), *users]


def _none(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def _short(q: str) -> str:
    return q.rsplit(".", 1)[-1]


class SiteCollector:
    """Lists the residency sites of one file in one walk.  Each site carries its owner: the
    constructor, request or wrapper call being analysed when it was found.

    ``defer_regions`` (the rules' mode) holds back a constructor's region sites to the end
    of the walk, to attach the model ids used through that client; the inventory, which
    reads the models itself, takes every site as it is found."""

    def __init__(self, ctx, *, defer_regions: bool = True) -> None:
        self.ctx = ctx
        self.defer_regions = defer_regions
        self.current: ast.Call | None = None  # the call being analysed (the owner of new sites)
        self.facts = ctx.facts
        self.r = ctx.resolver
        self.out: list[Site] = []
        self.covered: set[int] = set()  # ids of string literals already judged at a use site
        self.models: dict[int, list[str]] = {}  # id(constructor call) -> model ids used through it
        self.boto3_claude: dict[int, ast.Call] = {}  # bedrock-runtime clients used with Claude
        #: id(call) -> why the client it builds may be Claude (unknown generic Bedrock model)
        self.uncertain: dict[int, str] = {}
        #: id(boto3 client call) -> the wrappers built on it (related locations)
        self.users: dict[int, list[tuple[ast.AST, str]]] = {}
        self.pending_regions: list[tuple[ast.Call, Any]] = []
        #: ids of the places a bedrock-runtime client of another module is obtained (judged once)
        self.remote_runtime: set[int] = set()

    # ------------------------------------------------------------------ driver
    def run(self) -> list[Site]:
        # one walk: calls, URL-like strings, f-string parts and bare strings (docstrings)
        calls: list[ast.Call] = []
        strings: list[ast.AST] = []
        fstring_parts: set[int] = set()
        bare: set[int] = set()
        node: Any  # dispatched on ``kind`` below, through which mypy does not narrow
        for node in tree_nodes(self.ctx.tree):
            kind = type(node)
            if kind is ast.Call:
                calls.append(node)
            elif kind is ast.Constant:
                if isinstance(node.value, str) and "://" in node.value and len(node.value) <= 2000:
                    strings.append(node)
            elif kind is ast.JoinedStr:
                fstring_parts.update(id(v) for v in node.values)
                if any(isinstance(v, ast.Constant) and URL_HINT.search(str(v.value)) for v in node.values):
                    strings.append(node)
            elif kind is ast.Expr and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
                bare.add(id(node.value))
        raw_requests: list[ast.Call] = []
        for call in calls:
            q = self.r.qualname(call.func)
            cc = client_class(q)
            if cc is not None:
                self._sdk_client(call, cc)
                continue
            if q in WRAPPER_REQUEST_FUNCTIONS:
                self._routed(call, q, q, "litellm")
                continue
            if q in INIT_CHAT_MODEL:
                init_chat_model(self, call)
                continue
            if q is not None and self._wrapper(call, q):
                continue
            f = call.func
            if isinstance(f, ast.Attribute) and f.attr in ("with_options", "copy"):
                self._derived(call)
            if isinstance(f, ast.Attribute) and f.attr in BOTO3_BEDROCK_METHODS:
                self._boto3_invoke(call)
            if isinstance(f, ast.Attribute) and f.attr in BOTO3_AGENT_METHODS:
                self._boto3_invoke(call, BOTO3_AGENT_METHODS[f.attr], BOTO3_AGENT_SERVICE)
            if q is not None and q.startswith("langchain_aws") and q.endswith(INLINE_AGENT_FACTORY):
                inline_agent(self, call)
                continue
            req = self.facts.request(call)
            if req is not None and req.client is not None and not req.client.wrapper:
                self._request(req)
            elif req is None and (raw := self.facts.likely_request(call)) is not None and raw.method in _RAW_INFERENCE:
                raw_requests.append(call)  # a raw HTTP request to the Messages API (analysis/raw_http.py)
        for call in self.boto3_claude.values():
            self._boto3_client(call)
        # region sites wait until every request is seen: they carry the model ids used
        # through their client (for the eu.-profile-from-a-US-region note)
        for _ctor, make in self.pending_regions:
            make()
        self._raw_urls(strings, fstring_parts, bare)
        if raw_requests and not any(s.client == _RAW_FIRST_PARTY for s in self.out):
            # the URL is built at run time (a base URL from settings or the environment):
            # the same recognition as every other rule's, reported at the first request
            self.current = None
            self.add(Site(CLIENT, raw_requests[0], _RAW_FIRST_PARTY, ClientKind.FIRST_PARTY, FIRST_PARTY))
        return self.out

    def add(self, site: Site, ctor: ast.Call | None = None) -> None:
        owner = ctor if ctor is not None else self.current
        site = replace(site, owner=owner, uncertain=site.uncertain or self.uncertain.get(id(owner), ""))
        if ctor is not None and self.defer_regions and site.kind in (REGION, REGION_ABSENT):
            # resolved lazily: the requests through this client may come later in the walk
            self.pending_regions.append(
                (
                    ctor,
                    lambda: self.out.append(
                        Site(
                            **{
                                **site.__dict__,
                                "models": tuple(self.models.get(id(ctor), ())),
                                "users": tuple(self.users.get(id(ctor), ())),
                            }
                        )
                    ),
                )
            )
            return
        if site.value is not None and site.value.literal is not None:
            self.covered.add(id(site.value.literal))
        self.out.append(site)

    def origin(self, expr) -> ValueOrigin:
        o = self.facts.value_origin(expr)
        if o.literal is not None:
            self.covered.add(id(o.literal))
        return o

    # ------------------------------------------------------------------ regions
    def _region_args(
        self,
        call: ast.Call,
        label: str,
        ri: RegionInput,
        kind: ClientKind | None,
        absent: bool = True,
        url_kw: str | None = "base_url",
        ctor: ast.Call | None = None,
        fallback: ValueOrigin | None = None,
        fallback_where: str = "",
    ) -> None:
        ctor = ctor if ctor is not None else call
        for spec in ri.args:
            v = call_arg(call, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
            if v is None and isinstance(spec, str) and any(kw.arg is None for kw in call.keywords):
                v = self.facts.boto3_arg(call, spec)  # read through a ``**`` dict the file builds
            if v is None:
                continue
            o = self.origin(v)
            if _none(v):
                break  # region=None: the library's default decides, as when it is absent
            # several values are each judged; a value the file cannot show is a REGION site with
            # an UNKNOWN value ("region not determined", region-left-to-default)
            arg = spec if isinstance(spec, str) else f"positional {ri.arg}"
            self.add(Site(REGION, v, label, kind, ri.platform, arg, o, ri), ctor)
            return
        if url_kw is not None:
            u = call_arg(call, url_kw)
            if u is not None:
                o = self.origin(u)
                ur = url_region(o.value) if o.value else None
                if ur is not None:
                    val = ValueOrigin(ur.region, o.source, o.name, o.node, o.literal, o.via, o.def_node)
                    self.add(Site(REGION, u, label, kind, ri.platform, url_kw, val, ri, where=f"in its {url_kw}"), ctor)
                return  # a base URL decides the endpoint: judged only when it names a region
        if (
            not absent
            or any(kw.arg is None for kw in call.keywords)
            or any(isinstance(a, ast.Starred) for a in call.args)
        ):
            return
        if fallback is not None:
            self.add(Site(REGION, call, label, kind, ri.platform, ri.arg, fallback, ri, where=fallback_where), ctor)
            return
        written = next(((n, self.facts.env_writes()[n]) for n in ri.env if n in self.facts.env_writes()), None)
        if written is not None:
            name, (value, lit) = written
            o = ValueOrigin(value, ENV_SET, name, call, lit, def_node=lit)
            self.add(Site(REGION, call, label, kind, ri.platform, ri.arg, o, ri), ctor)
            return
        if ri.env or ri.default:
            self.add(Site(REGION_ABSENT, call, label, kind, ri.platform, ri.arg, None, ri), ctor)

    def _model(self, expr, label: str, kind: ClientKind | None, arg: str, ctor: ast.Call | None) -> str | None:
        """A MODEL site for a Bedrock Claude model id; returns the id."""
        if expr is None:
            return None
        o = self.origin(expr)
        ids = [a.value for a in (o.alternatives if o.source == SEVERAL else (o,)) if a.value and bedrock_model(a.value)]
        if not ids:
            return None
        self.add(Site(MODEL, expr, label, kind, BEDROCK, arg, o))
        if ctor is not None:
            self.models.setdefault(id(ctor), []).extend(ids)
        return ids[0]

    # ------------------------------------------------------------------ anthropic clients
    def _sdk_client(self, call: ast.Call, cc) -> None:
        self.current = call
        platform = {
            ClientKind.FIRST_PARTY: FIRST_PARTY,
            ClientKind.FOUNDRY: FOUNDRY,
            ClientKind.BEDROCK: BEDROCK,
            ClientKind.VERTEX: VERTEX,
        }[cc.kind]
        ri = client_region_input(cc.name)
        if ri is not None:
            platform = ri.platform
        self.add(Site(CLIENT, call, cc.name, cc.kind, platform))
        if ri is not None:
            self._region_args(call, cc.name, ri, cc.kind)

    def _derived(self, call: ast.Call) -> None:
        self.current = call
        base = self.facts.client(call.func.value)  # type: ignore[attr-defined]
        if base is None or base.wrapper:
            return
        ri = client_region_input(base.name)
        if ri is None:
            return
        label = f"{base.name}.{call.func.attr}()"  # type: ignore[attr-defined]
        for spec in ri.args:
            if isinstance(spec, str) and call_arg(call, spec) is not None:
                self._region_args(call, label, ri, base.kind, absent=False, ctor=base.constructor)
                return
        if call_arg(call, "base_url") is not None:
            self._region_args(call, label, ri, base.kind, absent=False, ctor=base.constructor)

    def _request(self, req) -> None:
        self.current = req.call
        call, method, client = req.call, req.method, req.client
        label = f"{client.name} client's {method}"
        kind = client.kind
        platform = FIRST_PARTY if kind == ClientKind.FIRST_PARTY else (kind.value if kind else "")
        if method in GEO_METHODS:
            hint = "extra_body={'inference_geo': 'us'}" if method == "messages.parse" else "inference_geo='us'"
            self._geo(call, call, label, kind, platform, method, hint)
        elif method in BATCH_METHODS:
            self._batch(call, label, kind, platform, method)
        elif method in AGENT_METHODS:
            model = call_arg(call, "model")
            if model is None:
                return
            if self.facts.mapping(model) is not None:
                self._geo_in_mapping(
                    model, model, label, kind, platform, method, "model={'id': ..., 'inference_geo': 'us'}"
                )
            elif self.facts.value_origin(model).value is not None:
                self.add(
                    Site(
                        GEO_MISSING,
                        model,
                        label,
                        kind,
                        platform,
                        "inference_geo",
                        None,
                        method=method,
                        hint="model={'id': ..., 'inference_geo': 'us'}",
                    )
                )
        elif method == "beta.sessions.create":
            status, agent_model = self.facts.mapping_get(call_arg(call, "agent"), "model")
            if status == "found":
                st, geo = self.facts.mapping_get(agent_model, "inference_geo")
                if st == "found":
                    self.add(Site(GEO, geo, label, kind, platform, "inference_geo", self.origin(geo), method=method))
        if kind == ClientKind.BEDROCK and method not in BATCH_METHODS:
            self._model(call_arg(call, "model"), label, kind, "model", client.constructor)

    def _geo(self, call, anchor, label, kind, platform, method="", hint="", nested=("extra_body",)) -> None:
        """GEO / GEO_MISSING for a call's keywords (``inference_geo=``, a ``nested`` mapping
        such as ``extra_body=``, ``**splat``)."""
        status, value = self._geo_status(call, nested)
        if status == "found":
            self.add(Site(GEO, value, label, kind, platform, "inference_geo", self.origin(value), method=method))
        elif status == "absent":
            self.add(Site(GEO_MISSING, anchor, label, kind, platform, "inference_geo", None, method=method, hint=hint))

    def _geo_status(
        self, call: ast.Call, nested: tuple[str, ...] = ("extra_body",)
    ) -> tuple[str, Any]:  # the value: an ast.expr when "found"
        return geo_status(self.facts, call, nested)

    def _geo_in_mapping(self, mapping_expr, anchor, label, kind, platform, method, hint) -> None:
        status, value = self.facts.mapping_get(mapping_expr, "inference_geo")
        if status == "found":
            self.add(Site(GEO, value, label, kind, platform, "inference_geo", self.origin(value), method=method))
        elif status == "absent":
            self.add(Site(GEO_MISSING, anchor, label, kind, platform, "inference_geo", None, method=method, hint=hint))

    def _batch(self, call, label, kind, platform, method) -> None:
        elements = batch_elements(self.facts, call_arg(call, "requests"))
        if elements is None:
            return
        for el in elements:
            status, params = self.facts.mapping_get(el, "params")
            if status != "found":
                continue
            anchor = params
            self._geo_in_mapping(
                params, anchor, label, kind, platform, method, "'inference_geo': 'us' in each request's params"
            )

    # ------------------------------------------------------------------ wrappers
    def _wrapper(self, call: ast.Call, q: str) -> bool:
        self.current = call
        w = WRAPPERS.get(q)
        # another import path of a langchain class (legacy ``langchain.llms.Bedrock``,
        # ``langchain_community.chat_models.BedrockChat`` …) behaves as the class it names;
        # messages name the class the code wrote
        canonical = w.canonical if w is not None else q
        top, name, label = canonical.split(".")[0], _short(canonical), _short(q)
        if top == "dspy":
            label = q  # "dspy.Claude", not "Claude"
        ri = WRAPPER_REGIONS.get((top, name))
        if (top == "langchain_aws" or (top == "llama_index" and name in ("Bedrock", "BedrockConverse"))) and ri:
            langchain_aws(self, call, name, label, ri)
            return True
        if top == "strands" and name == "BedrockModel" and ri:
            strands_bedrock(self, call, label, ri)
            return True
        if top == "dspy" and name == "AWSAnthropic":
            dspy_aws(self, call)
            return True
        if top == "langchain_google_vertexai" and ri is not None:
            fallback, where = self._vertexai_init()
            self._region_args(
                call, label, ri, ClientKind.VERTEX, url_kw="base_url", fallback=fallback, fallback_where=where
            )
            return True
        if top == "dspy" and name == "LM":
            self._routed(call, q, "dspy.LM", "litellm")
            return True
        if top == "instructor" and name == "from_provider":
            self._routed(call, q, "instructor.from_provider", "instructor")
            return True
        if top == "llama_index" and name == "Anthropic":
            self._llama_index(call, name)
            return True
        if top == "pydantic_ai":
            return self._pydantic_ai(call, name)
        if w is not None and w.kind == ClientKind.FIRST_PARTY and not q.startswith("litellm"):
            self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
            if top in ("langchain_anthropic", "langchain_community"):
                legacy = q.startswith(LEGACY_LANGCHAIN)  # no inference_geo field: model_kwargs
                self._geo(
                    call,
                    call,
                    label,
                    ClientKind.FIRST_PARTY,
                    FIRST_PARTY,
                    hint="model_kwargs={'inference_geo': 'us'}" if legacy else "inference_geo='us'",
                    nested=("model_kwargs",),
                )
            return True
        return False

    def _vertexai_init(self) -> tuple[ValueOrigin | None, str]:
        """The location set by ``vertexai.init(location=...)`` / ``aiplatform.init(...)`` in this file."""
        if "_init" not in self.__dict__:
            self._init = self._find_vertexai_init()
        return self._init

    def _find_vertexai_init(self) -> tuple[ValueOrigin | None, str]:
        for node in tree_nodes(self.ctx.tree):
            if isinstance(node, ast.Call) and self.r.qualname(node.func) in (
                "vertexai.init",
                "google.cloud.aiplatform.init",
                "aiplatform.init",
            ):
                loc = call_arg(node, "location")
                if loc is not None:
                    o = self.origin(loc)
                    if o.value is not None or o.source == ENV:
                        line = line_of(self.ctx)(node)
                        return o, f"set by vertexai.init(location=...) on line {line}"
        return None, ""

    def _module_setting(self, qualname: str) -> tuple[ValueOrigin | None, str]:
        """A value assigned to a module attribute, e.g. ``litellm.vertex_location = "..."``."""
        cache = self.__dict__.setdefault("_settings", {})
        if qualname not in cache:
            cache[qualname] = self._find_module_setting(qualname)
        return cache[qualname]

    def _find_module_setting(self, qualname: str) -> tuple[ValueOrigin | None, str]:
        for node in tree_nodes(self.ctx.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Attribute) and self.r.qualname(t) == qualname:
                        o = self.origin(node.value)
                        if o.value is not None or o.source == ENV:
                            return o, f"set by {qualname} on line {line_of(self.ctx)(node)}"
        return None, ""

    def _routed(self, call: ast.Call, q: str, label: str, library: str) -> None:
        """litellm / dspy / instructor: the model string picks the provider."""
        self.current = call
        model_expr = call_arg(call, "model", 0)
        mo = self.facts.value_origin(model_expr) if model_expr is not None else None
        if mo is None or mo.value is None:
            return
        assert model_expr is not None  # mo is None without it
        route = model_route(mo.value, library)
        if route == FIRST_PARTY:
            self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
            if library == "litellm":
                self._geo(call, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY, hint="inference_geo='us'")
            return
        if route == BEDROCK:
            ri = WRAPPER_REGIONS[("instructor" if library == "instructor" else "litellm", BEDROCK)]
            model = self._model(model_expr, label, ClientKind.BEDROCK, "model", call)
            if model is not None and bedrock_model(model) and bedrock_model(model).arn_region:  # type: ignore[union-attr]
                return  # the ARN names the region (judged with the model id)
            self._region_args(call, label, ri, ClientKind.BEDROCK, url_kw="api_base")
        elif route == VERTEX:
            ri = WRAPPER_REGIONS[("litellm", VERTEX)]
            fallback, where = self._module_setting("litellm.vertex_location")
            self._region_args(
                call, label, ri, ClientKind.VERTEX, url_kw="api_base", fallback=fallback, fallback_where=where
            )
        elif route == "bedrock_mantle":
            ri = WRAPPER_REGIONS[("litellm", "bedrock_mantle")]
            parts = mo.value.split("/")
            if len(parts) >= 3 and classify(parts[1]) is not None:
                val = ValueOrigin(parts[1], mo.source, mo.name, mo.node, mo.literal, mo.via, mo.def_node)
                self.add(
                    Site(
                        REGION,
                        model_expr,
                        label,
                        ClientKind.BEDROCK,
                        BEDROCK,
                        "model",
                        val,
                        ri,
                        where="in its model string",
                    ),
                    call,
                )
            else:
                self._region_args(call, label, ri, ClientKind.BEDROCK, url_kw="api_base")

    def _llama_index(self, call: ast.Call, name: str) -> None:
        label = "llama-index Anthropic"
        if call_arg(call, "aws_region") is not None:
            self._region_args(call, label, WRAPPER_REGIONS[("llama_index", BEDROCK)], ClientKind.BEDROCK, url_kw=None)
            self._model(call_arg(call, "model"), label, ClientKind.BEDROCK, "model", call)
            return
        if call_arg(call, "region") is not None or call_arg(call, "project_id") is not None:
            self._region_args(call, label, WRAPPER_REGIONS[("llama_index", VERTEX)], ClientKind.VERTEX, url_kw=None)
            return
        self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
        self._geo(
            call,
            call,
            label,
            ClientKind.FIRST_PARTY,
            FIRST_PARTY,
            hint="additional_kwargs={'inference_geo': 'us'}",
            nested=("additional_kwargs",),
        )

    # -- pydantic-ai ----------------------------------------------------------------------
    def _is_call_named(self, name: str):
        return lambda c: (
            (self.r.qualname(c.func) or "").startswith("pydantic_ai") and _short(self.r.qualname(c.func) or "") == name
        )

    def _pydantic_first_party_model(self, model_call: ast.Call) -> bool:
        provider = call_arg(model_call, "provider")
        if provider is None:
            return True
        pv = self.facts.value_origin(provider).value
        if pv is not None:
            return pv == "anthropic"
        pc = self.facts.producer(provider, self._is_call_named("AnthropicProvider"))
        return pc is not None and call_arg(pc, "anthropic_client") is None

    def _pydantic_ai(self, call: ast.Call, name: str) -> bool:
        label = f"pydantic-ai {name}"
        if name == "AnthropicProvider":
            if call_arg(call, "anthropic_client") is None:
                self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
            return True
        if name == "AnthropicModel":
            provider = call_arg(call, "provider")
            if provider is None or self.facts.value_origin(provider).value == "anthropic":
                self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
            return True
        if name == "BedrockConverseModel":
            if self._model(call_arg(call, "model_name", 0), label, ClientKind.BEDROCK, "model_name", call) is None:
                return True
            # the region of its BedrockProvider(region_name=...), else the AWS environment
            # (pydantic-ai ``providers/bedrock.py``: boto3 session region)
            ri = WRAPPER_REGIONS[("pydantic_ai", BEDROCK)]
            provider = call_arg(call, "provider")
            pc = self.facts.producer(provider, self._is_call_named("BedrockProvider")) if provider is not None else None
            if pc is not None:
                if call_arg(pc, "bedrock_client") is None:
                    self._region_args(pc, "pydantic-ai BedrockProvider", ri, ClientKind.BEDROCK, ctor=call)
            elif provider is None or self.facts.value_origin(provider).value == "bedrock":
                self._region_args(call, label, ri, ClientKind.BEDROCK, url_kw=None)
            return True
        if name != "Agent":
            return False
        model = call_arg(call, "model", 0)
        if model is None:
            return True
        mo = self.facts.value_origin(model)
        settings = [call_arg(call, "model_settings")]
        if mo.value is not None:
            route = model_route(mo.value, "pydantic_ai")
            if route == BEDROCK:
                self._model(model, "pydantic-ai Agent", ClientKind.BEDROCK, "model", None)
                return True
            if route != FIRST_PARTY:
                return True
            self.add(Site(CLIENT, call, label, ClientKind.FIRST_PARTY, FIRST_PARTY))
        else:
            mc = self.facts.producer(model, self._is_call_named("AnthropicModel"))
            if mc is None or not self._pydantic_first_party_model(mc):
                return True
            settings.append(call_arg(mc, "settings"))
        unknown = False
        for s in settings:
            if s is None:
                continue
            status, extra = self.facts.mapping_get(s, "extra_body")
            if status == "found":
                st, geo = self.facts.mapping_get(extra, "inference_geo")
                if st == "found":
                    self.add(
                        Site(GEO, geo, label, ClientKind.FIRST_PARTY, FIRST_PARTY, "inference_geo", self.origin(geo))
                    )
                    return True
                unknown = unknown or st == "unknown"
            else:
                unknown = unknown or status == "unknown"
        if not unknown:
            self.add(
                Site(
                    GEO_MISSING,
                    call,
                    label,
                    ClientKind.FIRST_PARTY,
                    FIRST_PARTY,
                    "inference_geo",
                    hint="model_settings={'extra_body': {'inference_geo': 'us'}}",
                )
            )
        return True

    # ------------------------------------------------------------------ boto3
    def _is_bedrock_runtime(self, c: ast.Call, service: str = "bedrock-runtime") -> bool:
        f = c.func
        q = self.r.qualname(f)
        if q == "boto3.client" or (isinstance(f, ast.Attribute) and f.attr == "client"):
            return self.facts.value_string(self.facts.boto3_arg(c, "service_name", 0)) == service
        return False

    def _boto3_invoke(self, call: ast.Call, model_kw: str = "modelId", service: str = "bedrock-runtime") -> None:
        self.current = call
        model_expr = self.facts.boto3_arg(call, model_kw)
        if model_expr is None:
            return
        bc = self._runtime_client(call.func.value, service)  # type: ignore[attr-defined]
        label = f"boto3 {service} client"
        model = self._model(model_expr, label, ClientKind.BEDROCK, model_kw, bc)
        # a Claude request by its model id, or by its body (Claude's Messages API on Bedrock,
        # ``anthropic_version``) when the model id is not known: the request the inventory lists
        claude_body = service == "bedrock-runtime" and self.facts.claude_request(call) is not None
        if bc is not None and (model is not None or claude_body):
            self.boto3_claude[id(bc)] = bc
        elif bc is None and service == "bedrock-runtime" and (model is not None or claude_body):
            self._remote_runtime(call, label)

    def _remote_runtime(self, call: ast.Call, label: str) -> None:
        """A ``bedrock-runtime`` client built in another module of the repository (by a
        factory, or bound there at module level), used here with a Claude model: the region
        its construction is given there is judged here, once per place this file obtains the
        client (the factory call, else the request), with the construction and the value as
        related locations."""
        func = call.func
        assert isinstance(func, ast.Attribute)

        def remote_of(expr: ast.AST) -> RemoteClient | None:
            info = self.facts.content_client(expr)
            found = info.remote if info is not None else None
            return found if isinstance(found, RemoteClient) and found.region is not None else None

        node: ast.AST | None = self.facts.producer(func.value, lambda c: remote_of(c) is not None)
        remote = remote_of(node) if node is not None else remote_of(func.value)
        if remote is None or remote.region is None or remote.name != "boto3 bedrock-runtime client":
            return
        node = node if node is not None else call
        if id(node) in self.remote_runtime:
            return
        self.remote_runtime.add(id(node))
        ri = WRAPPER_REGIONS[("boto3", BEDROCK)]
        region = remote.region
        built = (remote.place, "the client is built here")
        if not region.source:
            site = Site(REGION_ABSENT, node, label, ClientKind.BEDROCK, ri.platform, ri.arg, None, ri)
            self.add(replace(site, elsewhere=(built,)))
            return
        o = ValueOrigin(region.value, region.source, region.name, node)
        link = self.facts.remote
        shown = link.display(remote.place) if link is not None else remote.place.path
        where = f"where the client is built ({shown}:{remote.place.line})"
        value = (region.place, f"the region given to it ({region.name})" if region.name else "the region given to it")
        site = Site(REGION, node, label, ClientKind.BEDROCK, ri.platform, "region_name", o, ri, where=where)
        self.add(replace(site, elsewhere=(value, built)))

    def _runtime_client(self, expr: ast.AST, service: str = "bedrock-runtime") -> ast.Call | None:
        """The ``service`` client an expression holds, also through a parameter's default or
        the arguments of its call sites in this file (``def chat(p, rt=bedrock_runtime)``)."""

        def is_service(c: ast.Call) -> bool:
            return self._is_bedrock_runtime(c, service)

        bc = self.facts.producer(expr, is_service)
        if bc is not None or not isinstance(expr, ast.Name):
            return bc
        for src in self.facts.parameter_values(expr):
            bc = self.facts.producer(src, is_service)
            if bc is not None:
                return bc
        return None

    def _boto3_client(self, call: ast.Call) -> None:
        self.current = call
        label = f"boto3 {self.facts.value_string(self.facts.boto3_arg(call, 'service_name', 0)) or 'bedrock-runtime'} client"
        ri = WRAPPER_REGIONS[("boto3", BEDROCK)]
        fallback, where = None, ""
        f = call.func
        if isinstance(f, ast.Attribute) and self.r.qualname(f) != "boto3.client":
            session = self.facts.producer(
                f.value, lambda c: self.r.qualname(c.func) in ("boto3.Session", "boto3.session.Session")
            )
            if session is not None:
                v = call_arg(session, "region_name")
                if v is not None:
                    o = self.origin(v)
                    if o.value is None and o.source not in (ENV, SEVERAL):
                        return
                    fallback, where = o, f"set by its boto3.Session on line {line_of(self.ctx)(session)}"
            elif f.attr == "client":
                return  # a session we cannot see: say nothing
        self._region_args(
            call, label, ri, ClientKind.BEDROCK, url_kw="endpoint_url", fallback=fallback, fallback_where=where
        )

    # ------------------------------------------------------------------ raw URLs
    def _raw_urls(self, strings: list[ast.AST], fstring_parts: set[int], bare: set[int]) -> None:
        """Raw Vertex/Bedrock URLs and raw first-party requests among the file's strings
        (docstrings, bare strings and literals already judged at a use site excluded)."""
        self.current = None
        for node in sorted(strings, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            if id(node) in fstring_parts or id(node) in self.covered or id(node) in bare:
                continue
            if isinstance(node, ast.Constant):
                assert isinstance(node.value, str)  # run() collects string constants only
                self._url(
                    node, node.value, [(0, len(node.value), ValueOrigin(node.value, LITERAL, node=node, literal=node))]
                )
                continue
            text, pieces = "", []
            for part in node.values:  # type: ignore[attr-defined]
                if isinstance(part, ast.Constant):
                    s, o = str(part.value), None
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                    o = self.facts.value_origin(part.value)
                    s = o.value if o.value is not None else UNKNOWN_PART
                else:
                    s, o = UNKNOWN_PART, None
                pieces.append((len(text), len(text) + len(s), o))
                text += s
            if "://" in text:
                self._url(node, text, pieces)

    def _url(self, node, text: str, pieces) -> None:
        if FIRST_PARTY_URL.match(text):
            # raw HTTP is one "client" per file: reported at its first URL literal
            if not any(s.client == _RAW_FIRST_PARTY for s in self.out):
                self.add(Site(CLIENT, node, _RAW_FIRST_PARTY, ClientKind.FIRST_PARTY, FIRST_PARTY))
            return
        ur = url_region(text)
        if ur is None or not ur.claude or ur.platform in (AWS, GOOGLE_CLOUD) or UNKNOWN_PART in ur.region:
            return
        origin = None
        for start, end, o in pieces:
            if start <= ur.start and ur.end <= end and o is not None:
                origin = o
                break
        if origin is None or origin.source == LITERAL:
            origin = ValueOrigin(ur.region, LITERAL, node=node, literal=node)
        elif origin.value != ur.region:
            origin = ValueOrigin(
                ur.region, origin.source, origin.name, origin.node, origin.literal, origin.via, origin.def_node
            )
        label = "raw Vertex AI URL" if ur.platform == VERTEX else "raw Bedrock URL"
        kind = ClientKind.VERTEX if ur.platform == VERTEX else ClientKind.BEDROCK
        self.add(Site(REGION, node, label, kind, ur.platform, "", origin, None, where="in the URL"))


def batch_elements(facts, reqs: ast.AST | None) -> list[ast.AST] | None:
    """The request expressions of a batch's ``requests=`` argument: a list or tuple literal,
    a comprehension's element, or a name assigned one of them exactly once; ``None`` when
    the requests cannot be seen."""
    seq = reqs
    if isinstance(reqs, ast.Name):
        assigns, iters, _s, param = facts.lookup(reqs.id, facts.scope(reqs))
        seq = assigns[0] if len(assigns) == 1 and not iters and param is None else None
    if isinstance(seq, (ast.ListComp, ast.GeneratorExp)):
        return [seq.elt]
    if isinstance(seq, (ast.List, ast.Tuple)):
        return list(seq.elts)
    return None


def geo_status(facts, call: ast.Call, nested: tuple[str, ...] = ("extra_body",)) -> tuple[str, ast.expr | None]:
    """Where a call sets ``inference_geo``: ``("found", value)``, ``("absent", None)`` or
    ``("unknown", None)`` (a ``**kwargs`` or ``*args`` the file cannot see into).  Looked
    for as a keyword, then inside the mapping keywords named in ``nested`` (``extra_body``,
    ``model_kwargs``, …; pydantic-ai's ``model_settings`` holds it under ``extra_body``)."""
    unknown = False
    for kw in call.keywords:
        if kw.arg == "inference_geo":
            return "found", kw.value
    for kw in call.keywords:
        if kw.arg in nested or kw.arg is None:
            status, value = facts.mapping_get(kw.value, "inference_geo")
            if status == "absent" and kw.arg == "model_settings":
                status, extra = facts.mapping_get(kw.value, "extra_body")
                if status == "found":
                    status, value = facts.mapping_get(extra, "inference_geo")
            if status == "found":
                return status, value
            unknown = unknown or status == "unknown"
    if any(isinstance(a, ast.Starred) for a in call.args):
        unknown = True
    return ("unknown", None) if unknown else ("absent", None)
