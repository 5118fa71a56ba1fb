"""What the inventory finds in one Python file: the places that reach Claude (clients,
wrappers, calls), their provider, models, regions and their origins, tools, health data and
requests — read from the shared analysis, the residency sites and the health-data flow."""

from __future__ import annotations

import ast
import re
from typing import Any

from .. import residency as rs
from ..analysis import RequestInfo, call_arg
from ..analysis import values as flow
from ..analysis.remote import RemoteClient, RemoteFunction
from ..analysis.syntax import short_text
from ..model import ClientKind
from ..phi import phi_requests
from ..residency import batch_elements, client_region_input, geo_status
from ..rulekit.web_tools import is_empty
from ..surface import (
    BATCH_METHODS,
    BOTO3_AGENT_METHODS,
    BOTO3_BEDROCK_METHODS,
    CLIENT_CLASSES,
    HTTP_CLIENTS,
    URL_KWARGS,
    WRAPPERS,
    is_claude_model,
)
from .kinds import AGENT_SDK_TOOLS, ENABLING_KEYS, ToolSource, request_kind
from .records import Entry, Origin, Request

# =========================================================================== analysis of one file

_LIBRARIES = {
    "anthropic": "anthropic",
    "langchain_anthropic": "langchain",
    "langchain_aws": "langchain",
    "langchain_google_vertexai": "langchain",
    "langchain_community": "langchain",
    "langchain": "langchain",
    "litellm": "litellm",
    "llama_index": "llama-index",
    "pydantic_ai": "pydantic-ai",
    "instructor": "instructor",
    "dspy": "dspy",
    "boto3": "boto3",
    "botocore": "boto3",
    "claude_agent_sdk": "claude-agent-sdk",
    "openai": "openai",
    "agno": "agno",
    "autogen_ext": "autogen",
    "strands": "strands",
    "requests": "raw HTTP",
    "httpx": "raw HTTP",
    "aiohttp": "raw HTTP",
    "urllib": "raw HTTP",
}

#: providers that speak the first-party API, where a request without inference_geo uses the workspace default
_GEO_PROVIDERS = frozenset({"first-party", "aws", "google-cloud"})
#: keyword arguments that carry a region or location (for entries whose region the residency sites leave out)
_REGION_KWARGS = (
    "aws_region",
    "region",
    "location",
    "region_name",
    "vertex_location",
    "vertex_ai_location",
    "aws_region_name",
)

#: top-level modules through which the resolver can find a place (imports of none: nothing to list);
#: generic ones count only with one of their anchors in the text (an HTTP POST needs Anthropic's
#: host, an anthropic-version header, an ANTHROPIC_… base URL or a Claude model: analysis/raw_http.py)
_RELEVANT_MODULES = frozenset(_LIBRARIES) - {"requests", "httpx", "aiohttp", "urllib", "boto3", "botocore", "openai"}
_HTTP_ANCHORS = (b"anthropic", b"claude")
_ANCHORED_MODULES = {
    "requests": _HTTP_ANCHORS,
    "httpx": _HTTP_ANCHORS,
    "aiohttp": _HTTP_ANCHORS,
    "urllib": _HTTP_ANCHORS,
    "openai": (b"api.anthropic.com",),
    "boto3": (b"bedrock-runtime",),
    "botocore": (b"bedrock-runtime",),
}
#: raw endpoint URLs of Vertex, Bedrock, Mantle, AWS and Google Cloud (residency.url_region)
_RAW_URL_HINT = re.compile(r"aiplatform\.|bedrock-runtime|bedrock-mantle|aws-external-anthropic|claude\.googleapis")
#: files that may hold Bedrock sites with no client object (see ``run``)
_BEDROCK_HINT = re.compile(r"(?i)bedrock")

#: libraries that talk to the provider directly (no wrapper in between)
_DIRECT = frozenset({"anthropic", "raw HTTP", "boto3"})

#: keyword arguments that point a client at another endpoint (gateway, proxy, private endpoint)

_KIND_PROVIDER = {
    ClientKind.FIRST_PARTY: "first-party",
    ClientKind.BEDROCK: "bedrock",
    ClientKind.VERTEX: "vertex",
    ClientKind.FOUNDRY: "foundry",
}


#: server and client tool type strings of the Messages API (claude-surface §3)
#: wrapper keyword arguments that hold the model id, in order
_MODEL_KWARGS = ("model", "model_name", "model_id", "id", "modelId")
#: third-party hosts that resell Claude, by litellm/dspy model prefix
_THIRD_PARTY = re.compile(
    r"^(openrouter|databricks|snowflake|vercel_ai_gateway|together_ai|fireworks_ai|"
    r"deepinfra|replicate|sagemaker|github|heroku|gateway|litellm_proxy|oci)/",
    re.IGNORECASE,
)


class _Place:
    """An entry being built."""

    def __init__(
        self, node: ast.AST, client: str, library: str, provider: str, via: str | None = None, note: str = ""
    ) -> None:
        self.node = node
        self.client = client
        self.library = library
        self.provider = provider
        self.via: list[str] = [via] if via else []
        self.note = note
        self.models: list[Origin] = []
        self.regions: list[Origin] = []
        self.requests: list[tuple[Any, list[str]]] = []  # (RequestInfo, tools)
        self.dropped = False
        self.endpoint: Origin | None = None


class FileInventory:
    """The entries of one parsed Python file (or notebook)."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.facts = ctx.facts
        self.r = ctx.resolver
        self.places: dict[int, _Place] = {}
        #: places of clients built in another module, by (name, construction): one per client
        self.remote_places: dict[tuple[str, Any], _Place] = {}
        #: the same places by the expression of this file that uses the client
        self.remote_uses: dict[int, _Place] = {}
        self.alias: dict[int, int] = {}  # id(call) -> id(call of the place it belongs to)
        self.in_tree: set[int] = set()
        self._request_geo: dict[int, Origin] = {}  # id(request call) -> its inference_geo

    # ------------------------------------------------------------------ driver
    def run(self, nodes: set[int], calls: list[ast.Call]) -> list[Entry]:
        """``nodes``: ids of every node of the tree; ``calls``: its calls in source order."""
        facts = self.facts
        self.in_tree = nodes
        imports_anthropic = any(v == "anthropic" or v.startswith("anthropic.") for v in self.r.aliases.values())
        requests = []
        for call in calls:
            if self.r.qualname(call.func) is not None:  # constructors are imported names
                self._maybe_place(call)
            # likely_request: claude_request, or X.messages.create on an unknown object in a file
            # that imports anthropic
            req = facts.likely_request(call) if imports_anthropic else facts.claude_request(call)
            # a call of a helper of another module that sends a request (the rules judge the
            # data it is given here) is not a place: the helper's own request is listed there
            if req is not None and req.client is not None and req.client.maybe:
                continue  # a model that may be Claude: the inventory lists its construction only
            if req is not None and not (req.client is not None and isinstance(req.client.remote, RemoteFunction)):
                requests.append(req)
        self._links()
        for req in requests:
            self._add_request(req)
        # sites whose owner is no client object: raw URLs, and Bedrock objects the residency
        # rules judge (agents on a Claude foundation model, a generic Bedrock class that may
        # be Claude): the inventory names whatever the rules judge
        if self.places or _RAW_URL_HINT.search(self.ctx.text) or _BEDROCK_HINT.search(self.ctx.text):
            self._sites()
        phi = {id(p.req.call): p for p in phi_requests(self.ctx)} if requests else {}
        return [self._entry(p, phi) for p in self._ordered() if not p.dropped]

    def _ordered(self) -> list[_Place]:
        return sorted(
            self.places.values(), key=lambda p: (getattr(p.node, "lineno", 0), getattr(p.node, "col_offset", 0))
        )

    # ------------------------------------------------------------------ places
    def _maybe_place(self, call: ast.Call) -> None:
        facts = self.facts
        info = facts.client(call)
        if info is None:
            info = facts.content_client(call)
            if info is not None and (info.name in HTTP_CLIENTS or info.name == "boto3 bedrock-runtime client"):
                return  # an HTTP session or a boto3 client: a place only when a Claude request uses it
        if info is None or info.constructor is not call:
            return
        self._place_for_client(info)

    def _place_for_client(self, info) -> _Place:
        ctor = info.constructor
        key = id(ctor)
        if key in self.places:
            return self.places[key]
        remote = getattr(info, "remote", None)
        if isinstance(remote, RemoteClient):  # built in another module of the repository
            return self._place_for_remote(info, remote)
        q = self.r.qualname(ctor.func) or ""
        top = q.split(".")[0]
        library = "boto3" if info.name == "boto3 bedrock-runtime client" else _LIBRARIES.get(top, top or "unknown")
        client = self._client_label(info, q, library)
        provider = self._provider_of_client(info, q)
        note = ""
        if id(ctor) not in self.in_tree:
            note = "a client passed in as a parameter (from its annotation): configured where it is built"
        place = _Place(ctor, client, library, provider, via=None if library in _DIRECT else library, note=note)
        self.places[key] = place
        self._constructor_model(place, info, q)
        place.endpoint = self._endpoint(info)
        return place

    def _place_for_remote(self, info, remote: RemoteClient) -> _Place:
        """A client another module of the repository builds (``from .llm import client``,
        ``get_client()``): its entry there lists its region and endpoint; this one lists the
        requests made with it here and points at the construction."""
        same = self.remote_places.get((remote.name, remote.place))
        if same is not None:  # another use of the same client in this file
            self.remote_uses[id(info.constructor.func)] = same
            return same
        link = self.facts.remote
        where = link.display(remote.place) if link is not None else remote.place.path
        boto = remote.name == "boto3 bedrock-runtime client"
        library = (
            "boto3" if boto else ("anthropic" if not remote.wrapper and remote.name in CLIENT_CLASSES else "unknown")
        )
        provider = _KIND_PROVIDER.get(remote.kind, "unknown") if remote.kind is not None else "unknown"
        place = _Place(
            info.constructor,
            "boto3 bedrock-runtime" if boto else remote.name,
            library,
            provider,
            note=f"built in {where}, line {remote.place.line}: its region and endpoint are listed there",
        )
        if remote.kind is not None and remote.kind is not ClientKind.FIRST_PARTY:
            note = f"set where it is built ({where}:{remote.place.line})"
            place.regions.append(Origin("region", None, "not in code", note=note))
        self.places[id(info.constructor)] = self.remote_places[(remote.name, remote.place)] = place
        self.remote_uses[id(info.constructor.func)] = place
        return place

    def _endpoint(self, info) -> Origin | None:
        """The base URL the client is pointed at: the last ``base_url=`` (or a wrapper's
        spelling) of its constructor and ``with_options()`` calls."""
        if id(info.constructor) not in self.in_tree or info.name == "raw HTTP to api.anthropic.com":
            return None
        return self._endpoint_of(info.calls)

    def _endpoint_of(self, calls) -> Origin | None:
        for call in reversed(calls):
            for kw in call.keywords:
                if kw.arg in URL_KWARGS:
                    return self._origin(kw.arg, kw.value)
        return None

    def _client_label(self, info, q: str, library: str) -> str:
        name = info.name
        if name == "raw HTTP to api.anthropic.com":
            return f"raw HTTP ({q})" if q else "raw HTTP"
        if name == "boto3 bedrock-runtime client":
            return "boto3 bedrock-runtime"
        if name == "OpenAI-compatible client of api.anthropic.com":
            return f"{q or 'openai.OpenAI'} (base_url api.anthropic.com)"
        if name == "init_chat_model":
            return "langchain init_chat_model"
        if name.startswith(("instructor", "pydantic-ai", "claude_agent_sdk", "dspy.", "litellm")):
            return name
        if library == "dspy":
            return f"dspy.{name}"
        if library != "anthropic" and name in CLIENT_CLASSES:
            return f"{library} {name}"  # llama-index's Anthropic is not anthropic.Anthropic
        if name and name[0].islower() and q:
            return q
        return name

    def _provider_of_client(self, info, q: str) -> str:
        ri = client_region_input(info.name) if not info.wrapper else None
        if ri is not None and q.startswith("anthropic"):
            return ri.platform  # bedrock, vertex, google-cloud, aws
        kind = self.facts.request_provider(RequestInfo(info.constructor, "", info))
        if kind is not None:
            return _KIND_PROVIDER[kind]
        model = self._model_arg(info.constructor)
        if model is not None and model.value and _THIRD_PARTY.match(model.value):
            return "third-party"
        return "unknown"

    def _links(self) -> None:
        """Objects that hand their client to another: a boto3 client given to langchain-aws
        (its region belongs to the wrapper), a pydantic-ai ``AnthropicProvider`` around an SDK
        client (the SDK client is the place; pydantic-ai is the way in)."""
        for key, place in list(self.places.items()):
            ctor = place.node
            if not isinstance(ctor, ast.Call):
                continue
            q = self.r.qualname(ctor.func) or ""
            wrapper = WRAPPERS.get(q)
            if (wrapper.canonical if wrapper is not None else q).startswith("langchain_aws"):  # legacy paths too
                boto = call_arg(ctor, "client")
                if boto is not None:
                    bc = self.facts.producer(
                        boto, lambda c: self.facts.value_string(call_arg(c, "service_name", 0)) == "bedrock-runtime"
                    )
                    if bc is not None:
                        self.alias[id(bc)] = key
            elif q.startswith("pydantic_ai") and q.endswith("AnthropicProvider"):
                inner = self.facts.client(call_arg(ctor, "anthropic_client"))
                if inner is not None:
                    target = self._place_for_client(inner)
                    if "pydantic-ai" not in target.via:
                        target.via.append("pydantic-ai")
                    place.dropped = True
                    self.alias[key] = id(target.node)

    def _resolve(self, call: ast.AST | None) -> _Place | None:
        if call is None:
            return None
        key = self.alias.get(id(call), id(call))
        place = self.places.get(key)
        if place is not None and not place.dropped:
            return place
        if isinstance(call, ast.Call) and key not in self.in_tree:
            # a client of another module: the node made for it names the expression using it
            # (and it is made anew per use: following it again would not end)
            return self.remote_uses.get(id(call.func))
        if isinstance(call, ast.Call):
            req = self.facts.likely_request(call)
            if (
                req is not None
                and req.client is not None
                and not req.client.maybe
                and req.client.constructor is not call
            ):
                return self._resolve(req.client.constructor)
            info = self.facts.content_client(call)
            if info is not None and info.constructor is not call:
                return self._resolve(info.constructor)
        return None

    # ------------------------------------------------------------------ requests
    def _add_request(self, req) -> None:
        client = req.client
        if client is not None:
            place = self._resolve(client.constructor) or self._place_for_client(client)
            # wrappers around an SDK client (instructor.from_anthropic) are the way in
            if client.name.startswith("instructor (") and "instructor" not in place.via:
                place.via.append("instructor")
        else:
            place = self.places.get(id(req.call))
            if place is None:
                if req.method.startswith("litellm"):
                    kind = self.facts.request_provider(req)
                    provider = _KIND_PROVIDER[kind] if kind is not None else self._third_party(req.call)
                    place = _Place(req.call, req.method, "litellm", provider, via="litellm")
                    self._constructor_model(place, None, req.method)
                    place.endpoint = self._endpoint_of((req.call,))
                else:
                    place = _Place(
                        req.call,
                        "unresolved client",
                        "anthropic",
                        "unknown",
                        note=f"`{short_text(req.call.func)}` on an object built elsewhere: provider and "
                        f"region are decided where it is built",
                    )
                self.places[id(req.call)] = place
        place.requests.append((req, self._tools(req)))
        if req.method.startswith("POST "):
            self._raw_geo(req, place)

    def _raw_geo(self, req, place: _Place) -> None:
        """``inference_geo`` in the JSON body of a raw HTTP request."""
        body = call_arg(req.call, "json")
        status, v = self.facts.mapping_get(body, "inference_geo") if body is not None else ("unknown", None)
        if status == "found":
            o = self._origin("inference_geo", v)
        elif status == "absent":
            o = Origin("inference_geo", None, "workspace default")
        else:
            return
        self._request_geo[id(req.call)] = o
        _add_origin(place.regions, _strip_line(o) if status == "absent" else o)

    def _third_party(self, call: ast.Call) -> str:
        m = self._model_arg(call)
        return "third-party" if m is not None and m.value and _THIRD_PARTY.match(m.value) else "unknown"

    # ------------------------------------------------------------------ models
    def _model_arg(self, call: ast.Call) -> Origin | None:
        for name in _MODEL_KWARGS:
            v = call_arg(call, name)
            if v is not None:
                return self._origin("model", v)
        v = call_arg(call, None, 0)
        if v is not None:
            o = self._origin("model", v)
            if o.value is not None and is_claude_model(o.value):
                return o
        return None

    def _constructor_model(self, place: _Place, info, q: str) -> None:
        ctor = place.node
        if not isinstance(ctor, ast.Call) or id(ctor) not in self.in_tree:
            return
        if info is not None and not info.wrapper and q.startswith("anthropic"):
            return  # SDK clients take the model per request
        if info is not None and info.name == "raw HTTP to api.anthropic.com":
            return
        m = self._model_arg(ctor)
        if m is not None:
            _add_origin(place.models, m)
        elif q.startswith("llama_index"):
            _add_origin(place.models, Origin("model", "claude-2.1", "library default"))

    def _request_model(self, req) -> Origin | None:
        call, method = req.call, req.method
        if method.startswith("POST "):
            body = call_arg(call, "json")
            status, v = self.facts.mapping_get(body, "model") if body is not None else ("unknown", None)
            return self._origin("model", v) if status == "found" else None
        if method in BOTO3_BEDROCK_METHODS:
            v = call_arg(call, "modelId")
            return self._origin("model", v) if v is not None else None
        if method in BATCH_METHODS:
            return self._batch_model(call_arg(call, "requests"))
        if req.client is not None and req.client.wrapper and not method.startswith("litellm"):
            v = call_arg(call, "model")  # call-time override: llm.invoke(x, model=...)
            return self._origin("model", v) if v is not None else None
        v = call_arg(call, "model", 0 if method.startswith("litellm") else None)
        if v is None:
            return None
        if self.facts.mapping(v) is not None:  # Managed Agents: model={"id": ..., "inference_geo": ...}
            status, mid = self.facts.mapping_get(v, "id")
            return self._origin("model", mid) if status == "found" else None
        return self._origin("model", v)

    def _batch_model(self, reqs) -> Origin | None:
        elements = batch_elements(self.facts, reqs)
        if elements is None:
            return None
        for el in elements:
            status, params = self.facts.mapping_get(el, "params")
            if status == "found":
                st, model = self.facts.mapping_get(params, "model")
                if st == "found":
                    return self._origin("model", model)
        return None

    # ------------------------------------------------------------------ origins
    def _line(self, node: ast.AST | None) -> int | None:
        if node is None or not getattr(node, "lineno", 0):
            return None
        return self.ctx.source.file_line(node.lineno)  # type: ignore[attr-defined]

    def _origin(self, setting: str, expr: ast.AST | None) -> Origin:
        return self._from_value_origin(setting, self.facts.value_origin(expr))

    def _from_value_origin(self, setting: str, o, *, note: str = "", default: str | None = None) -> Origin:
        if o.source == flow.SEVERAL:  # several values reach the use: the ones the code shows
            shown = ", ".join(repr(a.value) for a in o.alternatives if a.value is not None)
            note = "; ".join(x for x in (f"one of {shown}" if shown else "", note) if x)
            return Origin(setting, None, "unknown", o.name, default, self._line(o.node), note)
        if o.source in (flow.PARAMETER, flow.ATTRIBUTE):  # a literal held in a parameter or attribute
            how = "given to the parameter" if o.source == flow.PARAMETER else "held in"
            note = "; ".join(x for x in (f"{how} {o.name}", note) if x)
            return Origin(setting, o.value, "literal", "", default, self._line(o.literal or o.def_node), note)
        src = o.source
        name = o.name
        line = self._line(
            o.def_node
            if src in (flow.CONSTANT, flow.VARIABLE, flow.ENV_SET)
            else (o.literal if o.literal is not None else o.def_node)
        )
        if src in (flow.EXPRESSION,):
            line = self._line(o.node)
        if src == flow.UNKNOWN:
            if isinstance(o.node, ast.Name):
                return Origin(setting, None, "unknown", o.node.id, default, self._line(o.node), note)
            return Origin(setting, None, "unknown", "", default, self._line(o.node), note)
        if src == flow.ENV:
            line = None
        if o.via and src in (flow.ENV, flow.ENV_DEFAULT):
            note = "; ".join(x for x in (f"read into {o.via}", note) if x)
        return Origin(setting, o.value, src, name, default, line, note)

    # ------------------------------------------------------------------ residency sites
    def _sites(self) -> None:
        for site in rs.SiteCollector(self.ctx, defer_regions=False).run():
            owner = site.owner
            if site.kind == rs.CLIENT:
                continue
            place = self._resolve(owner)
            if place is None:
                place = self._orphan(site, owner)
                if place is None:
                    continue
            origin = self._site_origin(site)
            if origin is None:
                continue
            if site.kind == rs.MODEL:
                _add_origin(place.models, origin)
                model = rs.bedrock_model(site.value.value) if site.value and site.value.value else None
                if model is not None and model.profile is not None:
                    _add_origin(
                        place.regions,
                        Origin(
                            "profile",
                            f"{model.profile}.",
                            origin.source,
                            origin.name,
                            None,
                            origin.line,
                            "Bedrock cross-region profile in the model id",
                        ),
                    )
                if model is not None and model.arn_region:
                    _add_origin(
                        place.regions,
                        Origin(
                            "aws_region",
                            model.arn_region,
                            origin.source,
                            origin.name,
                            None,
                            origin.line,
                            "in the model ARN",
                        ),
                    )
            elif site.kind in (rs.GEO, rs.GEO_MISSING):
                if site.kind == rs.GEO_MISSING and place.provider not in _GEO_PROVIDERS:
                    continue  # Bedrock, Vertex, Foundry: no workspace default to fall back to
                if site.method and isinstance(owner, ast.Call):
                    self._request_geo.setdefault(id(owner), origin)
                _add_origin(place.regions, origin if site.kind == rs.GEO else _strip_line(origin))
            else:
                if site.client.endswith((".with_options()", ".copy()")):
                    origin = Origin(
                        origin.setting,
                        origin.value,
                        origin.source,
                        origin.name,
                        origin.default,
                        origin.line,
                        "; ".join(x for x in (origin.note, f"set by {site.client.split('.', 1)[1]}") if x),
                    )
                _add_origin(place.regions, origin)
        for place in self.places.values():
            if place.provider in _GEO_PROVIDERS and place.library != "claude-agent-sdk":
                self._fallback_geo(place)
        # a Foundry client: the Azure resource's region is not in the code

        for place in self.places.values():
            if place.provider == "foundry" and not place.regions:
                ctor = place.node
                resource = call_arg(ctor, "resource") if isinstance(ctor, ast.Call) else None
                res = self.facts.value_origin(resource).value if resource is not None else None
                place.regions.append(
                    Origin(
                        "resource",
                        None,
                        "not in code",
                        "",
                        None,
                        None,
                        f"the Azure resource's region{f' ({res})' if res else ''}",
                    )
                )

    def _fallback_geo(self, place: _Place) -> None:
        """``inference_geo`` of first-party places the residency sites do not cover (instructor's
        ``chat.completions.create``, ``init_chat_model``, ...): the keyword itself or a key of
        ``extra_body``/``model_kwargs``/``additional_kwargs``/``**splat``."""
        if any(r.setting == "inference_geo" for r in place.regions):
            return
        calls = [place.node] if isinstance(place.node, ast.Call) and id(place.node) in self.in_tree else []
        calls += [req.call for req, _t in place.requests if id(req.call) not in self._request_geo]
        if not calls:
            return
        statuses = []
        for call in calls:
            status, value = geo_status(self.facts, call, _GEO_KEYWORDS)
            statuses.append(status)
            if status == "found":
                o = self._origin("inference_geo", value)
                if call is not place.node:
                    self._request_geo[id(call)] = o
                _add_origin(place.regions, o)
        if place.requests and all(s == "absent" for s in statuses):
            o = Origin("inference_geo", None, "workspace default")
            for req, _t in place.requests:
                self._request_geo.setdefault(id(req.call), o)
            _add_origin(place.regions, o)

    def _orphan(self, site, owner) -> _Place | None:
        """A site whose owner is no place yet: a raw Vertex/Bedrock URL, a pydantic-ai
        BedrockConverseModel, a boto3 client handed to an object the file does not show."""
        node = owner if owner is not None else site.node
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BOTO3_AGENT_METHODS
        ):
            # an inline agent's foundation model belongs to the bedrock-agent-runtime client
            node = self.facts.producer(node.func.value, lambda c: True) or node
        key = id(node)
        if key in self.places:
            return self.places[key]
        provider = {
            rs.BEDROCK: "bedrock",
            rs.VERTEX: "vertex",
            rs.GOOGLE_CLOUD: "google-cloud",
            rs.AWS: "aws",
            rs.FIRST_PARTY: "first-party",
            rs.FOUNDRY: "foundry",
        }.get(site.platform, "unknown")
        q = self.r.qualname(node.func) if isinstance(node, ast.Call) else ""
        top = (q or "").split(".")[0]
        library = "raw HTTP" if owner is None else _LIBRARIES.get(top, top or "unknown")
        client = site.client
        if client == "boto3 bedrock-runtime client":
            client = "boto3 bedrock-runtime"
        note = f"may be Claude: {site.uncertain}" if site.uncertain else ""
        place = _Place(node, client, library, provider, via=None if library in _DIRECT else library, note=note)
        self.places[key] = place
        return place

    def _site_origin(self, site) -> Origin | None:
        setting = site.arg or ("region" if site.kind in (rs.REGION, rs.REGION_ABSENT) else "")
        setting = setting.removeprefix("positional ")
        if site.kind == rs.MODEL:
            return self._from_value_origin("model", site.value) if site.value is not None else None
        if site.kind == rs.GEO:
            return self._from_value_origin("inference_geo", site.value)
        if site.kind == rs.GEO_MISSING:
            return Origin("inference_geo", None, "workspace default", "", None, self._line(site.node))
        if site.kind == rs.REGION_ABSENT:
            ri = site.region_input
            env = " / ".join(ri.env) if ri is not None else ""
            default = ri.default if ri is not None else None
            note = "not passed"
            if default and ri.default_note:
                note = f"not passed; default: {ri.default_note.strip('()')}"
            if not env and default:
                return Origin(setting, default, "library default", "", None, None, note)
            return Origin(setting, None, "environment", env, default, None, note)
        if site.kind == rs.REGION and site.value is not None:
            note = site.where
            o = self._from_value_origin(setting, site.value, note=note)
            return o
        return None

    # ------------------------------------------------------------------ tools
    def _tools(self, req) -> list[str]:
        facts = self.facts
        found: set[str] = set()
        items: list[tuple[str | None, ast.AST]] = list(facts.request_setting_items(req))
        items += [
            (n, e)
            for n, e in facts.request_content(req)
            if n in ("tools", "extra_body", "requests", "json", "body", "toolConfig") or n.startswith("**")
        ]
        source = ToolSource(facts)
        for name, expr in items:
            if name in ENABLING_KEYS:
                if not is_empty(facts, expr):
                    found.add(ENABLING_KEYS[name])
                continue
            if name == "allowed_tools":
                for t in source.strings(expr):
                    if t in AGENT_SDK_TOOLS:
                        found.add(AGENT_SDK_TOOLS[t])
                continue
            found.update(facts.labels(expr, source))
        return sorted(found)

    # ------------------------------------------------------------------ output
    def _entry(self, place: _Place, phi: dict) -> Entry:
        ctx = self.ctx
        loc = ctx.location(place.node) if getattr(place.node, "lineno", 0) else None
        line = loc.line if loc else 0
        column = loc.column if loc else 0
        cell = ctx.source.cell(getattr(place.node, "lineno", 0) or 0)
        requests: list[Request] = []
        tools: set[str] = set()
        models = list(place.models)
        for req, req_tools in sorted(place.requests, key=lambda rt: (rt[0].call.lineno, rt[0].call.col_offset)):
            rloc = ctx.location(req.call)
            model = self._request_model(req)
            if model is not None:
                _add_origin(models, model)
            p = phi.get(id(req.call))
            health, health_src, health_line = "no", "", None
            if p is not None:
                health = "declared" if p.declared else "yes"
                if not p.declared:
                    health_src = p.source_text
                    health_line = self._line(p.path[0][0]) if p.path else None
            tools.update(req_tools)
            requests.append(
                Request(
                    rloc.line,
                    rloc.column,
                    ctx.source.cell(req.call.lineno),
                    req.method,
                    request_kind(req),
                    model,
                    self._request_geo.get(id(req.call)),
                    tuple(req_tools),
                    health,
                    health_src,
                    health_line,
                )
            )
        if requests:
            health = (
                "declared"
                if any(r.health_data == "declared" for r in requests)
                else "yes"
                if any(r.health_data == "yes" for r in requests)
                else "no"
            )
        else:
            health = "unknown"
        regions = list(place.regions)
        if place.library == "claude-agent-sdk":
            regions = [
                Origin(
                    "region",
                    None,
                    "not in code",
                    "",
                    None,
                    None,
                    "decided by the Claude Code CLI's settings and environment "
                    "(CLAUDE_CODE_USE_BEDROCK, CLAUDE_CODE_USE_VERTEX, their region variables)",
                )
            ]
        if (
            place.library == "pydantic-ai"
            and place.provider == "bedrock"
            and not any(r.setting not in ("profile", "inference_geo") for r in regions)
        ):
            # Agent("bedrock:…") builds its boto3 client from the environment
            regions.append(
                Origin(
                    "region_name",
                    None,
                    "environment",
                    "AWS_REGION / AWS_DEFAULT_REGION",
                    None,
                    None,
                    "boto3's region chain",
                )
            )
        if (
            not regions
            and place.provider in ("bedrock", "vertex", "google-cloud", "aws")
            and isinstance(place.node, ast.Call)
            and id(place.node) in self.in_tree
        ):
            regions.append(self._unseen_region(place.node))
        if not regions and place.provider in ("third-party", "unknown"):
            regions.append(
                Origin(
                    "region",
                    None,
                    "not in code",
                    "",
                    None,
                    None,
                    "decided by the third-party host"
                    if place.provider == "third-party"
                    else "decided where the client is built"
                    if place.client == "unresolved client"
                    else "provider not known",
                )
            )
        if (
            not regions
            and place.provider == "first-party"
            and (place.note == "" or place in self.remote_places.values())
        ):
            regions.append(
                Origin(
                    "inference_geo",
                    None,
                    "unknown",
                    "",
                    None,
                    None,
                    "not visible in this file" if requests else "no request in this file",
                )
            )
        via = ", ".join(v for v in place.via if v) or None
        return Entry(
            ctx.path,
            line,
            column,
            cell,
            place.client,
            place.library,
            place.provider,
            via,
            tuple(models),
            tuple(regions),
            tuple(sorted(tools)),
            health,
            tuple(requests),
            "",
            place.note,
            place.endpoint,
        )

    def _unseen_region(self, ctor: ast.Call) -> Origin:
        """The region of a cloud client the residency sites say nothing about: a parameter or
        an expression the resolver cannot follow, or ``**kwargs``."""
        for kw in ctor.keywords:
            if kw.arg in _REGION_KWARGS:
                return self._origin(kw.arg, kw.value)
        if any(kw.arg is None for kw in ctor.keywords):
            return Origin("region", None, "unknown", "", None, None, "passed through **kwargs")
        return Origin("region", None, "unknown", "", None, None, "not visible in this file")


def _add_origin(out: list[Origin], o: Origin) -> None:
    if all(x.key != o.key for x in out):
        out.append(o)


def _strip_line(o: Origin) -> Origin:
    return Origin(o.setting, o.value, o.source, o.name, o.default, None, o.note)


_GEO_KEYWORDS = ("extra_body", "model_kwargs", "additional_kwargs", "model_settings")
