"""Structured facts of YAML/JSON configuration files (claude_lint/engines/config_files.py):
which files become candidates (a bytes prefilter, no parse), what the walk reads from a
model catalogue or a deployment context, its bounds on hostile input, and the findings end
to end (once per cause beside the line-based companion rules, also without semgrep)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claude_lint.cli import main
from claude_lint.engines import config_files as cf
from claude_lint.engines import semgrep as sg

APP = "import anthropic\n\nclient = anthropic.Anthropic()\n"
EU = "policy: {residency: eu}\n"


def _facts(text: str, rel: str = "config.yaml"):
    return [(f.rule_id, f.kind, f.name, f.value, f.line) for f in cf.facts(text, rel)]


# --------------------------------------------------------------------------- the prefilter


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("app/config.yaml", "models:\n  - provider: Anthropic\n    config: {model_id: claude-3-7-sonnet-latest}\n"),
        ("cdk/cdk.json", '{"context": {"bedrockRegion": "us-east-1"}}'),
        ("config.yml", "llm:\n  model: claude-3-haiku\n  region: us-east-1\n"),
        ("settings.json", '{"modelId": "us.anthropic.claude-3-haiku-20240307-v1:0"}'),
        ("proxy.yaml", "model_list:\n  - litellm_params:\n      model: anthropic/claude-sonnet-4-5\n"),
    ],
)
def test_candidates(rel, text):
    assert cf.candidate(rel, text.encode().lower())


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        # a recorded exchange that names Claude and has a Location header: no region-shaped value after a key
        ("tests/x.yaml", "headers:\n  location:\n  - https://api.anthropic.com\nbody: claude-3-haiku\n"),
        ("config.yaml", "storage:\n  region: us-east-1\n"),  # no Claude at all
        ("config.yaml", "llm:\n  provider: openai\n  model: gpt-4o\n"),
        ("package-lock.json", '{"claude": {"model": "claude-3", "region": "us-east-1"}}'),
        ("cassettes/chat.yaml", "model: claude-3\nregion: us-east-1\n"),
        (".github/workflows/ci.yml", "env:\n  BEDROCK_REGION: us-east-1\n"),
        ("locales/en.json", '{"bedrockRegion": "us-east-1"}'),
        ("config.toml", 'bedrock_region = "us-east-1"\n'),  # not a YAML/JSON name
        ("notes.yaml", "x: " + "a" * cf.MAX_BYTES + "\nbedrock_region: us-east-1\n"),  # too large
    ],
)
def test_not_candidates(rel, text):
    assert not cf.candidate(rel, text.encode().lower())


# --------------------------------------------------------------------------- the facts


def test_a_first_party_catalogue_entry_is_reported_at_its_provider():
    text = (
        "models:\n"
        "  - id: anthropic-claude\n"
        "    name: Claude Sonnet on Anthropic\n"
        "    provider: Anthropic\n"
        "    config:\n"
        "      model_id: claude-3-7-sonnet-latest\n"
        "  - id: openai\n"
        "    provider: OPENAI\n"
        "    config: {model_name: gpt-4o}\n"
    )
    (fact,) = cf.facts(text, "config.yaml")
    assert (fact.rule_id, fact.kind, fact.name, fact.value, fact.line, fact.model) == (
        "eu-residency-unavailable",
        "first-party",
        "provider",
        "Anthropic",
        4,
        "claude-3-7-sonnet-latest",
    )


def test_a_provider_anthropic_without_a_claude_model_is_no_fact():
    assert _facts("x:\n  provider: anthropic\n  endpoint: https://example.invalid\n") == []
    # an id or a display name that says Claude is not a model id
    assert _facts("x:\n  provider: anthropic\n  id: claude-helper\n  name: Claude\n") == []


def test_regions_beside_claude_models_and_named_region_keys():
    text = (
        "a:\n  model_id: anthropic.claude-3-haiku-20240307-v1:0\n  region: us-east-1\n"
        "b:\n  model_id: amazon.titan-embed-text-v2:0\n  region: us-east-1\n"
        "c:\n  bucket: x\n  region: us-east-1\n"
        "d:\n  bedrockRegion: us-west-2\n"
        "e:\n  s3Region: us-west-2\n"
    )
    assert _facts(text) == [
        ("region-outside-policy", "region", "region", "us-east-1", 3),
        ("region-outside-policy", "region", "bedrockRegion", "us-west-2", 11),
    ]


def test_a_first_party_entry_has_no_region_fact():
    # the first-party API takes no region: eu-residency-unavailable speaks for the entry
    assert _facts("x:\n  provider: anthropic\n  model: claude-sonnet-4-5\n  region: us-east-1\n") == [
        ("eu-residency-unavailable", "first-party", "provider", "anthropic", 2)
    ]


def test_bedrock_ids_are_facts_in_json_only():
    # in YAML the companion rule (rules/region-outside-policy.yaml) reads them line by line
    assert _facts('{"modelId": "us.anthropic.claude-3-haiku-20240307-v1:0"}', "a.json") == [
        ("region-outside-policy", "bedrock-model", "modelId", "us.anthropic.claude-3-haiku-20240307-v1:0", 1)
    ]
    assert _facts("modelId: us.anthropic.claude-3-haiku-20240307-v1:0\n", "a.yaml") == []


def test_hostile_documents_are_bounded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert cf.facts(bomb + "k: {model: claude-3, region: us-east-1}\n", "x.yaml")  # walked once per node
    deep = "[" * 5000 + "]" * 5000
    assert cf.facts(deep, "x.json") == []
    assert cf.facts("a: [unclosed\n", "x.yaml") == []
    assert cf.facts('\t{\t"bedrockRegion":\t"us-east-1"}', "x.json") == []  # not YAML-readable: nothing, no error


# --------------------------------------------------------------------------- end to end


def _check(*args: str):
    return CliRunner().invoke(main, ["check", *args, "--format", "json"], catch_exceptions=False)


def test_catalogue_findings_without_semgrep(in_tmp, monkeypatch):
    """The structure is read in-process: a missing semgrep skips the line-based companion
    rules, not these facts."""
    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / "claude-lint.yaml").write_text(EU)
    (in_tmp / "config.yaml").write_text("models:\n  - provider: anthropic\n    model: claude-sonnet-4-5\n")
    (in_tmp / "cdk.json").write_text('{\n  "context": {\n    "bedrockRegion": "us-east-1"\n  }\n}\n')
    doc = json.loads(_check(".").output)
    found = sorted((f["path"], f["line"], f["rule_id"]) for f in doc["findings"] if f["path"] != "app.py")
    assert found == [("cdk.json", 3, "region-outside-policy"), ("config.yaml", 2, "eu-residency-unavailable")]


def test_no_findings_in_a_repository_without_claude_or_under_residency_any(in_tmp, monkeypatch):
    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    (in_tmp / "app.py").write_text("print('hello')\n")
    (in_tmp / "claude-lint.yaml").write_text(EU)
    (in_tmp / "cdk.json").write_text('{"context": {"bedrockRegion": "us-east-1"}}\n')
    assert json.loads(_check(".").output)["findings"] == []
    (in_tmp / "app.py").write_text("import anthropic\n")
    (in_tmp / "claude-lint.yaml").write_text("policy: {residency: any}\n")
    assert json.loads(_check(".").output)["findings"] == []


@pytest.mark.usefixtures("require_semgrep")
def test_one_finding_per_cause_beside_the_companion_rules(in_tmp):
    """A variable the companion rule captures (AWS_REGION in a file naming Bedrock, a Bedrock
    model id in YAML) is reported once, by it."""
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / "claude-lint.yaml").write_text(EU)
    (in_tmp / "compose.yaml").write_text(
        "services:\n  bot:\n    environment:\n"
        "      CLAUDE_CODE_USE_BEDROCK: '1'\n"
        "      AWS_REGION: us-east-1\n"
        "      ANTHROPIC_MODEL: global.anthropic.claude-sonnet-4-5-20250929-v1:0\n"
    )
    doc = json.loads(_check(".").output)
    lines = sorted(f["line"] for f in doc["findings"] if f["path"] == "compose.yaml")
    assert lines == [5, 6], doc["findings"]


def test_a_region_is_judged_only_for_an_entry_whose_model_is_claude():
    """litellm proxy configs: a region of an entry whose model is not Claude (Nova, a
    text-embedding model, any concrete non-Claude id) is no fact, named after Vertex or not."""
    text = (
        "model_list:\n"
        "  - litellm_params:\n      model: bedrock/us.amazon.nova-premier-v1:0\n      aws_region_name: us-east-1\n"
        "  - litellm_params:\n      model: vertex_ai/textembedding-gecko\n      vertex_location: us-central1\n"
        "  - litellm_params:\n      model: vertex_ai/chat-bison\n      vertex_location: us-central1\n"
        "  - litellm_params:\n      model: os.environ/MODEL\n      vertex_location: us-east5\n"
        "  - litellm_params:\n      model: bedrock/anthropic.claude-3-haiku-20240307-v1:0\n"
        "      aws_region_name: us-west-2\n"
    )
    facts = cf.facts(text, "proxy.yaml")
    assert [(f.name, f.value, f.line, f.model_line) for f in facts] == [
        ("vertex_location", "us-east5", 13, 0),  # a model set at deploy time: the file names Claude
        ("aws_region_name", "us-west-2", 16, 15),
    ]


@pytest.mark.usefixtures("require_semgrep")
def test_one_finding_per_model_entry(in_tmp):
    """A litellm entry whose us. profile is reported holds its region as a related location;
    an entry whose model id is fine reports its region; a Nova entry reports nothing."""
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / "claude-lint.yaml").write_text(EU)
    (in_tmp / "proxy_config.yaml").write_text(
        "model_list:\n"
        "  - model_name: a\n    litellm_params:\n"
        "      model: bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0\n      aws_region_name: us-east-1\n"
        "  - model_name: b\n    litellm_params:\n"
        "      model: bedrock/anthropic.claude-3-haiku-20240307-v1:0\n      aws_region_name: us-east-1\n"
        "  - model_name: c\n    litellm_params:\n"
        "      model: bedrock/us.amazon.nova-premier-v1:0\n      aws_region_name: us-east-1\n"
    )
    doc = json.loads(_check(".").output)
    found = {f["line"]: f for f in doc["findings"] if f["path"] == "proxy_config.yaml"}
    assert sorted(found) == [4, 9], doc["findings"]
    assert [(r["line"], r["label"]) for r in found[4]["related"]] == [
        (5, "aws_region_name 'us-east-1' of the same entry")
    ]
    assert "beside the Claude model" in found[9]["message"] and not found[9].get("related")
    assert all("config-entry-model-line" not in (f.get("properties") or {}) for f in doc["findings"])
