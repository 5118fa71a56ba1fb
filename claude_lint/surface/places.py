"""Where Claude runs: AWS regions, Vertex AI / Google Cloud locations, Bedrock cross-region
profiles, ``inference_geo`` values, how each client and wrapper is told its region (and its
default when it is not), the regions that endpoint URLs name, and where a wrapper's model
string routes (claude-surface §2, §5, §7, §10).  Tables and string classification only: no
``ast``, no I/O; the semgrep companion rules judge raw strings through these functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: areas a place can lie in
EU, US, UK, CH, GLOBAL, OTHER = "eu", "us", "uk", "ch", "global", "other"

#: platforms (how a client names where it runs)
BEDROCK = "bedrock"  # AWS region + Bedrock model id (AnthropicBedrock, Mantle, boto3, wrappers)
VERTEX = "vertex"  # Google Vertex AI location (AnthropicVertex, wrappers)
GOOGLE_CLOUD = "google-cloud"  # AnthropicGoogleCloud's location (first-party API on Google Cloud)
AWS = "aws"  # AnthropicAWS's aws_region (first-party API on AWS)
FIRST_PARTY = "first-party"  # api.anthropic.com: inference_geo only
FOUNDRY = "foundry"  # Azure resource: nothing in code


@dataclass(frozen=True)
class Place:
    """What a region-like string denotes."""

    value: str  # as written (normalised to lower case)
    kind: str  # "aws-region" | "vertex-location" | "multi-region" | "bedrock-profile"
    area: str  # EU | US | UK | CH | GLOBAL | OTHER, or "" when the table does not know it
    label: str = ""  # "Frankfurt", "London (UK, not EU)"

    def describe(self) -> str:
        return f"{self.value} ({self.label})" if self.label else self.value


#: AWS regions by area.  EU member states only under EU; London and Zurich are eu-* but not EU.
AWS_REGIONS: dict[str, tuple[str, str]] = {
    "eu-central-1": (EU, "Frankfurt"),
    "eu-west-1": (EU, "Ireland"),
    "eu-west-3": (EU, "Paris"),
    "eu-north-1": (EU, "Stockholm"),
    "eu-south-1": (EU, "Milan"),
    "eu-south-2": (EU, "Spain"),
    "eusc-de-east-1": (EU, "European Sovereign Cloud, Germany"),
    "eu-west-2": (UK, "London, UK, not EU"),
    "eu-central-2": (CH, "Zurich, Switzerland, not EU"),
    "us-east-1": (US, "N. Virginia"),
    "us-east-2": (US, "Ohio"),
    "us-west-1": (US, "N. California"),
    "us-west-2": (US, "Oregon"),
    "us-gov-east-1": (US, "GovCloud"),
    "us-gov-west-1": (US, "GovCloud"),
    "ca-central-1": (OTHER, "Canada"),
    "ap-northeast-1": (OTHER, "Tokyo"),
    "ap-southeast-2": (OTHER, "Sydney"),
    "me-central-1": (OTHER, "UAE"),
}

#: Vertex AI (and Google Cloud) locations by area.  ``eu``/``us`` are multi-regions.
VERTEX_LOCATIONS: dict[str, tuple[str, str]] = {
    "eu": (EU, "EU multi-region"),
    "europe-west1": (EU, "Belgium"),
    "europe-west3": (EU, "Frankfurt"),
    "europe-west4": (EU, "Netherlands"),
    "europe-west8": (EU, "Milan"),
    "europe-west9": (EU, "Paris"),
    "europe-west10": (EU, "Berlin"),
    "europe-west12": (EU, "Turin"),
    "europe-north1": (EU, "Finland"),
    "europe-north2": (EU, "Stockholm"),
    "europe-central2": (EU, "Warsaw"),
    "europe-southwest1": (EU, "Madrid"),
    "europe-west2": (UK, "London, UK, not EU"),
    "europe-west6": (CH, "Zurich, Switzerland, not EU"),
    "us": (US, "US multi-region"),
    "us-central1": (US, "Iowa"),
    "us-east1": (US, "South Carolina"),
    "us-east4": (US, "N. Virginia"),
    "us-east5": (US, "Columbus"),
    "us-south1": (US, "Dallas"),
    "us-west1": (US, "Oregon"),
    "us-west4": (US, "Las Vegas"),
    "global": (GLOBAL, "routed to any region with capacity"),
    "asia-southeast1": (OTHER, "Singapore"),
    "asia-east1": (OTHER, "Taiwan"),
    "northamerica-northeast1": (OTHER, "Montréal"),
}

#: Bedrock cross-region inference profile prefixes (``<prefix>.anthropic.claude-…``): area
#: and the destination regions AWS lists for them (claude-surface §5.1).
BEDROCK_PROFILES: dict[str, tuple[str, str]] = {
    "eu": (EU, "Frankfurt, Ireland, Paris, Stockholm, Milan, Spain, and possibly London and Zurich"),
    "us": (US, "us-east-1, us-east-2, us-west-2"),
    "us-gov": (US, "us-gov-east-1, us-gov-west-1"),
    "apac": (OTHER, "Asia-Pacific regions and me-central-1 (UAE)"),
    "jp": (OTHER, "Tokyo, Osaka"),
    "au": (OTHER, "Sydney, Melbourne"),
    "ca": (OTHER, "Canada"),
    "in": (OTHER, "India"),
    "global": (GLOBAL, "any commercial AWS region"),
}

#: ``inference_geo`` values of the first-party API (claude-surface §2.2): there is no EU value.
INFERENCE_GEOS: dict[str, str] = {"us": US, "global": GLOBAL}

#: shapes of region strings the tables may not list yet (the area comes from the prefix)
_AWS_SHAPE = re.compile(r"^(?P<prefix>[a-z]{2,4}(?:-gov|-iso[a-z]?)?)-[a-z]+-\d{1,2}$")
_GCP_SHAPE = re.compile(r"^(?P<prefix>[a-z]+)-[a-z]+\d{1,2}$")
_PREFIX_AREAS = {
    "us": US,
    "us-gov": US,
    "eu": "",
    "europe": "",
    "eusc": "",  # a European region the table does not list: not judged EU
    "ap": OTHER,
    "asia": OTHER,
    "me": OTHER,
    "sa": OTHER,
    "ca": OTHER,
    "af": OTHER,
    "il": OTHER,
    "mx": OTHER,
    "cn": OTHER,
    "northamerica": OTHER,
    "southamerica": OTHER,
    "australia": OTHER,
    "africa": OTHER,
}

#: what the area of a place means for each residency
RESIDENCY_AREAS: dict[str, frozenset[str]] = {"us": frozenset({US}), "eu": frozenset({EU})}


@dataclass(frozen=True)
class RegionInput:
    """How one client or wrapper is told where it runs, and what it does when it is not."""

    platform: str  # BEDROCK | VERTEX | GOOGLE_CLOUD | AWS
    #: keyword names (and positional indexes) that carry the region, in order of precedence
    args: tuple[str | int, ...]
    #: environment variables the library reads when no argument is given, in order
    env: tuple[str, ...] = ()
    #: the library's own fallback when neither is set (None: it reads the environment or fails)
    default: str | None = None
    #: a parenthetical on the fallback, e.g. "(anthropic SDKs before 2.0; ...)"
    default_note: str = ""

    @property
    def arg(self) -> str:
        return next((a for a in self.args if isinstance(a, str)), "region")


_AWS_ENV = ("AWS_REGION", "AWS_DEFAULT_REGION")

#: Client classes of the ``anthropic`` package (async forms share the entry of the sync one).
CLIENT_REGIONS: dict[str, RegionInput] = {
    "AnthropicBedrock": RegionInput(
        BEDROCK,
        ("aws_region", 2),
        _AWS_ENV,
        "us-east-1",
        "(anthropic SDKs before 2.0; 2.x raises when no region is set)",
    ),
    "AnthropicBedrockMantle": RegionInput(BEDROCK, ("aws_region",), _AWS_ENV),
    "AnthropicAWS": RegionInput(AWS, ("aws_region",), _AWS_ENV),
    "AnthropicVertex": RegionInput(VERTEX, ("region",), ("CLOUD_ML_REGION",)),
    "AnthropicGoogleCloud": RegionInput(GOOGLE_CLOUD, ("location",), ("ANTHROPIC_GOOGLE_CLOUD_LOCATION",), "global"),
}

#: Wrapper libraries (claude-surface §7), keyed by (top-level package, name).
WRAPPER_REGIONS: dict[tuple[str, str], RegionInput] = {
    ("langchain_aws", "ChatAnthropicBedrock"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    ("langchain_aws", "ChatAnthropicMantle"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    ("langchain_aws", "ChatBedrock"): RegionInput(BEDROCK, ("region_name", "region"), _AWS_ENV),
    ("langchain_aws", "ChatBedrockConverse"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    # BedrockLLM (and the legacy langchain/langchain_community ``Bedrock`` it replaces):
    # ``region_name`` else boto3's session region (langchain-aws ``llms/bedrock.py``)
    ("langchain_aws", "BedrockLLM"): RegionInput(BEDROCK, ("region_name", "region"), _AWS_ENV),
    ("langchain_google_vertexai", "ChatAnthropicVertex"): RegionInput(
        VERTEX,
        ("location",),
        ("GOOGLE_CLOUD_REGION", "CLOUD_ML_REGION"),
        "us-central1",
        "(google-cloud-aiplatform's, when vertexai.init sets no location)",
    ),
    # litellm and dspy (which routes bedrock/ and vertex_ai/ models through litellm)
    ("litellm", BEDROCK): RegionInput(
        BEDROCK, ("aws_region_name",), ("AWS_REGION_NAME", "AWS_REGION"), "us-west-2", "(litellm's for Bedrock)"
    ),
    ("litellm", VERTEX): RegionInput(
        VERTEX,
        ("vertex_location", "vertex_ai_location"),
        ("VERTEXAI_LOCATION", "VERTEX_LOCATION"),
        "us-central1",
        "(litellm's for Vertex AI)",
    ),
    ("litellm", "bedrock_mantle"): RegionInput(
        BEDROCK, ("aws_region_name",), (), "us-east-1", "(litellm's for Bedrock Mantle)"
    ),
    ("instructor", BEDROCK): RegionInput(
        BEDROCK, ("region",), ("AWS_DEFAULT_REGION",), "us-east-1", "(instructor's; it does not read AWS_REGION)"
    ),
    ("llama_index", BEDROCK): RegionInput(BEDROCK, ("aws_region",), _AWS_ENV),
    # llama-index-llms-bedrock / -bedrock-converse: ``region_name`` else the boto3 session's
    ("langchain_aws", "BedrockInlineAgentsRunnable"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    ("llama_index", "Bedrock"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    ("llama_index", "BedrockConverse"): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    # legacy dspy ``Bedrock(region_name, profile_name=None)``, the AWSAnthropic provider
    ("dspy", "Bedrock"): RegionInput(BEDROCK, ("region_name", 0), _AWS_ENV),
    ("llama_index", VERTEX): RegionInput(VERTEX, ("region",), ()),
    ("boto3", BEDROCK): RegionInput(BEDROCK, ("region_name", 1), _AWS_ENV),
    ("pydantic_ai", BEDROCK): RegionInput(BEDROCK, ("region_name",), _AWS_ENV),
    # strands-agents BedrockModel (src/strands/models/bedrock.py): region_name, else the boto3
    # session's region, else AWS_REGION, else its DEFAULT_BEDROCK_REGION
    ("strands", "BedrockModel"): RegionInput(
        BEDROCK, ("region_name",), ("AWS_REGION",), "us-west-2", "(strands-agents' default)"
    ),
}


def client_region_input(class_name: str) -> RegionInput | None:
    name = class_name.removeprefix("Async")
    return CLIENT_REGIONS.get(name)


# --------------------------------------------------------------------------- classification


def normalise(value: str) -> str:
    return value.strip().lower()


def classify(value: str) -> Place | None:
    """What a region, location, multi-region or ``inference_geo`` string denotes; None for a
    string that is not shaped like one (a placeholder, a variable name, prose)."""
    v = normalise(value)
    if v in VERTEX_LOCATIONS:
        area, label = VERTEX_LOCATIONS[v]
        return Place(v, "multi-region" if "-" not in v else "vertex-location", area, label)
    if v in AWS_REGIONS:
        area, label = AWS_REGIONS[v]
        return Place(v, "aws-region", area, label)
    m = _AWS_SHAPE.match(v)
    if m and m.group("prefix") in _PREFIX_AREAS:
        return Place(v, "aws-region", _PREFIX_AREAS[m.group("prefix")])
    m = _GCP_SHAPE.match(v)
    if m and m.group("prefix") in _PREFIX_AREAS:
        return Place(v, "vertex-location", _PREFIX_AREAS[m.group("prefix")])
    return None


_MODEL_RE = re.compile(r"(?:^|[/:])(?:(?P<profile>[a-z]{2,6}(?:-gov)?)\.)?anthropic\.claude", re.IGNORECASE)
_ARN_RE = re.compile(r"arn:aws[\w-]*:bedrock:(?P<region>[a-z0-9-]+):\d*:(?P<resource>[\w-]+)/", re.IGNORECASE)


@dataclass(frozen=True)
class BedrockModel:
    """A Claude model id on Bedrock: ``anthropic.claude-…`` (single region),
    ``<profile>.anthropic.claude-…`` (cross-region profile) or an ARN holding either."""

    value: str
    profile: str | None  # "eu", "us", "global" … or None for a single-region id
    arn_region: str | None = None

    @property
    def profile_place(self) -> Place | None:
        if self.profile is None:
            return None
        area, label = BEDROCK_PROFILES.get(self.profile, ("", ""))
        return Place(self.profile + ".", "bedrock-profile", area, label)


def bedrock_model(value: str) -> BedrockModel | None:
    """Parse a Bedrock Claude model id (also with litellm's ``bedrock/`` or pydantic-ai's
    ``bedrock:`` prefix, or inside an ARN); None for anything else (Nova, Titan, Gemini)."""
    v = value.strip()
    m = _MODEL_RE.search(v)
    if not m:
        return None
    profile = m.group("profile")
    if profile is not None:
        profile = profile.lower()
        if profile not in BEDROCK_PROFILES:
            return None  # "foo.anthropic.claude": not a profile we know, not judged
    arn = _ARN_RE.search(v)
    return BedrockModel(v, profile, arn.group("region").lower() if arn else None)


# --------------------------------------------------------------------------- URLs and model routes

_URL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (VERTEX, re.compile(r"https?://(?P<region>[a-z0-9-]+)-aiplatform\.googleapis\.com", re.IGNORECASE)),
    (VERTEX, re.compile(r"https?://aiplatform\.(?P<region>[a-z]+)\.rep\.googleapis\.com", re.IGNORECASE)),
    (VERTEX, re.compile(r"https?://aiplatform\.googleapis\.com/\S*?/locations/(?P<region>[a-z0-9-]+)", re.IGNORECASE)),
    (BEDROCK, re.compile(r"https?://bedrock-runtime(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com", re.IGNORECASE)),
    (BEDROCK, re.compile(r"https?://bedrock-mantle\.(?P<region>[a-z0-9-]+)\.api\.aws", re.IGNORECASE)),
    (AWS, re.compile(r"https?://aws-external-anthropic\.(?P<region>[a-z0-9-]+)\.api\.aws", re.IGNORECASE)),
    (
        GOOGLE_CLOUD,
        re.compile(r"https?://claude\.googleapis\.com/\S*?/locations/(?P<region>[a-z0-9-]+)", re.IGNORECASE),
    ),
)


@dataclass(frozen=True)
class UrlRegion:
    platform: str
    region: str
    start: int  # span of the region inside the URL text
    end: int
    claude: bool  # the URL itself names an Anthropic model or endpoint


def url_region(text: str) -> UrlRegion | None:
    """The platform and region a Vertex / Bedrock / Mantle / AWS / Google Cloud endpoint URL
    names, e.g. ``https://europe-west4-aiplatform.googleapis.com/v1/…`` → Vertex
    ``europe-west4``.  ``claude`` says whether the URL itself is Claude's (a
    ``publishers/anthropic`` path, an ``anthropic.claude`` model, a Mantle or AWS endpoint)."""
    for platform, rx in _URL_PATTERNS:
        m = rx.search(text)
        if m:
            low = text.lower()
            claude = (
                "publishers/anthropic" in low
                or "anthropic.claude" in low
                or platform in (AWS, GOOGLE_CLOUD)
                or (platform == BEDROCK and "bedrock-mantle" in low and "/anthropic" in low)
            )
            return UrlRegion(platform, m.group("region").lower(), m.start("region"), m.end("region"), claude)
    return None


#: a raw request to the first-party inference endpoints (not a bare host: SDK and credential
#: code name the host for other purposes)
#: constant parts of an f-string that may build a Claude endpoint URL
URL_HINT = re.compile(r"://|aiplatform|bedrock|amazonaws|anthropic", re.IGNORECASE)

#: a first-party inference URL; token counting and an existing batch's results/cancel/delete
#: URLs (``/v1/messages/batches/<id>…``) run no inference and are not a client of their own
FIRST_PARTY_URL = re.compile(
    r"^https?://api\.anthropic\.com/v1/(messages(?!/count_tokens\b)(?!/batches/[^/?#\s])|complete)\b", re.IGNORECASE
)


def model_route(model: str, library: str = "litellm") -> str | None:
    """Where a wrapper's model string sends the request: FIRST_PARTY, BEDROCK, VERTEX,
    ``"bedrock_mantle"``, or None (not Claude, or a third-party host such as OpenRouter).
    ``library`` is ``litellm`` (also dspy), ``instructor`` or ``pydantic_ai``."""
    m = model.strip()
    low = m.lower()
    if "claude" not in low:
        return None
    if library == "pydantic_ai":
        if low.startswith("anthropic:"):
            return FIRST_PARTY
        if low.startswith("bedrock:"):
            return BEDROCK
        return None
    if library == "instructor":
        if low.startswith("anthropic/"):
            return FIRST_PARTY
        if low.startswith("bedrock/"):
            return BEDROCK
        return None
    if low.startswith("bedrock_mantle/"):
        return "bedrock_mantle"
    if low.startswith("bedrock/") or (("/" not in low or low.startswith("arn:")) and bedrock_model(m) is not None):
        return BEDROCK
    if low.startswith(("vertex_ai/", "vertex_ai_beta/")):
        return VERTEX
    if low.startswith("anthropic/") or ("/" not in low and low.startswith("claude")):
        return FIRST_PARTY
    return None
