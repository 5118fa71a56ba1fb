"""Facts that live only in configuration files read at run time: YAML and JSON model
catalogues and deployment context (README, "Engines and architecture", "The structure of YAML
and JSON configuration").

The semgrep companion rules see *variables* (``AWS_REGION=…``, ``ANTHROPIC_MODEL: …``) line
by line; what they cannot see is structure — an entry of a model catalogue whose
``provider: Anthropic`` sits three lines above its ``model_id: claude-…``, a ``region:`` in
the same mapping as a Claude model id, a CDK context key ``"bedrockRegion": "us-east-1"``
in a JSON file. This module reads those:

* a mapping whose provider key (``provider``, ``model_provider``, ``llm_provider``,
  ``api_type``, ``vendor``) says ``anthropic`` and that (or a mapping directly inside it)
  names a Claude model id: a first-party Claude entry (``first-party``); so is a litellm
  ``litellm_params`` mapping whose ``model`` is ``anthropic/claude-…``;
* a region or location key named after Bedrock, Vertex or Claude (``bedrockRegion``,
  ``vertex_location``, ``CLAUDE_REGION``): a region of that platform (``region``), judged in
  any candidate file of a repository that uses Claude — except in a model entry whose model
  is not Claude (a litellm ``textembedding-gecko`` entry's ``vertex_location``);
* a plain region key (``region``, ``aws_region``, ``region_name``, ``location``, litellm's
  ``aws_region_name``) in a mapping that (or a mapping directly inside it) names a Claude
  model id: the region that model runs in (``region``); a Titan, Cohere, Nova or GPT entry
  beside it is not Claude and stays silent. In a model entry (an item of a list, a litellm
  ``litellm_params``) the fact keeps the place of the entry's model id: when that id is
  reported too, the region is a related location of it (:func:`one_per_entry`);
* in JSON (which the line-based companion rules do not read): any value that is a Bedrock
  Claude model id (``bedrock-model``), judged like the companion rule judges it in YAML.

Each is a :class:`~claude_lint.rulekit.config_values.ConfigFact`; the rule it belongs to
judges it against the policy (``Rule.judge_config_fact``). Cost: a file becomes a candidate
through substring searches of its lower-cased bytes (the ones the runner computed already)
and, only when those hit, a few anchored regexes; only candidates are parsed, each at most
:data:`MAX_BYTES`, walked iteratively with a node budget (an alias bomb or a deep document
stops the walk, it does not grow it). Recorded cassettes, lock files, CI workflows,
translations and vendored trees are never candidates (test folders are scoped by the policy's `tests`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..model import Confidence, Finding, Location, Related, utf16_len
from ..rulekit.config_values import ConfigFact

#: a configuration file larger than this is not parsed (real catalogues are a few KB)
MAX_BYTES = 512 * 1024
#: nodes walked per file at most, and the deepest nesting walked
MAX_NODES = 50_000
MAX_DEPTH = 32

SUFFIXES = (".yaml", ".yml", ".json")
#: folders whose YAML/JSON is data, not the application's configuration (compared lower-cased)
SKIP_DIRS = frozenset(
    "node_modules .github .gitlab .circleci cassettes __snapshots__ snapshots locales locale i18n translations "
    "testdata test_data vendor .venv venv site-packages .tox dist build".split()
)
#: files that are never the application's model configuration
SKIP_NAMES = frozenset(
    "package.json package-lock.json tsconfig.json composer.json composer.lock pnpm-lock.yaml yarn.lock "
    ".pre-commit-config.yaml .pre-commit-hooks.yaml openapi.json openapi.yaml swagger.json swagger.yaml "
    "mkdocs.yml mkdocs.yaml .readthedocs.yaml codecov.yml renovate.json dependabot.yml".split()
)

# -- the byte prefilter (lower-cased bytes) ------------------------------------------------
_PROVIDER_ANTHROPIC = re.compile(
    rb"(?<![\w-])(?:model[_-]?|llm[_-]?|api[_-]?)?(?:provider|api[_-]?type|vendor)(?:[_-]?name)?[\"']?[ \t]*"
    rb"[:=][ \t]*[\"']?anthropic(?![\w.-])"
)
_LITELLM_ANTHROPIC = re.compile(rb"(?<![\w-])[\"']?model[\"']?[ \t]*:[ \t]*[\"']?anthropic/claude")
_NAMED_REGION = re.compile(
    rb"(?:bedrock|vertex|claude|anthropic)[\w-]{0,40}?(?:region|location)(?:[_-]?name)?[\"']?[ \t]*[:=]"
)
_PLAIN_REGION = re.compile(
    rb"(?<![\w-])[\"']?(?:aws[_-]?|gcp[_-]?|cloud[_-]?|google[_-]?cloud[_-]?)?(?:region|location)(?:[_-]?name)?"
    rb"[\"']?[ \t]*:[ \t]*[\"']?[a-z]{2,}-[a-z]+"
)


#: the rules whose facts this module reads
RULE_IDS = frozenset({"region-outside-policy", "eu-residency-unavailable"})


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the repository root (``/``-separated); its name when outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def skipped(rel: str) -> bool:
    """Whether a file (its path relative to the repository root) is data, not configuration."""
    parts = PurePosixPath(rel.lower()).parts
    name = parts[-1] if parts else ""
    return (
        name in SKIP_NAMES or name.endswith((".lock.yml", ".lock.yaml", ".lock.json")) or bool(SKIP_DIRS & set(parts))
    )


def candidate(rel: str, low: bytes) -> bool:
    """Whether a file may hold a structured Claude fact: a YAML/JSON name outside the
    skipped folders, at most :data:`MAX_BYTES`, and (``low``: its bytes lower-cased) a
    provider ``anthropic``, a region key named after Bedrock/Vertex/Claude, a plain region
    key with a region-shaped value in a file naming Claude, or (JSON) a Bedrock Claude id."""
    if not rel.lower().endswith(SUFFIXES) or len(low) > MAX_BYTES or skipped(rel):
        return False
    anthropic = b"anthropic" in low
    if anthropic and (_PROVIDER_ANTHROPIC.search(low) or _LITELLM_ANTHROPIC.search(low)):
        return True
    if b"region" in low or b"location" in low:
        if (anthropic or b"claude" in low or b"bedrock" in low or b"vertex" in low) and _NAMED_REGION.search(low):
            return True
        if b"claude" in low and _PLAIN_REGION.search(low):
            return True
    return rel.lower().endswith(".json") and b"anthropic.claude" in low


# -- reading the structure -----------------------------------------------------------------
_CLAUDE_ID = re.compile(r"(?i)(?:^|[./:])claude-|anthropic\.claude")
_NON_CLAUDE = re.compile(r"(?i)titan|cohere|llama|mistral|nova|gemini|gpt|embed|ai21|jamba|deepseek|qwen|stability")
#: provider values (lower-cased, separators removed)
FIRST_PARTY = frozenset({"anthropic", "anthropicapi"})
BEDROCK_PROVIDERS = frozenset({"bedrock", "aws", "awsbedrock", "amazonbedrock", "bedrockconverse", "anthropicbedrock"})
VERTEX_PROVIDERS = frozenset({"vertex", "vertexai", "gcp", "googlevertex", "anthropicvertex", "googleanthropicvertex"})
_PROVIDER_KEYS = frozenset(
    {"provider", "modelprovider", "llmprovider", "apiprovider", "providername", "apitype", "vendor"}
)
#: region keys judged only beside a Claude model id (lower-cased, separators removed)
_PLAIN_REGION_KEYS = frozenset(
    {
        "region",
        "location",
        "regionname",
        "awsregion",
        "awsregionname",
        "awsdefaultregion",
        "gcpregion",
        "gcplocation",
        "cloudregion",
        "googlecloudregion",
        "googlecloudlocation",
    }
)
_NAMED_KEY = re.compile(r"(bedrock|vertex|claude|anthropic)\w*?(region|location)(name)?$")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def claude_model(value: str) -> bool:
    """A Claude model id (``claude-…``, ``anthropic.claude-…``, a profiled or prefixed form)."""
    return len(value) < 200 and not any(c.isspace() for c in value) and bool(_CLAUDE_ID.search(value))


def _scalar(node: Any) -> str | None:
    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        return node.value
    return None


def facts(text: str, rel: str) -> list[ConfigFact]:
    """The structured Claude facts of one YAML or JSON text (empty when it does not parse)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    is_json = rel.lower().endswith(".json")
    low = text.lower()
    # Vertex AI serves Gemini first: a key named after Vertex says Claude only in a file that names it
    names_claude = "claude" in low or "anthropic" in low
    out: list[ConfigFact] = []
    seen: set[int] = set()
    budget = [MAX_NODES]
    for doc in docs:
        if doc is not None:
            for mapping, parent_key, item in _mappings(doc, seen, budget):
                out.extend(_facts_of(mapping, parent_key, is_json, names_claude, item))
    if not is_json:
        out = [replace(f, companion_reads=True) for f in out]
    return out


def _mappings(root: Any, seen: set[int], budget: list[int]) -> Iterator[tuple[Any, str, bool]]:
    """Every mapping node of a document with the key it sits under and whether it is an item
    of a list (a catalogue entry), iteratively; each node once, so an aliased subtree is
    walked once; stops at the node budget or depth."""
    stack: list[tuple[Any, str, int, bool]] = [(root, "", 0, False)]
    while stack:
        node, key, depth, item = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH or budget[0] <= 0:
            continue
        seen.add(id(node))
        budget[0] -= 1
        if isinstance(node, yaml.MappingNode):
            yield node, key, item
            for k, v in reversed(node.value):
                stack.append((v, _scalar(k) or "", depth + 1, False))
        elif isinstance(node, yaml.SequenceNode):
            for v in reversed(node.value):
                stack.append((v, key, depth + 1, True))


def _pairs(mapping: Any) -> list[tuple[str, Any, Any]]:
    return [(k, kn, v) for kn, v in mapping.value if (k := _scalar(kn)) is not None]


def _models(mapping: Any) -> list[tuple[str, Any]]:
    """Claude model ids under model keys (``model``, ``model_id``, ``modelId``,
    ``foundation_model``, ``ANTHROPIC_MODEL`` …) of ``mapping`` and of mappings directly
    inside it (an entry's ``config:``); an ``id`` or display name that says Claude is not one."""
    out: list[tuple[str, Any]] = []
    for k, _kn, v in _pairs(mapping):
        if isinstance(v, yaml.MappingNode):
            out.extend(
                (s, vv) for k2, _kn2, vv in _pairs(v) if _model_key(k2) and (s := _scalar(vv)) and claude_model(s)
            )
        elif _model_key(k) and (s := _scalar(v)) and claude_model(s):
            out.append((s, v))
    return out


#: words of a key that describes a form field or documents a value rather than setting it
_NOT_A_SETTING = re.compile(r"placeholder|example|sample|tooltip|description|hint|label|doc")


def _model_key(key: str) -> bool:
    """A key that sets a model (``model``, ``model_id``, ``defaultModel``), not one that
    describes a form field (``default_model_placeholder``)."""
    n = _norm(key)
    return "model" in n and not _NOT_A_SETTING.search(n)


def _non_claude_model(mapping: Any) -> bool:
    keys = ("model", "modelid", "modelname", "model_id")
    return any(
        _norm(k) in keys and (s := _scalar(v)) and _NON_CLAUDE.search(s) and not claude_model(s)
        for k, _kn, v in _pairs(mapping)
    )


def _entry_not_claude(mapping: Any, models: list[tuple[str, Any]]) -> bool:
    """A model entry whose model is not Claude: the mapping (or a mapping directly inside
    it) sets a model id under a model key, none of them a Claude id (a litellm entry of
    ``textembedding-gecko`` or ``bedrock/us.amazon.nova-premier``). A reference resolved at
    deploy time (``${MODEL}``, ``os.environ/MODEL``) sets no id."""
    if _non_claude_model(mapping):
        return True
    if models:
        return False
    for k, _kn, v in _pairs(mapping):
        inner = _pairs(v) if isinstance(v, yaml.MappingNode) else [(k, None, v)]
        for k2, _kn2, v2 in inner:
            s = _scalar(v2)
            if _model_key(k2) and s and _model_id(s):
                return True
    return False


def _model_id(value: str) -> bool:
    """A value shaped like a model id (``vertex_ai/textembedding-gecko``, ``gpt-4o``), not a
    reference to one or a sentence."""
    v = value.strip()
    return (
        0 < len(v) < 200
        and not any(c.isspace() for c in v)
        and not v.startswith(("$", "{", "os.environ/", "%"))
        and any(c.isalpha() for c in v)
    )


def _facts_of(mapping: Any, parent_key: str, is_json: bool, names_claude: bool, item: bool) -> list[ConfigFact]:
    pairs = _pairs(mapping)
    models = _models(mapping)
    not_claude = _entry_not_claude(mapping, models)
    # the Claude model of a model entry (an item of a list, a litellm ``litellm_params``): a
    # region of the same entry is one cause with it
    entry = item or _norm(parent_key) == "litellmparams"
    model_at = (models[0][1].start_mark.line + 1, models[0][1].start_mark.column + 1) if models and entry else (0, 0)
    provider = next((_norm(s) for k, _kn, v in pairs if _norm(k) in _PROVIDER_KEYS and (s := _scalar(v))), "")
    out: list[ConfigFact] = []
    # a first-party Claude entry of a model catalogue
    if provider in FIRST_PARTY and models:
        pk, pv = next((k, v) for k, _kn, v in pairs if _norm(k) in _PROVIDER_KEYS)
        out.append(_fact("eu-residency-unavailable", "first-party", pk, _scalar(pv) or "", pv, model=models[0][0]))
    elif _norm(parent_key) == "litellmparams":
        for k, _kn, v in pairs:
            s = _scalar(v)
            if _norm(k) == "model" and s and s.lower().startswith("anthropic/") and claude_model(s):
                out.append(_fact("eu-residency-unavailable", "first-party", k, s, v, model=s))
    platform = (
        "bedrock" if provider in BEDROCK_PROVIDERS else "vertex" if provider in VERTEX_PROVIDERS else ""
    ) or _platform_of_models(models)
    for k, _kn, v in pairs:
        s = _scalar(v)
        if s is None:
            continue
        n = _norm(k)
        named = _NAMED_KEY.search(n)
        if named:
            which = named.group(1)
            kind_platform = which if which in ("bedrock", "vertex") else platform
            if not not_claude and (which != "vertex" or names_claude):
                conf = Confidence.HIGH if models else Confidence.MEDIUM
                out.append(
                    _fact(
                        "region-outside-policy",
                        "region",
                        k,
                        s,
                        v,
                        platform=kind_platform,
                        confidence=conf,
                        model=models[0][0] if models and entry else "",
                        model_at=model_at,
                    )
                )
        elif n in _PLAIN_REGION_KEYS and models and provider not in FIRST_PARTY and not not_claude:
            out.append(
                _fact(
                    "region-outside-policy", "region", k, s, v, platform=platform, model=models[0][0], model_at=model_at
                )
            )
        elif is_json and "anthropic.claude" in s.lower():
            out.append(_fact("region-outside-policy", "bedrock-model", k, s, v))
    return out


def _platform_of_models(models: list[tuple[str, Any]]) -> str:
    for m, _node in models:
        low = m.lower()
        if "anthropic.claude" in low or low.startswith("bedrock/"):
            return "bedrock"
        if "@" in low or low.startswith("vertex_ai/"):
            return "vertex"
    return ""


def _fact(
    rule_id: str,
    kind: str,
    name: str,
    value: str,
    node: Any,
    *,
    platform: str = "",
    model: str = "",
    confidence: Confidence = Confidence.HIGH,
    model_at: tuple[int, int] = (0, 0),
) -> ConfigFact:
    start, end = node.start_mark, node.end_mark
    end_col = end.column if end.line == start.line else start.column + len(value)
    return ConfigFact(
        rule_id=rule_id,
        kind=kind,
        name=name,
        value=value,
        line=start.line + 1,
        column=start.column + 1,
        end_column=max(end_col, start.column + 1) + 1,
        platform=platform,
        model=model,
        confidence=confidence,
        model_line=model_at[0],
        model_column=model_at[1],
    )


def findings(
    text: str, rel: str, display: str, policy: Any, rules: dict[str, Any], rule_classes: dict[str, Any], active
) -> list[Finding]:
    """The findings of one file (none unless it is a :func:`candidate`: a file that is a
    semgrep target only is not parsed): each fact judged by its rule's ``judge_config_fact``
    (rules not active under the policy are not asked)."""
    if not rel.lower().endswith(SUFFIXES) or not candidate(rel, text.encode("utf-8", "replace").lower()):
        return []
    from ..textsafe import redact as redact_text
    from .semgrep import redact_url_passwords

    out: list[Finding] = []
    lines = text.splitlines()
    for fact in facts(text, rel):
        cls = rule_classes.get(fact.rule_id)
        if fact.rule_id not in active or cls is None or fact.rule_id not in rules:
            continue
        message = cls().judge_config_fact(fact, policy)
        if message is None:
            continue
        meta = rules[fact.rule_id]
        props: dict[str, Any] = {}
        if fact.kind == "region" and fact.model_line and cls().judge_config("model", fact.model, policy) is not None:
            # the entry's model id is a finding of its own (a profile outside the policy): this
            # region is one cause with it, a related location there (one_per_entry)
            props = {ENTRY_MODEL: (fact.model_line, f"{fact.name} {fact.value!r} of the same entry")}
        line_text = lines[fact.line - 1] if 0 < fact.line <= len(lines) else ""
        before, upto = line_text[: fact.column - 1], line_text[: fact.end_column - 1]
        out.append(
            Finding(
                rule_id=meta.id,
                message=redact_url_passwords(redact_text(message)),
                location=Location(
                    display,
                    fact.line,
                    fact.column,
                    fact.line,
                    fact.end_column,
                    utf16_len(before) + 1,
                    utf16_len(upto) + 1,
                ),
                severity=meta.severity,
                confidence=min(meta.confidence, fact.confidence),
                snippet=redact_url_passwords(redact_text(" ".join(line_text.split()))),
                span=(fact.line, fact.line),
                fix_hint=meta.fix_hint,
                properties=props,
            )
        )
    return out


#: a finding's property (internal, removed by :func:`one_per_entry`): the line of the model id
#: of the configuration entry its region belongs to
ENTRY_MODEL = "config-entry-model-line"


def one_per_entry(findings: list[Finding]) -> list[Finding]:
    """One finding per model entry of a configuration file: a region finding whose entry's
    Claude model id is reported too (a ``us.`` profile, by the companion rule in YAML or by
    :func:`findings` in JSON) becomes a related location of the finding at the model line; a
    region whose model finding is absent (suppressed by policy, semgrep not installed) stays
    a finding of its own."""
    if not any(ENTRY_MODEL in f.properties for f in findings):
        return findings
    at_line: dict[tuple[str, str, int], int] = {}
    for i, f in enumerate(findings):
        if ENTRY_MODEL not in f.properties:
            at_line.setdefault((f.rule_id, f.location.path, f.location.line), i)
    out = list(findings)
    dropped: set[int] = set()
    for i, f in enumerate(findings):
        entry = f.properties.get(ENTRY_MODEL)
        if entry is None:
            continue
        line, label = entry
        props = {k: v for k, v in f.properties.items() if k != ENTRY_MODEL}
        j = at_line.get((f.rule_id, f.location.path, line))
        if j is None:
            out[i] = f.with_(properties=props)
            continue
        host = out[j]
        out[j] = host.with_(related=(*host.related, Related(f.location, label, f.snippet)))
        dropped.add(i)
    return [f for i, f in enumerate(out) if i not in dropped]
