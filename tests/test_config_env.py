"""Region variables of configuration files judged with what the repository's Python Claude
clients read (claude_lint/residency/config_env.py): a variable no Claude client reads is
silent, one it reads is reported, and the value a code finding already names from the same
variable or settings field is a related location of that finding (one finding per cause)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claude_lint.analysis import CONSTANT, ENV_DEFAULT, ValueOrigin
from claude_lint.cli import main
from claude_lint.residency.config_env import names_of

pytestmark = pytest.mark.usefixtures("require_semgrep")

EU = "policy: {residency: eu}\n"
#: a Bedrock client whose region comes from its own variable (the Catharsis shape)
OWN_VARIABLE = (
    "import os\nimport boto3\n\n"
    "client = boto3.client('bedrock-runtime', region_name=os.getenv('BEDROCK_REGION', 'eu-central-1'))\n"
    "client.converse(modelId='anthropic.claude-3-haiku-20240307-v1:0', messages=[])\n"
)
#: a Bedrock client built without region_name: boto3 reads AWS_REGION / AWS_DEFAULT_REGION
IMPLICIT = (
    "import boto3\n\n"
    "client = boto3.client('bedrock-runtime')\n"
    "client.converse(modelId='anthropic.claude-3-haiku-20240307-v1:0', messages=[])\n"
)
ENV_FILE = "BEDROCK_MODEL_ID=anthropic.claude-3-haiku-20240307-v1:0\nAWS_REGION=ap-south-1\n"


def _run(root, files: dict[str, str], *args: str) -> list[dict]:
    (root / "claude-lint.yaml").write_text(EU)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    res = CliRunner().invoke(main, ["check", ".", "--format", "json", *args], catch_exceptions=False)
    return json.loads(res.output)["findings"]


def _at(findings: list[dict]) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["rule_id"]) for f in findings)


def test_a_variable_the_claude_client_does_not_read_is_silent(in_tmp):
    assert _at(_run(in_tmp, {"app.py": OWN_VARIABLE, ".env.example": ENV_FILE})) == []


def test_a_variable_the_claude_client_reads_is_reported(in_tmp):
    found = _run(in_tmp, {"app.py": IMPLICIT, ".env.example": ENV_FILE}, "--no-cache")
    assert (".env.example", 2, "region-outside-policy") in _at(found)
    # the same from the cache: the file's facts are kept with its findings
    assert _at(_run(in_tmp, {}, "--cache-dir", str(in_tmp / ".c"))) == _at(found)
    assert _at(_run(in_tmp, {}, "--cache-dir", str(in_tmp / ".c"))) == _at(found)


def test_a_file_that_turns_on_claude_code_speaks_for_itself(in_tmp):
    """Claude Code reads AWS_REGION: no Python client needs to."""
    files = {"app.py": OWN_VARIABLE, ".env": "CLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-east-1\n"}
    assert (".env", 2, "region-outside-policy") in _at(_run(in_tmp, files))


def test_a_test_files_client_is_not_the_projects(in_tmp):
    files = {"app.py": OWN_VARIABLE, "tests/test_llm.py": "def test_x():\n" + _indent(IMPLICIT), ".env": ENV_FILE}
    assert _at(_run(in_tmp, files)) == []


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def test_the_value_a_code_default_names_is_a_related_location(in_tmp):
    app = (
        "import os\nimport boto3\n\n"
        "client = boto3.client('bedrock-runtime', region_name=os.getenv('AWS_REGION', 'us-east-1'))\n"
        "client.converse(modelId='anthropic.claude-3-haiku-20240307-v1:0', messages=[])\n"
    )
    compose = (
        "services:\n  api:\n    environment:\n      BEDROCK_MODEL_ID: anthropic.claude-3-haiku-20240307-v1:0\n"
        "      AWS_REGION: us-east-1\n"
    )
    found = _run(in_tmp, {"app.py": app, "deploy/compose.yaml": compose})
    assert _at(found) == [("app.py", 4, "region-left-to-default")]
    (code,) = found
    assert [(r["path"], r["line"], r["label"]) for r in code["related"]] == [
        ("deploy/compose.yaml", 5, "AWS_REGION set to 'us-east-1' here")
    ]
    # another value is another choice: its own finding
    (in_tmp / "deploy/compose.yaml").write_text(compose.replace("us-east-1", "ap-south-1"))
    found = _run(in_tmp, {})
    assert _at(found) == [("app.py", 4, "region-left-to-default"), ("deploy/compose.yaml", 5, "region-outside-policy")]


def test_a_settings_field_default_repeated_in_an_env_file(in_tmp):
    settings = (
        "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    AWS_REGION: str = 'ap-south-1'\n\n"
        "settings = Settings()\n"
    )
    app = (
        "import boto3\nfrom config import settings\n\n\n"
        "client = boto3.client('bedrock-runtime', region_name=settings.AWS_REGION)\n"
        "client.converse(modelId='anthropic.claude-3-haiku-20240307-v1:0', messages=[])\n"
    )
    found = _run(in_tmp, {"config.py": settings, "app.py": app, ".env.example": ENV_FILE})
    assert [(f["path"], f["line"]) for f in found] == [("app.py", 5)], found
    assert [(r["path"], r["line"]) for r in found[0]["related"]][-1] == (".env.example", 2)


def test_names_of_a_value():
    assert names_of(ValueOrigin("us-east-1", ENV_DEFAULT, "AWS_REGION", via="Settings.region")) == {
        "AWS_REGION",
        "REGION",
    }
    assert names_of(ValueOrigin("us-east-1", CONSTANT, "Settings.aws_region (app/config.py:12)")) == {"AWS_REGION"}
    assert names_of(ValueOrigin("us-east-1", CONSTANT, "REGION")) == set()  # a module constant reads nothing
    assert names_of(None) == set()


def test_a_run_that_does_not_see_the_repository_judges_the_file_alone(in_tmp):
    """Files named one by one (pre-commit) or --diff: the Python files left out may read the
    variable, so the configuration file is judged as it stands."""
    _run(in_tmp, {"app.py": OWN_VARIABLE, ".env.example": ENV_FILE})
    res = CliRunner().invoke(main, ["check", ".env.example", "app.py", "--format", "json"], catch_exceptions=False)
    assert (".env.example", 2, "region-outside-policy") in _at(json.loads(res.output)["findings"])
