"""The residency table and classification (claude_lint/residency.py, part 1), the value
origins it relies on (analysis/), and a few end-to-end properties of the rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claude_lint import residency as R
from claude_lint.config import Policy

EU, US, ANY = Policy(residency="eu"), Policy(residency="us"), Policy()


# --------------------------------------------------------------------------- tables


def test_eu_tables_hold_member_states_only():
    eu_aws = {r for r, (area, _) in R.AWS_REGIONS.items() if area == R.EU}
    assert eu_aws == {
        "eu-central-1",
        "eu-west-1",
        "eu-west-3",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eusc-de-east-1",
    }
    # London and Zurich are eu-* / europe-* but not EU
    for value, area in (("eu-west-2", R.UK), ("eu-central-2", R.CH), ("europe-west2", R.UK), ("europe-west6", R.CH)):
        assert R.classify(value).area == area
        assert "not EU" in R.classify(value).label
    eu_vertex = {loc for loc, (area, _) in R.VERTEX_LOCATIONS.items() if area == R.EU}
    assert "eu" in eu_vertex and all(loc == "eu" or loc.startswith("europe-") for loc in eu_vertex)


def test_profiles_cover_every_documented_prefix():
    assert set(R.BEDROCK_PROFILES) == {"eu", "us", "us-gov", "apac", "jp", "au", "ca", "in", "global"}
    assert R.BEDROCK_PROFILES["eu"][0] == R.EU
    assert "London" in R.BEDROCK_PROFILES["eu"][1] and "Zurich" in R.BEDROCK_PROFILES["eu"][1]
    assert R.BEDROCK_PROFILES["us-gov"][0] == R.US
    assert R.BEDROCK_PROFILES["global"][0] == R.GLOBAL


def test_library_defaults_are_classified_and_documented():
    inputs = [*R.CLIENT_REGIONS.values(), *R.WRAPPER_REGIONS.values()]
    for ri in inputs:
        assert ri.platform in (R.BEDROCK, R.VERTEX, R.GOOGLE_CLOUD, R.AWS)
        assert all(re.fullmatch(r"[A-Z][A-Z0-9_]+", e) for e in ri.env)
        if ri.default is not None:
            assert R.classify(ri.default) is not None, ri
    defaults = {
        "AnthropicGoogleCloud": "global",
        "AnthropicBedrock": "us-east-1",
    }
    for name, value in defaults.items():
        assert R.CLIENT_REGIONS[name].default == value
    assert R.WRAPPER_REGIONS[("litellm", R.BEDROCK)].default == "us-west-2"
    assert R.WRAPPER_REGIONS[("litellm", R.VERTEX)].default == "us-central1"
    assert R.WRAPPER_REGIONS[("instructor", R.BEDROCK)].default == "us-east-1"
    assert R.WRAPPER_REGIONS[("langchain_google_vertexai", "ChatAnthropicVertex")].default == "us-central1"
    # AnthropicBedrock's third positional argument is its region
    assert 2 in R.CLIENT_REGIONS["AnthropicBedrock"].args
    assert R.client_region_input("AsyncAnthropicVertex") is R.CLIENT_REGIONS["AnthropicVertex"]


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    "value, area",
    [
        ("eu-central-1", R.EU),
        ("EU-WEST-1", R.EU),
        (" europe-west4 ", R.EU),
        ("eu", R.EU),
        ("us-east-1", R.US),
        ("us-gov-west-1", R.US),
        ("us-east5", R.US),
        ("us", R.US),
        ("global", R.GLOBAL),
        ("ap-northeast-1", R.OTHER),
        ("asia-southeast1", R.OTHER),
        # shapes the table does not list: the prefix decides, European ones stay unjudged ("")
        ("us-west-9", R.US),
        ("ap-south-7", R.OTHER),
        ("europe-west99", ""),
        ("eu-central-7", ""),
    ],
)
def test_classify(value, area):
    assert R.classify(value).area == area


@pytest.mark.parametrize(
    "value", ["", "region", "REGION", "${CLOUD_ML_REGION}", "inference_geo", "my-region", "US East"]
)
def test_non_regions_are_not_classified_and_not_judged(value):
    assert R.classify(value) is None
    assert R.region_allowed(value, "eu") and R.region_allowed(value, "us")


@pytest.mark.parametrize(
    "value, profile, arn_region",
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", None, None),
        ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu", None),
        ("US.anthropic.claude-3-5-haiku-20241022-v1:0", "us", None),
        ("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0", "us-gov", None),
        ("bedrock/converse/global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global", None),
        ("bedrock:apac.anthropic.claude-3-haiku-20240307-v1:0", "apac", None),
        (
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0",
            "eu",
            "eu-west-1",
        ),
        ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1", None, "us-east-1"),
    ],
)
def test_bedrock_model(value, profile, arn_region):
    m = R.bedrock_model(value)
    assert m is not None and m.profile == profile and m.arn_region == arn_region


@pytest.mark.parametrize(
    "value",
    [
        "us.amazon.nova-pro-v1:0",
        "amazon.titan-text-express-v1",
        "meta.llama3-8b-instruct-v1:0",
        "claude-sonnet-4-5",
        "claude-sonnet-4-5@20250929",
        "gemini-1.5-pro",
        "xx.anthropic.claude-3",
    ],
)
def test_not_a_bedrock_claude_model(value):
    assert R.bedrock_model(value) is None


# --------------------------------------------------------------------------- the policy


@pytest.mark.parametrize(
    "value, eu, us",
    [
        ("europe-west4", True, False),
        ("europe-west2", False, False),
        ("europe-west6", False, False),
        ("eu-central-1", True, False),
        ("eu-west-2", False, False),
        ("eu-central-2", False, False),
        ("us-east5", False, True),
        ("us-east-1", False, True),
        ("global", False, False),
        ("eu", True, False),
        # model ids: the profile decides; single-region ids follow the client's region
        ("anthropic.claude-3-haiku-20240307-v1:0", True, True),
        ("eu.anthropic.claude-3-haiku-20240307-v1:0", True, False),
        ("us.anthropic.claude-3-haiku-20240307-v1:0", False, True),
        ("global.anthropic.claude-3-haiku-20240307-v1:0", False, False),
        ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1", False, True),
    ],
)
def test_region_allowed(value, eu, us):
    assert R.region_allowed(value, EU) is eu
    assert R.region_allowed(value, "us") is us
    assert R.region_allowed(value, ANY) is True
    assert R.region_allowed(value, {"residency": "eu"}) is eu


def test_allowed_regions_replace_the_table_profiles_included():
    pol = Policy(residency="eu", allowed_regions=("eu-central-1", "Europe-West4"))
    assert R.region_allowed("eu-central-1", pol)
    assert R.region_allowed("europe-west4", pol)
    assert not R.region_allowed("eu-west-3", pol)  # EU, but not listed
    assert not R.region_allowed("eu.anthropic.claude-3-haiku-20240307-v1:0", pol)  # profile not listed
    assert R.region_allowed("anthropic.claude-3-haiku-20240307-v1:0", pol)
    with_profile = {"residency": "eu", "allowed-regions": ["eu-central-1", "eu."]}
    assert R.region_allowed("eu.anthropic.claude-3-haiku-20240307-v1:0", with_profile)
    # raw strings a semgrep companion captured
    assert not R.region_allowed("us-east5", {"residency": "eu", "allowed-regions": ["europe-west4"]})
    assert R.region_allowed("us-east5", {"residency": "any", "allowed-regions": ["europe-west4"]})


def test_geo_allowed():
    assert R.geo_allowed("us", US) is True
    assert R.geo_allowed("global", US) is False
    assert R.geo_allowed("us", EU) is False and R.geo_allowed("global", EU) is False
    assert R.geo_allowed("global", ANY) is True
    # a value the API does not define (a mocked test's placeholder) is not judged
    assert R.geo_allowed("inference_geo", US) is None
    # allowed-regions lists regions, not geographies
    assert R.geo_allowed("us", Policy(residency="us", allowed_regions=("us-east-1",))) is True


def test_what_satisfies_the_policy():
    text = R.satisfying(EU, R.VERTEX, "region")
    assert "region='eu'" in text and "europe-west4" in text and "europe-west2" in text and "not EU" in text
    assert "eu-central-1" in R.satisfying(EU, R.BEDROCK) and "eu." in R.satisfying(EU, R.BEDROCK)
    assert "Vertex" in R.satisfying(EU, R.FIRST_PARTY) and "Bedrock" in R.satisfying(EU, R.FIRST_PARTY)
    assert R.satisfying(US, R.FIRST_PARTY) == "pass inference_geo='us'"
    assert "us-east-1" in R.satisfying(US, R.BEDROCK, "aws_region")
    listed = Policy(residency="eu", allowed_regions=("eu-central-1", "europe-west4"))
    assert "aws_region='eu-central-1'" in R.satisfying(listed, R.BEDROCK, "aws_region")
    assert "region='europe-west4'" in R.satisfying(listed, R.VERTEX, "region")
    assert "eu." in R.satisfying_model(EU) and "us." in R.satisfying_model(US)


@pytest.mark.parametrize(
    "url, platform, region, claude",
    [
        (
            "https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/c:rawPredict",
            R.VERTEX,
            "us-east5",
            True,
        ),
        (
            "https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations/eu/publishers/anthropic/models/c:rawPredict",
            R.VERTEX,
            "eu",
            True,
        ),
        (
            "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/anthropic/models/c:rawPredict",
            R.VERTEX,
            "global",
            True,
        ),
        (
            "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/google/models/gemini:x",
            R.VERTEX,
            "europe-west4",
            False,
        ),
        (
            "https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1:0/invoke",
            R.BEDROCK,
            "eu-west-1",
            True,
        ),
        ("https://bedrock-mantle.us-east-1.api.aws/anthropic", R.BEDROCK, "us-east-1", True),
        ("https://aws-external-anthropic.eu-central-1.api.aws", R.AWS, "eu-central-1", True),
    ],
)
def test_url_region(url, platform, region, claude):
    ur = R.url_region(url)
    assert (ur.platform, ur.region, ur.claude) == (platform, region, claude)
    assert url[ur.start : ur.end].lower() == region


def test_url_region_ignores_other_urls():
    for url in (
        "https://s3.us-east-1.amazonaws.com/b/k",
        "https://api.anthropic.com/v1/messages",
        "https://example.com",
    ):
        assert R.url_region(url) is None


@pytest.mark.parametrize(
    "model, library, route",
    [
        ("anthropic/claude-sonnet-4-5", "litellm", R.FIRST_PARTY),
        ("claude-3-5-haiku-20241022", "litellm", R.FIRST_PARTY),
        ("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "litellm", R.BEDROCK),
        ("eu.anthropic.claude-3-haiku-20240307-v1:0", "litellm", R.BEDROCK),
        ("vertex_ai/claude-3-5-haiku@20241022", "litellm", R.VERTEX),
        ("bedrock_mantle/us-east-1/anthropic.claude-opus-4-6-v1", "litellm", "bedrock_mantle"),
        ("openrouter/anthropic/claude-3.5-sonnet", "litellm", None),
        ("vertex_ai/gemini-1.5-pro", "litellm", None),
        ("anthropic/claude-sonnet-4-5", "instructor", R.FIRST_PARTY),
        ("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "instructor", R.BEDROCK),
        ("anthropic:claude-sonnet-4-5", "pydantic_ai", R.FIRST_PARTY),
        ("bedrock:us.anthropic.claude-3-haiku-20240307-v1:0", "pydantic_ai", R.BEDROCK),
        ("openai:gpt-4o", "pydantic_ai", None),
    ],
)
def test_model_route(model, library, route):
    assert R.model_route(model, library) == route


# --------------------------------------------------------------------------- value origins (flow.py)


def _facts(src: str):
    from claude_lint.analysis import Facts, Resolver

    tree = ast.parse(src)
    return tree, Facts(tree, Resolver(tree))


def _arg(tree, func_name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == func_name:
            return node.args[0]
    raise AssertionError(func_name)


@pytest.mark.parametrize(
    "src, value, source, name",
    [
        ("use('x')", "x", "literal", ""),
        ("R = 'x'\nuse(R)", "x", "constant", "R"),
        ("def f():\n    r = 'x'\n    use(r)", "x", "variable", "r"),
        ("A = 'eu'\nuse(f'{A}rope-west4')", "europe-west4", "expression", ""),
        (
            "import os\nuse(os.getenv('CLOUD_ML_REGION', 'us-east5'))",
            "us-east5",
            "environment default",
            "CLOUD_ML_REGION",
        ),
        (
            "import os\nuse(os.environ.get('AWS_REGION') or 'us-east-1')",
            "us-east-1",
            "environment default",
            "AWS_REGION",
        ),
        ("import os\nR = os.getenv('X', 'd')\nuse(R)", "d", "environment default", "X"),
        ("import os\nuse(os.environ['CLOUD_ML_REGION'])", None, "environment", "CLOUD_ML_REGION"),
        (
            "import os\nos.environ['CLOUD_ML_REGION'] = 'us-east5'\nuse(os.getenv('CLOUD_ML_REGION', 'eu'))",
            "us-east5",
            "environment set in code",
            "CLOUD_ML_REGION",
        ),
        ("class C:\n    R = 'x'\nuse(C.R)", "x", "constant", "C.R"),
        ("class C:\n    R = 'x'\n    def f(self):\n        self.R = 'y'\nuse(C.R)", None, "unknown", ""),
        ("import os\nuse(os.getenv('CLOUD_ML_REGION', ''))", None, "environment", "CLOUD_ML_REGION"),
        ("def f(region):\n    use(region)", None, "unknown", ""),
        # the reassignment ends the first value (reaching bindings)
        ("r = 'a'\nr = 'b'\nuse(r)", "b", "constant", "r"),
        # assigned in branches: several values, listed in ``alternatives`` (issue 13, pattern 4)
        ("import x\nif x.y:\n    r = 'a'\nelse:\n    r = 'b'\nuse(r)", None, "several values", "r"),
    ],
)
def test_value_origin(src, value, source, name):
    tree, facts = _facts(src)
    o = facts.value_origin(_arg(tree, "use"))
    assert (o.value, o.source, o.name) == (value, source, name)
    assert o.describe()


def test_mapping_get():
    tree, facts = _facts(
        "BASE = {'model': 'm'}\n"
        "GEO = {'inference_geo': 'us', **BASE}\n"
        "use(GEO)\nuse2(BASE)\nuse3(dict(inference_geo='us'))\n"
        "def f(kw):\n    use4({**kw})\n"
    )
    assert facts.mapping_get(_arg(tree, "use"), "inference_geo")[0] == "found"
    assert facts.mapping_get(_arg(tree, "use2"), "inference_geo") == ("absent", None)
    assert facts.mapping_get(_arg(tree, "use3"), "inference_geo")[0] == "found"
    assert facts.mapping_get(_arg(tree, "use4"), "inference_geo") == ("unknown", None)


def test_producer_follows_names_self_and_factories():
    tree, facts = _facts(
        "import boto3\n"
        "def make():\n    return boto3.client('bedrock-runtime')\n"
        "class K:\n    def __init__(self):\n        self.c = make()\n    def go(self):\n        use(self.c)\n"
    )
    is_client = lambda c: isinstance(c.func, ast.Attribute) and c.func.attr == "client"  # noqa: E731
    found = facts.producer(_arg(tree, "use"), is_client)
    assert found is not None and found.args[0].value == "bedrock-runtime"


# --------------------------------------------------------------------------- end to end

RESIDENCY_RULES = {
    "eu-residency-unavailable",
    "inference-geo-missing",
    "inference-geo-outside-policy",
    "region-outside-policy",
    "region-left-to-default",
}
SAMPLE = """
import os
import anthropic
from anthropic import AnthropicVertex, AnthropicBedrock
client = anthropic.Anthropic()
client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[], inference_geo="global")
v = AnthropicVertex(region=os.getenv("CLOUD_ML_REGION", "us-east5"), project_id="p")
b = AnthropicBedrock(aws_region="europe-west4")
"""


def _scan(tmp: Path, policy: str):
    from claude_lint.runner import RunOptions, run

    (tmp / "app.py").write_text(SAMPLE)
    (tmp / "claude-lint.yaml").write_text(policy)
    return [f for f in run(RunOptions(paths=[tmp])).active_findings if f.rule_id in RESIDENCY_RULES]


def test_residency_any_is_silent(tmp_path):
    assert _scan(tmp_path, "policy: {residency: any}\n") == []


def test_eu_reports_first_party_clients_once_and_nothing_else_for_them(tmp_path):
    found = _scan(tmp_path, "policy: {residency: eu}\n")
    by_rule = {}
    for f in found:
        by_rule.setdefault(f.rule_id, []).append(f)
    assert len(by_rule["eu-residency-unavailable"]) == 1
    assert "inference-geo-outside-policy" not in by_rule and "inference-geo-missing" not in by_rule
    assert len(by_rule["region-left-to-default"]) == 1
    # a malformed region (a Vertex location given to Bedrock) is still classified by its own shape
    assert not by_rule.get("region-outside-policy")


def test_every_message_names_client_value_source_and_fix(tmp_path):
    found = _scan(tmp_path, "policy: {residency: us}\n")
    rules = {f.rule_id: f.message for f in found}
    assert set(rules) == {"inference-geo-outside-policy", "region-outside-policy"}
    assert "Anthropic" in rules["inference-geo-outside-policy"] and "'global'" in rules["inference-geo-outside-policy"]
    assert (
        "literal" in rules["inference-geo-outside-policy"]
        and "inference_geo='us'" in rules["inference-geo-outside-policy"]
    )
    assert "AnthropicBedrock aws_region is the literal 'europe-west4'" in rules["region-outside-policy"]
    assert "us-east-1" in rules["region-outside-policy"]
