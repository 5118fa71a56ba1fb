"""The records of ``claude-lint inventory`` (what the reporters print): entries, their
requests and the origin of each value, the repository summary, the result of a run.
Data only: the collection is :mod:`.collect`, the run :mod:`.scan`."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Notice

#: bumped when a field of the JSON form changes meaning or is removed (adding one is not a bump)
SCHEMA_VERSION = 1
SCHEMA_ID = "claude-lint/inventory"

#: values of ``provider``
PROVIDERS = ("first-party", "bedrock", "vertex", "google-cloud", "aws", "foundry", "third-party", "unknown")
#: values of a request's ``kind``
REQUEST_KINDS = ("messages", "streaming", "batch", "files", "skills", "count_tokens", "managed-agents", "agent-sdk")
#: values of ``health_data``
HEALTH_VALUES = ("yes", "declared", "no", "unknown")
#: values of an origin's ``source``
ORIGIN_SOURCES = (
    "literal",
    "constant",
    "variable",
    "expression",
    "environment",
    "environment default",
    "environment set in code",
    "library default",
    "workspace default",
    "not in code",
    "unknown",
)


# =========================================================================== the data


@dataclass(frozen=True)
class Origin:
    """A value (model id, region, location, profile, inference_geo) and where it came from."""

    setting: str  # "model", "region", "aws_region", "location", "inference_geo", "profile", ...
    value: str | None
    source: str  # one of ORIGIN_SOURCES
    name: str = ""  # the constant, variable or environment variable(s)
    default: str | None = None  # the library's fallback when the environment is not set
    line: int | None = None  # where the value is written (the literal, constant or env write)
    note: str = ""  # e.g. "set by vertexai.init(location=...) on line 4", "in its base_url"

    def text(self) -> str:
        """``europe-west4 (literal, line 12)``, ``env CLOUD_ML_REGION (not passed)``,
        ``inference_geo us (constant GEO, line 3)``, ``inference_geo not set: workspace default`` …"""
        at = f", line {self.line}" if self.line else ""
        prefix = {"inference_geo": "inference_geo ", "profile": "profile "}.get(self.setting, "")
        src, v, how = self.source, self.value, ""
        if src == "workspace default":
            base = "no inference_geo: workspace default"
        elif src == "environment":
            base = f"{prefix}env {self.name}" + (f", else library default {self.default}" if self.default else "")
        elif src == "library default":
            base, how = f"{prefix}{v}", "library default"
        elif src == "not in code":
            return self.note or "not in code"
        elif src == "unknown" or v is None:
            base = f"{prefix}unknown" + (f" (from {self.name}{at})" if self.name else "")
        else:
            base = f"{prefix}{v}"
            how = {
                "literal": f"literal{at}",
                "constant": f"constant {self.name}{at}",
                "variable": f"variable {self.name}{at}",
                "expression": f"built from constants{at}",
                "environment default": f"default of env {self.name}{at}",
                "environment set in code": f"written to env {self.name}{at}",
            }.get(src, src)
        extra = "; ".join(x for x in (how, self.note) if x)
        return f"{base} ({extra})" if extra else base

    def to_json(self) -> dict:
        return {
            "setting": self.setting,
            "value": self.value,
            "source": self.source,
            "name": self.name,
            "default": self.default,
            "line": self.line,
            "note": self.note,
            "text": self.text(),
        }

    @classmethod
    def from_json(cls, d: dict) -> Origin:
        return cls(d["setting"], d["value"], d["source"], d["name"], d["default"], d["line"], d["note"])

    @property
    def key(self) -> tuple:
        return (self.setting, self.value, self.source, self.name, self.default, self.note)


@dataclass(frozen=True)
class Request:
    """One call that sends something to Claude through an entry."""

    line: int
    column: int
    cell: int | None
    method: str  # "messages.create", "invoke", "litellm.completion", "POST /v1/messages" …
    kind: str  # one of REQUEST_KINDS
    model: Origin | None = None
    inference_geo: Origin | None = None
    tools: tuple[str, ...] = ()
    health_data: str = "no"  # yes | declared | no
    health_source: str = ""  # what the health data is (a name in the code), when yes
    health_line: int | None = None

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "cell": self.cell,
            "method": self.method,
            "kind": self.kind,
            "model": self.model.to_json() if self.model else None,
            "inference_geo": self.inference_geo.to_json() if self.inference_geo else None,
            "tools": list(self.tools),
            "health_data": self.health_data,
            "health_data_source": {"text": self.health_source, "line": self.health_line}
            if self.health_source
            else None,
        }

    @classmethod
    def from_json(cls, d: dict) -> Request:
        src = d.get("health_data_source") or {}
        return cls(
            d["line"],
            d["column"],
            d["cell"],
            d["method"],
            d["kind"],
            Origin.from_json(d["model"]) if d["model"] else None,
            Origin.from_json(d["inference_geo"]) if d["inference_geo"] else None,
            tuple(d["tools"]),
            d["health_data"],
            src.get("text", ""),
            src.get("line"),
        )


@dataclass(frozen=True)
class Entry:
    """One place the code reaches Claude."""

    path: str
    line: int
    column: int
    cell: int | None
    client: str  # "AnthropicVertex", "ChatAnthropic", "litellm.completion", "boto3 bedrock-runtime" …
    library: str  # "anthropic", "langchain", "litellm", "llama-index", "pydantic-ai", "raw HTTP" …
    provider: str  # one of PROVIDERS
    via: str | None  # the wrapper library between the code and the provider
    models: tuple[Origin, ...] = ()
    regions: tuple[Origin, ...] = ()
    tools: tuple[str, ...] = ()
    health_data: str = "unknown"  # yes | declared | no | unknown (no request seen in this file)
    requests: tuple[Request, ...] = ()
    repository: str = ""
    note: str = ""  # e.g. "client passed in as a parameter: configured where it is built"
    #: a base URL, gateway or proxy the client is pointed at (None: the provider's own endpoint)
    endpoint: Origin | None = None

    @property
    def request_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in REQUEST_KINDS if any(r.kind == k for r in self.requests))

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.client)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "cell": self.cell,
            "repository": self.repository,
            "client": self.client,
            "library": self.library,
            "provider": self.provider,
            "via": self.via,
            "models": [m.to_json() for m in self.models],
            "regions": [r.to_json() for r in self.regions],
            "tools": list(self.tools),
            "health_data": self.health_data,
            "request_kinds": list(self.request_kinds),
            "requests": [r.to_json() for r in self.requests],
            "endpoint": self.endpoint.to_json() if self.endpoint else None,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, d: dict) -> Entry:
        return cls(
            d["path"],
            d["line"],
            d["column"],
            d["cell"],
            d["client"],
            d["library"],
            d["provider"],
            d["via"],
            tuple(Origin.from_json(m) for m in d["models"]),
            tuple(Origin.from_json(r) for r in d["regions"]),
            tuple(d["tools"]),
            d["health_data"],
            tuple(Request.from_json(r) for r in d["requests"]),
            d["repository"],
            d["note"],
            Origin.from_json(d["endpoint"]) if d.get("endpoint") else None,
        )


@dataclass
class RepositorySummary:
    """What a privacy team reads first: per repository, providers, regions, models, counts."""

    label: str
    files: int = 0
    entries: int = 0
    requests: int = 0
    providers: dict[str, int] = field(default_factory=dict)
    #: (provider, region text) -> places
    regions: dict[tuple[str, str], int] = field(default_factory=dict)
    models: dict[str, int] = field(default_factory=dict)
    tools: dict[str, int] = field(default_factory=dict)
    health_data: dict[str, int] = field(default_factory=dict)
    request_kinds: dict[str, int] = field(default_factory=dict)

    def add(self, e: Entry) -> None:
        self.entries += 1
        self.requests += len(e.requests)
        _count(self.providers, e.provider)
        for label in region_labels(e):
            _count(self.regions, (e.provider, label))
        for m in {model_label(m) for m in e.models}:
            _count(self.models, m)
        for t in e.tools:
            _count(self.tools, t)
        _count(self.health_data, e.health_data)
        for r in e.requests:
            _count(self.request_kinds, r.kind)

    def to_json(self) -> dict:
        return {
            "path": self.label,
            "files": self.files,
            "entries": self.entries,
            "requests": self.requests,
            "providers": dict(sorted(self.providers.items())),
            "regions": [{"provider": p, "region": r, "entries": n} for (p, r), n in sorted(self.regions.items())],
            "models": dict(sorted(self.models.items())),
            "tools": dict(sorted(self.tools.items())),
            "health_data": dict(sorted(self.health_data.items())),
            "request_kinds": {k: self.request_kinds[k] for k in REQUEST_KINDS if k in self.request_kinds},
        }


def _count(d: dict, k) -> None:
    d[k] = d.get(k, 0) + 1


def region_labels(e: Entry) -> list[str]:
    """Short region labels of an entry for the summary: ``europe-west4``, ``env CLOUD_ML_REGION``,
    ``library default us-west-2``, ``inference_geo us``, ``workspace default``, ``eu. profile``."""
    out: list[str] = []
    for r in e.regions:
        if r.setting == "inference_geo":
            label = (
                f"inference_geo {r.value}"
                if r.value
                else (
                    "workspace default"
                    if r.source == "workspace default"
                    else f"inference_geo from env {r.name}"
                    if r.source == "environment"
                    else f"inference_geo unknown ({r.note})"
                    if r.note
                    else "inference_geo unknown"
                )
            )
        elif r.setting == "profile":
            label = f"{r.value} profile"
        elif r.value and r.source != "library default":
            label = r.value
        elif r.source == "library default":
            label = f"library default {r.value}"
        elif r.source == "environment":
            label = f"env {r.name}" + (f" (else {r.default})" if r.default else "")
        else:
            label = r.text()
        if label not in out:
            out.append(label)
    if not out:
        out.append("not visible")
    return out


def model_label(m: Origin) -> str:
    if m.value:
        return m.value
    if m.source == "environment":
        return f"env {m.name}"
    return "unknown"


@dataclass
class InventoryResult:
    entries: list[Entry]
    notices: list[Notice]
    repositories: list[RepositorySummary]
    files_scanned: int = 0
    files_parsed: int = 0

    @property
    def providers(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            _count(out, e.provider)
        return dict(sorted(out.items()))
