"""``claude-lint inventory``: every place the code reaches Claude, with provider, model,
region (and where each came from), tools, health data and request kinds.

The done-means of issue 7: the inventory of the bundled ``fixtures/`` folder lists every client
in them with provider and region — checked here for a representative set of fixture lines
spanning every provider and wrapper library — and the per-repository summary lists the
providers and regions.  Also: the JSON schema is stable (validated against
``docs/inventory.schema.json`` and pinned key by key), notebooks map back to ``.ipynb``
lines, no secret ever appears, hostile input is skipped with notices, output is
deterministic (serial, parallel and cached runs agree).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from harness import FIXTURES, ROOT, make_key
from test_hostile import hostile  # noqa: F401  (the hostile tree, with an unreadable file)

from claude_lint.cli import main
from claude_lint.runner import RunOptions

SCHEMA = ROOT / "docs" / "inventory.schema.json"


def inventory(*args: str, **kw):
    return CliRunner().invoke(main, ["inventory", *args], **kw)


@pytest.fixture(scope="module")
def fixtures_doc() -> dict:
    """The JSON inventory of the repository's own fixtures/ (template tokens left as they are)."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = inventory("fixtures", "--no-cache", "--format", "json")
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def line_of(rel: str, snippet: str) -> int:
    """The (file) line of ``snippet`` in a fixture: robust to edits above it."""
    lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    found = [i for i, text in enumerate(lines, 1) if text.lstrip().startswith(snippet)]
    if len(found) != 1:
        found = [i for i, text in enumerate(lines, 1) if snippet in text]
    assert len(found) == 1, (rel, snippet, found)
    return found[0]


def entry_at(doc: dict, rel: str, snippet: str) -> dict:
    line = line_of(rel, snippet)
    found = [e for e in doc["entries"] if e["path"] == rel and e["line"] == line]
    assert len(found) == 1, (
        rel,
        line,
        [(e["path"], e["line"], e["client"]) for e in doc["entries"] if e["path"] == rel],
    )
    return found[0]


def regions(e: dict) -> list[tuple]:
    return [(r["setting"], r["value"], r["source"], r["name"], r["default"], r["line"]) for r in e["regions"]]


EU = "fixtures/eu-residency-unavailable"
ROP = "fixtures/region-outside-policy"
RLD = "fixtures/region-left-to-default"

#: (file, a snippet of the constructor/call line, client, provider, via, regions (setting, value, source, name,
#: default, line — None for the line of the snippet itself, "none" for no line, a 1-tuple for the line of
#: another snippet))
REPRESENTATIVE = [
    # first-party: one request without inference_geo (workspace default), one with "global" on line 17
    (
        f"{EU}/clients.py",
        "client = anthropic.Anthropic()",
        "Anthropic",
        "first-party",
        None,
        [
            ("inference_geo", None, "workspace default", "", None, "none"),
            ("inference_geo", "global", "literal", "", None, ('inference_geo="global"',)),
        ],
    ),
    # Bedrock through the SDK
    (
        f"{ROP}/eu/sdk_clients.py",
        'us_bedrock = AnthropicBedrock(aws_region="us-east-1")',
        "AnthropicBedrock",
        "bedrock",
        None,
        [("aws_region", "us-east-1", "literal", "", None, None)],
    ),
    # Bedrock through boto3, the region on a boto3.Session
    (
        f"{ROP}/eu/wrappers.py",
        'runtime = boto3.client("bedrock-runtime", region_name="us-east-1")',
        "boto3 bedrock-runtime",
        "bedrock",
        None,
        [("region_name", "us-east-1", "literal", "", None, None)],
    ),
    (
        f"{ROP}/eu/wrappers.py",
        'session_runtime = session.client("bedrock-runtime")',
        "boto3 bedrock-runtime",
        "bedrock",
        None,
        [("region_name", "us-west-2", "literal", "", None, ('session = boto3.Session(region_name="us-west-2")',))],
    ),
    # Vertex: a literal, and the environment with no default
    (
        f"{EU}/clients.py",
        'vertex = AnthropicVertex(region="europe-west4", project_id="acme")',
        "AnthropicVertex",
        "vertex",
        None,
        [("region", "europe-west4", "literal", "", None, None)],
    ),
    (
        f"{RLD}/us/clients.py",
        "AnthropicVertex(project_id=",
        "AnthropicVertex",
        "vertex",
        None,
        [("region", None, "environment", "CLOUD_ML_REGION", None, "none")],
    ),
    # Vertex through a module constant holding os.getenv(..., default)
    (
        f"{RLD}/eu/clients.py",
        "via_constant = AnthropicVertex(region=REGION",
        "AnthropicVertex",
        "vertex",
        None,
        [
            (
                "region",
                "us-east5",
                "environment default",
                "CLOUD_ML_REGION",
                None,
                ('REGION = os.getenv("CLOUD_ML_REGION", "us-east5")',),
            )
        ],
    ),
    # Google Cloud: ANTHROPIC_GOOGLE_CLOUD_LOCATION, else the SDK's "global"
    (
        f"{RLD}/us/clients.py",
        "google = AnthropicGoogleCloud(project=",
        "AnthropicGoogleCloud",
        "google-cloud",
        None,
        [("location", None, "environment", "ANTHROPIC_GOOGLE_CLOUD_LOCATION", "global", "none")],
    ),
    # Foundry: the Azure resource's region is not in the code
    (
        f"{EU}/clients.py",
        'foundry = AnthropicFoundry(resource="acme-claude")',
        "AnthropicFoundry",
        "foundry",
        None,
        [("resource", None, "not in code", "", None, "none")],
    ),
    # AnthropicAWS: the first-party API on AWS
    (
        f"{EU}/clients.py",
        'aws = AnthropicAWS(aws_region="eu-central-1"',
        "AnthropicAWS",
        "aws",
        None,
        [("aws_region", "eu-central-1", "literal", "", None, None)],
    ),
    # langchain: Bedrock, Vertex, and Vertex whose location comes from vertexai.init(...)
    (
        f"{ROP}/eu/wrappers.py",
        'chat = ChatAnthropicBedrock(model=SONNET, region_name="us-west-2")',
        "ChatAnthropicBedrock",
        "bedrock",
        "langchain",
        [("region_name", "us-west-2", "literal", "", None, None)],
    ),
    (
        f"{ROP}/eu/wrappers.py",
        "vertex_chat = ChatAnthropicVertex(",
        "ChatAnthropicVertex",
        "vertex",
        "langchain",
        [("location", "europe-west2", "literal", "", None, None)],
    ),
    (
        f"{RLD}/eu/vertexai_init.py",
        "ChatAnthropicVertex(",
        "ChatAnthropicVertex",
        "vertex",
        "langchain",
        [("location", "europe-west4", "literal", "", None, ("vertexai.init(project=",))],
    ),
    # a boto3 client handed to langchain-aws: its region belongs to the wrapper
    (
        f"{ROP}/eu/wrappers.py",
        "via_client = ChatBedrock(client=handed",
        "ChatBedrock",
        "bedrock",
        "langchain",
        [
            (
                "region_name",
                "us-east-2",
                "literal",
                "",
                None,
                ('handed = boto3.client("bedrock-runtime", region_name="us-east-2")',),
            )
        ],
    ),
    # litellm: a literal, and litellm's own default
    (
        f"{ROP}/eu/wrappers.py",
        'messages=messages, aws_region_name="us-east-1")',
        "litellm.completion",
        "bedrock",
        "litellm",
        [("aws_region_name", "us-east-1", "literal", "", None, None)],
    ),
    (
        f"{RLD}/us/clients.py",
        'litellm.completion(model="bedrock/"',
        "litellm.completion",
        "bedrock",
        "litellm",
        [("aws_region_name", None, "environment", "AWS_REGION_NAME / AWS_REGION", "us-west-2", "none")],
    ),
    # llama-index: aws_region= switches it to Bedrock
    (
        f"{ROP}/eu/wrappers.py",
        'llama_bedrock = LlamaAnthropic(model=SONNET, aws_region="us-east-1")',
        "llama-index Anthropic",
        "bedrock",
        "llama-index",
        [("aws_region", "us-east-1", "literal", "", None, None)],
    ),
    # pydantic-ai: the profile of the model id decides; the client region is boto3's
    (
        f"{ROP}/eu/wrappers.py",
        'agent = Agent("bedrock:us.',
        "pydantic-ai Agent",
        "bedrock",
        "pydantic-ai",
        [
            ("profile", "us.", "literal", "", None, None),
            ("region_name", None, "environment", "AWS_REGION / AWS_DEFAULT_REGION", None, "none"),
        ],
    ),
    # pydantic-ai around an SDK client: the SDK client is the place
    (
        f"{EU}/wrappers.py",
        "vertex_provider = AnthropicProvider(anthropic_client=AsyncAnthropicVertex(",
        "AsyncAnthropicVertex",
        "vertex",
        "pydantic-ai",
        [("region", "europe-west4", "literal", "", None, None)],
    ),
    # instructor and dspy
    (
        f"{ROP}/eu/wrappers.py",
        'structured = instructor.from_provider("bedrock/" + SONNET, region="us-east-1")',
        "instructor.from_provider",
        "bedrock",
        "instructor",
        [("region", "us-east-1", "literal", "", None, None)],
    ),
    (
        f"{ROP}/eu/wrappers.py",
        'lm = dspy.LM("bedrock/" + SONNET, aws_region_name="us-west-2")',
        "dspy.LM",
        "bedrock",
        "dspy",
        [("aws_region_name", "us-west-2", "literal", "", None, None)],
    ),
    # raw HTTP: to api.anthropic.com, and a raw Vertex URL
    (
        "fixtures/phi-without-zdr/raw_and_boto3.py",
        "return requests.post(API_URL",
        "raw HTTP (requests.post)",
        "first-party",
        None,
        [("inference_geo", None, "workspace default", "", None, "none")],
    ),
    (
        f"{ROP}/us/wrappers.py",
        "aiplatform.googleapis.com",
        "raw Vertex AI URL",
        "vertex",
        None,
        [("region", "europe-west1", "literal", "", None, None)],
    ),
]


@pytest.mark.parametrize(
    "rel, snippet, client, provider, via, expected",
    REPRESENTATIVE,
    ids=[f"{r[2]}@{Path(r[0]).name}" for r in REPRESENTATIVE],
)
def test_fixture_places_have_exact_provider_and_region(fixtures_doc, rel, snippet, client, provider, via, expected):
    e = entry_at(fixtures_doc, rel, snippet)
    assert (e["client"], e["provider"], e["via"]) == (client, provider, via)
    own = line_of(rel, snippet)
    want = []
    for setting, value, source, name, default, line in expected:
        if line is None:
            line = own
        elif line == "none":
            line = None
        elif isinstance(line, tuple):
            line = line_of(rel, line[0])
        want.append((setting, value, source, name, default, line))
    assert regions(e) == want


def test_every_client_of_the_fixtures_is_listed_with_provider_and_region(fixtures_doc):
    """Each constructor of an anthropic client class in fixtures/ is an entry, and no entry
    lacks a provider or a region fact."""
    import ast

    from claude_lint.surface import CLIENT_CLASSES

    expected = set()
    for path in sorted(FIXTURES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name in CLIENT_CLASSES and name not in ("Client", "AsyncClient"):
                    src = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
                    if "LlamaAnthropic" in src or "lookalike" in rel or "StrandsModel" in src:
                        continue
                    expected.add((rel, node.lineno))
    listed = {(e["path"], e["line"]) for e in fixtures_doc["entries"]}
    missing = sorted(expected - listed)
    # names that are not the anthropic package's (a class of the same name defined or imported elsewhere)
    missing = [
        m
        for m in missing
        if "from anthropic" in (ROOT / m[0]).read_text() or "import anthropic" in (ROOT / m[0]).read_text()
    ]
    assert not missing, missing
    for e in fixtures_doc["entries"]:
        assert e["provider"] in (
            "first-party",
            "bedrock",
            "vertex",
            "google-cloud",
            "aws",
            "foundry",
            "third-party",
            "unknown",
        ), e
        assert e["regions"], (e["path"], e["line"], e["client"])
    assert len(fixtures_doc["entries"]) >= 300


def test_repository_summary_lists_providers_and_regions(fixtures_doc):
    (repo,) = fixtures_doc["repositories"]
    assert repo["path"] == "."
    assert {"first-party", "bedrock", "vertex", "google-cloud", "aws", "foundry"} <= set(repo["providers"])
    assert sum(repo["providers"].values()) == repo["entries"] == len(fixtures_doc["entries"])
    pairs = {(r["provider"], r["region"]) for r in repo["regions"]}
    for pair in [
        ("vertex", "europe-west4"),
        ("vertex", "us-east5"),
        ("bedrock", "us-east-1"),
        ("bedrock", "eu. profile"),
        ("bedrock", "env AWS_REGION_NAME / AWS_REGION (else us-west-2)"),
        ("first-party", "workspace default"),
        ("first-party", "inference_geo us"),
        ("google-cloud", "env ANTHROPIC_GOOGLE_CLOUD_LOCATION (else global)"),
        ("aws", "eu-central-1"),
        ("vertex", "env CLOUD_ML_REGION"),
    ]:
        assert pair in pairs, pair
    assert repo["models"]["claude-sonnet-4-5"] >= 10
    assert repo["health_data"]["yes"] >= 10 and repo["health_data"]["declared"] >= 1
    assert {"web_search", "web_fetch", "mcp", "advisor", "code_execution"} <= set(repo["tools"])
    assert {"messages", "streaming", "batch", "files", "count_tokens", "managed-agents", "agent-sdk"} <= set(
        repo["request_kinds"]
    )
    assert fixtures_doc["summary"]["entries"] == len(fixtures_doc["entries"])
    assert fixtures_doc["summary"]["requests"] == sum(len(e["requests"]) for e in fixtures_doc["entries"])


def test_request_kinds_models_tools_and_health(fixtures_doc):
    e = entry_at(fixtures_doc, "fixtures/phi-without-zdr/sdk_surfaces.py", "client = anthropic.Anthropic(api_key=")
    assert e["request_kinds"] == ["messages", "streaming", "batch", "files", "count_tokens", "managed-agents"]
    assert e["health_data"] == "yes"
    kinds = {r["method"]: r["kind"] for r in e["requests"]}
    assert kinds["beta.messages.stream"] == "streaming" and kinds["messages.batches.create"] == "batch"
    assert kinds["files.upload"] == "files" and kinds["beta.sessions.events.send"] == "managed-agents"
    assert kinds["messages.count_tokens"] == "count_tokens"
    src = next(r for r in e["requests"] if r["health_data"] == "yes")["health_data_source"]
    assert src["text"] and src["line"]

    tools = entry_at(fixtures_doc, "fixtures/phi-to-web-tools/server_tools.py", "client = anthropic.Anthropic()")
    assert {"web_search", "web_fetch", "mcp", "advisor", "code_execution"} <= set(tools["tools"])
    declared = entry_at(fixtures_doc, "fixtures/phi-without-zdr/declared/service.py", "anthropic.Anthropic(")
    assert declared["health_data"] == "declared"
    off = entry_at(fixtures_doc, "fixtures/phi-without-zdr/off/research.py", "anthropic.Anthropic(")
    assert off["health_data"] == "no"  # handles-phi: false

    constant = entry_at(fixtures_doc, "fixtures/phi-to-web-tools/server_tools.py", "client = anthropic.Anthropic()")
    model = constant["models"][0]
    assert (model["value"], model["source"], model["name"]) == ("claude-sonnet-4-5", "constant", "MODEL")
    env_model = entry_at(fixtures_doc, f"{RLD}/eu/clients.py", 'AnthropicBedrock(aws_region="eu-central-1")')
    assert any(m["source"] == "environment default" and m["name"] == "BEDROCK_MODEL_ID" for m in env_model["models"])
    # a Bedrock profile routes whatever the client region: both are listed
    assert ("profile", "us.") in {(r["setting"], r["value"]) for r in env_model["regions"]}
    # a client-less litellm call with a third-party model string
    third = [e for e in fixtures_doc["entries"] if e["provider"] == "third-party"]
    assert third and third[0]["models"][0]["value"].startswith("openrouter/")


def test_notebook_lines_map_to_the_ipynb(fixtures_doc):
    rel = f"{ROP}/eu/summarise.ipynb"
    text = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    entries = [e for e in fixtures_doc["entries"] if e["path"] == rel]
    assert entries
    for e in entries:
        assert "AnthropicVertex(" in text[e["line"] - 1], (e["line"], text[e["line"] - 1])
        assert e["cell"] is not None and text[e["line"] - 1].lstrip().startswith('"')
        for r in e["regions"]:
            if r["line"]:
                assert r["value"] in text[r["line"] - 1]
    phi = [e for e in fixtures_doc["entries"] if e["path"] == "fixtures/phi-without-zdr/intake_notebook.ipynb"]
    nb = (ROOT / "fixtures/phi-without-zdr/intake_notebook.ipynb").read_text(encoding="utf-8").splitlines()
    for req in phi[0]["requests"]:
        assert "messages.create" in nb[req["line"] - 1] and req["cell"] >= 1


def test_json_schema_is_stable(fixtures_doc):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(fixtures_doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    # pinned: changing a key is a schema change (bump SCHEMA_VERSION and docs/inventory.schema.json)
    assert (fixtures_doc["schema"], fixtures_doc["version"]) == ("claude-lint/inventory", 1)
    assert list(fixtures_doc) == ["schema", "version", "tool", "summary", "repositories", "entries", "notices"]
    e = fixtures_doc["entries"][0]
    assert list(e) == [
        "path",
        "line",
        "column",
        "cell",
        "repository",
        "client",
        "library",
        "provider",
        "via",
        "models",
        "regions",
        "tools",
        "health_data",
        "request_kinds",
        "requests",
        "endpoint",
        "note",
    ]
    assert list(e["regions"][0]) == ["setting", "value", "source", "name", "default", "line", "note", "text"]
    req = next(r for e in fixtures_doc["entries"] for r in e["requests"])
    assert list(req) == [
        "line",
        "column",
        "cell",
        "method",
        "kind",
        "model",
        "inference_geo",
        "tools",
        "health_data",
        "health_data_source",
    ]
    assert list(fixtures_doc["repositories"][0]) == [
        "path",
        "files",
        "entries",
        "requests",
        "providers",
        "regions",
        "models",
        "tools",
        "health_data",
        "request_kinds",
    ]
    # every documented top-level entry field is required by the schema
    assert set(schema["definitions"]["entry"]["required"]) == set(e)


def test_output_is_sorted_and_deterministic(fixtures_doc, in_tmp, monkeypatch):
    keys = [(e["path"], e["line"], e["column"], e["client"]) for e in fixtures_doc["entries"]]
    assert keys == sorted(keys)
    monkeypatch.chdir(ROOT)
    again = json.loads(inventory("fixtures", "--no-cache", "--format", "json").stdout)
    assert again == fixtures_doc
    parallel = json.loads(inventory("fixtures", "--no-cache", "--format", "json", "--jobs", "2").stdout)
    assert parallel == fixtures_doc


def test_parallel_workers_match_serial(fixtures_doc, monkeypatch):
    """Force the worker pool (the size thresholds keep small runs serial)."""
    from claude_lint import inventory as inv
    from claude_lint.report.inventory import document
    from claude_lint.runner import Runner

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(Runner, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(Runner, "PARALLEL_MIN_BYTES", 1)
    doc = document(inv.run(RunOptions(paths=[Path("fixtures")], jobs=2)))
    assert doc == fixtures_doc


def test_cache_gives_the_same_inventory(fixtures_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    cache = tmp_path / "cache"
    first = inventory("fixtures", "--format", "json", "--cache-dir", str(cache))
    assert any(cache.rglob("*.json"))
    second = inventory("fixtures", "--format", "json", "--cache-dir", str(cache))
    assert json.loads(first.stdout) == json.loads(second.stdout) == fixtures_doc


def test_no_secret_in_any_format(filled_fixtures, tmp_path, monkeypatch):
    dst, generated = filled_fixtures
    key = make_key("api03")
    bedrock = make_key("absk")
    extra = tmp_path / "repo"
    extra.mkdir()
    (extra / "leaky.py").write_text(
        "import anthropic, litellm, os\n"
        f'client = anthropic.Anthropic(api_key="{key}", base_url="https://gw.example/{key}/v1")\n'
        f'client.messages.create(model="claude-{key}", max_tokens=1, messages=[])\n'
        f'litellm.completion(model="bedrock/anthropic.claude-x", messages=[], aws_region_name="{bedrock}")\n'
        f'REGION = os.getenv("CLOUD_ML_REGION", "{key}")\n'
        "v = anthropic.AnthropicVertex(region=REGION)\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "markdown"):
        for target in (str(dst), "repo"):
            result = inventory(target, "--no-cache", "--format", fmt)
            assert result.exit_code == 0, result.output
            out = result.stdout + result.stderr
            for secret in (*generated, key, bedrock):
                assert secret not in out, (fmt, target)
    doc = json.loads(inventory("repo", "--no-cache", "--format", "json").stdout)
    e = doc["entries"][0]
    assert e["endpoint"]["value"].startswith("https://gw.example/") and "sk-ant-api03-" in e["endpoint"]["value"]


def test_template_tokens_do_not_choke_it(fixtures_doc):
    """fixtures/ holds {{KEY:...}} tokens (tests/harness.py fills them in copies): the run above
    read them as they are, with no notice and no internal error."""
    assert not [n for n in fixtures_doc["notices"] if n["kind"] == "internal-error"]
    assert any("{{KEY:" in p.read_text(encoding="utf-8") for p in FIXTURES.rglob("*.py"))
    paths = {e["path"] for e in fixtures_doc["entries"]}
    assert "fixtures/hardcoded-client-credential/clients.py" in paths


def test_bad_input_is_skipped_with_notices(hostile):  # noqa: F811  (the fixture imported above)
    from test_hostile import EXPECTED_NOTICES, MAX_SIZE

    result = inventory("--no-cache", f"--max-file-size={MAX_SIZE}", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    kinds: dict[str, set[str]] = {}
    for n in doc["notices"]:
        kinds.setdefault(n["path"], set()).add(n["kind"])
    for name, kind in EXPECTED_NOTICES.items():
        assert kind in kinds.get(name, ()), (name, kinds.get(name))
    assert not any(n["kind"] == "internal-error" for n in doc["notices"])
    # the good files are still inventoried
    assert {e["path"] for e in doc["entries"]} >= {"real.py"}
    text = inventory("--no-cache", f"--max-file-size={MAX_SIZE}")
    assert "notice: syntax_error.py:2: not parsed" in text.stdout and "Traceback" not in text.output
    strict = inventory("--no-cache", f"--max-file-size={MAX_SIZE}", "--strict")
    assert strict.exit_code == 4


def test_text_and_markdown_formats(in_tmp):
    (in_tmp / "app.py").write_text(
        "import anthropic\n"
        "from anthropic import AnthropicVertex\n"
        "client = AnthropicVertex(region='europe-west4', project_id='p')\n"
        "def ask(patient_note):\n"
        "    return client.messages.create(model='claude-sonnet-4-5@20250929', max_tokens=9,\n"
        "        messages=[{'role': 'user', 'content': patient_note}])\n",
        encoding="utf-8",
    )
    text = inventory("--no-cache")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["WHERE", "CLIENT", "PROVIDER", "MODEL", "REGION", "TOOLS", "HEALTH", "DATA", "REQUESTS"]
    row = lines[1]
    for part in (
        "app.py:3",
        "AnthropicVertex",
        "vertex",
        "claude-sonnet-4-5@20250929 (literal, line 5)",
        "europe-west4 (literal, line 3)",
        "yes: `patient_note`",
        "messages",
    ):
        assert part in row, (part, row)
    assert "providers:    vertex 1" in text.stdout and "vertex:       europe-west4 (1)" in text.stdout
    assert lines[-1] == "1 place reaches Claude (1 request) in 1 file scanned."

    md = inventory("--no-cache", "--format", "markdown").stdout
    assert md.startswith("# Claude inventory\n")
    assert md.index("## Summary") < md.index("### Repository `.`") < md.index("## Places")
    assert "| Providers | vertex 1 |" in md and "| vertex | europe-west4 | 1 |" in md
    assert "| `app.py:3` | AnthropicVertex | vertex | claude-sonnet-4-5@20250929 (literal, line 5) |" in md

    out = in_tmp / "reports" / "inventory.md"
    written = inventory("--no-cache", "--format", "markdown", "--output", str(out))
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == md
    assert "inventory of 1 place written to" in written.stderr


def test_empty_and_missing_paths(in_tmp):
    (in_tmp / "plain.py").write_text("print('hello')\n", encoding="utf-8")
    result = inventory("--no-cache")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("0 places reach Claude (0 requests) in 1 file scanned.")
    missing = inventory("--no-cache", "nope", "--format", "json")
    doc = json.loads(missing.stdout)
    assert doc["entries"] == [] and doc["notices"][0]["kind"] == "unreadable"


def test_policy_errors_exit_2(in_tmp):
    (in_tmp / "claude-lint.yaml").write_text("policy:\n  residensy: eu\n", encoding="utf-8")
    (in_tmp / "app.py").write_text("import anthropic\nanthropic.Anthropic()\n", encoding="utf-8")
    result = inventory("--no-cache")
    assert result.exit_code == 2 and "residensy" in result.stderr


def test_unresolved_clients_and_parameters(in_tmp):
    (in_tmp / "svc.py").write_text(
        "import anthropic\n"
        "def ask(c, text):\n"
        "    return c.messages.create(model='claude-haiku-4-5', max_tokens=5, messages=[])\n"
        "def typed(c: anthropic.AnthropicBedrock):\n"
        "    return c.messages.create(model='anthropic.claude-3-haiku-20240307-v1:0', max_tokens=5, messages=[])\n",
        encoding="utf-8",
    )
    doc = json.loads(inventory("--no-cache", "--format", "json").stdout)
    by_line = {e["line"]: e for e in doc["entries"]}
    assert by_line[3]["client"] == "unresolved client" and by_line[3]["provider"] == "unknown"
    assert by_line[3]["regions"][0]["note"] == "decided where the client is built"
    assert by_line[4]["client"] == "AnthropicBedrock" and by_line[4]["provider"] == "bedrock"
    assert "configured where it is built" in by_line[4]["note"]


def test_summary_per_repository(in_tmp):
    import subprocess

    for name, code in (
        ("billing", "from anthropic import AnthropicBedrock\nc = AnthropicBedrock(aws_region='eu-west-1')\n"),
        ("support", "from anthropic import AnthropicVertex\nv = AnthropicVertex(region='us-east5')\n"),
        ("docs", "print('no Claude here')\n"),
    ):
        (in_tmp / name).mkdir()
        subprocess.run(["git", "init", "-q", str(in_tmp / name)], check=True)
        (in_tmp / name / "app.py").write_text(code, encoding="utf-8")
    doc = json.loads(inventory("billing", "support", "docs", "--no-cache", "--format", "json").stdout)
    repos = {r["path"]: r for r in doc["repositories"]}
    assert list(repos) == ["billing", "docs", "support"]
    assert repos["billing"]["providers"] == {"bedrock": 1}
    assert repos["billing"]["regions"] == [{"provider": "bedrock", "region": "eu-west-1", "entries": 1}]
    assert repos["support"]["regions"] == [{"provider": "vertex", "region": "us-east5", "entries": 1}]
    assert repos["docs"]["entries"] == 0 and repos["docs"]["files"] == 1
    assert {e["repository"] for e in doc["entries"]} == {"billing", "support"}
    text = inventory("billing", "support", "docs", "--no-cache").stdout
    assert "docs: no Claude usage found in 1 file" in text
    assert "billing: 1 place, 0 requests in 1 file" in text
    md = inventory("billing", "support", "docs", "--no-cache", "--format", "markdown").stdout
    assert (
        md.index("### Repository `billing`") < md.index("### Repository `docs`") < md.index("### Repository `support`")
    )


def test_inventory_names_values_held_in_attributes_and_settings(fixtures_doc):
    """Issue 13: the inventory and the residency rules read one set of facts — the region and
    model id a service keeps in ``self`` attributes, parameter defaults, class attributes and
    settings fields are named, with where they are held (the rules judge the same values)."""
    rel = f"{ROP}/eu/attributes.py"
    e = entry_at(fixtures_doc, rel, 'self.runtime = boto3.client(service_name="bedrock-runtime"')
    assert ("region_name", "us-east-1", "literal", "", None, line_of(rel, "def __init__(self, region: str")) in regions(
        e
    )
    assert any(m["value"] == "us.anthropic.claude-haiku-4-5-20251001-v1:0" for m in e["models"])
    rel = f"{RLD}/eu/attributes_env.py"
    e = entry_at(fixtures_doc, rel, 'self.client = boto3.client("bedrock-runtime", region_name=settings.aws_region)')
    assert [(r["value"], r["source"], r["name"]) for r in e["regions"]] == [
        ("us-east-1", "environment default", "AWS_REGION")
    ]
