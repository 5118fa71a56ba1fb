"""A residency site: one place in a Python file that decides where a Claude request runs,
and the site kinds (the data the collector in :mod:`.sites` produces and the rules read)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..analysis import ValueOrigin
from ..analysis.values import CONSTANT, ENV_DEFAULT, VARIABLE
from ..model import ClientKind
from ..surface.places import RegionInput

#: site kinds
CLIENT = "client"  # a client/wrapper construction (eu-residency-unavailable judges first-party ones)
GEO = "geo"  # an inference_geo value
GEO_MISSING = "geo-missing"  # a request (or wrapper) that could carry inference_geo and does not
REGION = "region"  # a region/location value given to a client, wrapper, URL
REGION_ABSENT = "region-absent"  # no region given: the library's environment/default decides
MODEL = "model"  # a Bedrock Claude model id (profile prefix, ARN region)

_FIRST_PARTY_KINDS = (ClientKind.FIRST_PARTY, ClientKind.FOUNDRY)
_RAW_FIRST_PARTY = "raw HTTP to api.anthropic.com"


@dataclass(frozen=True)
class Site:
    """One place in a file that decides where a Claude request runs."""

    kind: str  # CLIENT | GEO | GEO_MISSING | REGION | REGION_ABSENT | MODEL
    node: ast.AST  # where a finding is reported
    client: str  # "AnthropicVertex", "ChatBedrock", "litellm.completion", "boto3 bedrock-runtime client"
    client_kind: ClientKind | None  # the client-kind table of model.py
    platform: str  # BEDROCK | VERTEX | GOOGLE_CLOUD | AWS | FIRST_PARTY | FOUNDRY
    arg: str = ""  # the argument that holds (or would hold) the value
    value: ValueOrigin | None = None
    region_input: RegionInput | None = None
    method: str = ""  # the request method, for GEO / GEO_MISSING
    hint: str = ""  # how inference_geo is set at this place
    #: where the value was found when it is not the argument itself
    #: ("in the base URL", "set by vertexai.init(location=...)")
    where: str = ""
    #: model ids used through this client (for the eu.-profile-from-a-US-region note)
    models: tuple[str, ...] = ()
    #: why the client may be Claude when the code does not show it (a generic Bedrock class
    #: whose model id is unknown here): the finding then has low confidence and says so
    uncertain: str = field(default="", compare=False)
    #: wrapper objects built on this site's client (a langchain ``Bedrock(client=boto3_client)``):
    #: related locations of a finding about the client
    users: tuple[tuple[ast.AST, str], ...] = field(default=(), compare=False)
    #: places in other modules of the repository the finding names (a client built there,
    #: the value given to it there): related locations, as (place, label)
    elsewhere: tuple[tuple[Any, str], ...] = field(default=(), compare=False)
    #: the constructor, request or wrapper call this site belongs to (None for a raw URL)
    owner: ast.Call | None = field(default=None, compare=False)

    @property
    def first_party(self) -> bool:
        """First-party API or Foundry: under ``residency: eu`` only eu-residency-unavailable."""
        return self.client_kind in _FIRST_PARTY_KINDS


#: value origins one change fixes for every use: a constant, a variable, a setting's field,
#: an environment default; a literal at the call is that call's own choice (and a variable
#: without a default says nothing of its value)
_SHARED_ORIGINS = frozenset({CONSTANT, VARIABLE, ENV_DEFAULT, "attribute"})


def shared_cause(ctx, site_or_node, message: str) -> tuple | None:
    """The cause a site shares with earlier sites of the file: the same rule and message for
    a value of a shared origin (``init_chat_model(..., model_provider=cfg.writer_provider)``
    three times in one module, every client of ``REGION = os.getenv("AWS_REGION",
    "us-east-1")``), or None."""
    if not isinstance(site_or_node, Site):
        return None
    o = site_or_node.value
    if o is None or o.source not in _SHARED_ORIGINS or o.def_node is site_or_node.node:
        return None
    rule = getattr(ctx, "_rule", None)
    return (getattr(rule, "id", ""), o.source, o.name, repr(o.value), message)
