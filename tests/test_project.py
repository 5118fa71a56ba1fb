"""Project-wide reach (issue 13): import lines, module resolution inside the repository,
summaries and their cache, the second prefilter stage, the findings cache key of a file
that depends on another, and --diff through a related location in another file."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from click.testing import CliRunner
from test_related import git

from claude_lint.analysis.facts import Facts
from claude_lint.analysis.imports import Resolver
from claude_lint.analysis.remote import RemoteClass, RemoteClient, RemoteFunction, RemoteValue
from claude_lint.cache import ResultCache
from claude_lint.cli import main
from claude_lint.project import ImportLine, Modules, ProjectIndex, import_lines

SERVICE = """import anthropic

client = anthropic.Anthropic()


def generate_with_claude(text, style="short"):
    reply = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": text}]
    )
    return reply.content[0].text
"""
GROQ_SERVICE = """from groq import Groq

client = Groq()


def generate_with_claude(text, style="short"):
    reply = client.chat.completions.create(model="llama", messages=[{"role": "user", "content": text}])
    return reply.choices[0].message.content
"""
ROUTE = """from app.service import generate_with_claude


def intake(request):
    patient_notes = request.json["notes"]
    return generate_with_claude(patient_notes)
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def app(root: Path, service: str = SERVICE) -> None:
    write(root, {"app/__init__.py": "", "app/service.py": service, "app/routes.py": ROUTE})


def findings(*args: str) -> list[tuple[str, str, int]]:
    res = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert res.stdout.strip().startswith("{"), res.output
    return [(f["rule_id"], f["path"], f["line"]) for f in json.loads(res.stdout)["findings"]]


# --------------------------------------------------------------------------- import lines


def test_import_lines_are_read_without_a_parse():
    data = b"""import os, app.llm as llm
from . import service
from ..utils.bedrock_client import (
    BedrockClient,
    helper as h,
)
    from app.config import settings  # indented (inside a try:)
x = "from nowhere import nothing"
"""
    got = import_lines(data)
    assert ImportLine(0, "os") in got and ImportLine(0, "app.llm") in got
    assert ImportLine(1, "", "service") in got
    assert ImportLine(2, "utils.bedrock_client", "BedrockClient") in got
    assert ImportLine(2, "utils.bedrock_client", "helper") in got
    assert ImportLine(0, "app.config", "settings") in got
    assert all(line.module != "nowhere" for line in got)


def test_imports_resolve_inside_the_repository_only(tmp_path):
    write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/config.py": "",
            "backend/app/services/__init__.py": "",
            "backend/app/services/claude.py": "",
            "scripts/prompts.py": "",
            "scripts/run.py": "",
            "src/pkg/__init__.py": "",
            "src/pkg/llm.py": "",
            "lib/llm.py": "",
        },
    )
    m = Modules(tmp_path)
    svc = tmp_path / "backend/app/services/claude.py"
    # absolute, from above the outermost package (backend/ holds app/)
    assert m.resolve(svc, ImportLine(0, "app.config", "settings")) == (tmp_path / "backend/app/config.py", "settings")
    # relative, a module imported by name from its package
    assert m.resolve(svc, ImportLine(2, "", "config")) == (tmp_path / "backend/app/config.py", "")
    assert m.resolve(svc, ImportLine(1, "", "claude")) == (svc, "")
    # a script next to the module it imports
    run = tmp_path / "scripts/run.py"
    assert m.resolve(run, ImportLine(0, "prompts", "generate")) == (tmp_path / "scripts/prompts.py", "generate")
    # a src/ layout from the repository root
    assert m.resolve(tmp_path / "scripts/run.py", ImportLine(0, "pkg.llm", "client")) == (
        tmp_path / "src/pkg/llm.py",
        "client",
    )
    # outside the repository: a package not here, a same-named module in an unrelated folder
    assert m.resolve(run, ImportLine(0, "anthropic", "Anthropic")) is None
    assert m.resolve(run, ImportLine(0, "llm", "client")) is None
    # a relative import that climbs out of the repository
    assert m.resolve(tmp_path / "scripts/run.py", ImportLine(3, "x", "y")) is None


# --------------------------------------------------------------------------- summaries


def link_of(root: Path, rel: str, index: ProjectIndex | None = None):
    index = index or ProjectIndex(root)
    path = root / rel
    tree = ast.parse(path.read_text())
    facts = Facts(tree, Resolver(tree))
    facts.remote = index.link(path, tree)
    return facts


def test_third_party_imports_cost_no_file_test_and_repository_ones_still_resolve(tmp_path, monkeypatch):
    """An absolute import whose first name is in none of the folders it is looked for in is
    outside the repository from one listing per folder (no file test per import line); a
    name that is there (any case), in src/ or next to the importer still resolves."""
    write(
        tmp_path,
        {
            "src/lib/__init__.py": "",
            "src/lib/llm.py": "",
            "tools/helper.py": "",
            "tools/run.py": "",
            "app/__init__.py": "",
            "app/Service.py": "",
        },
    )
    mods = Modules(tmp_path)
    tested: list[str] = []
    real = __import__("os").path.isfile
    monkeypatch.setattr("claude_lint.project.modules.os.path.isfile", lambda p: tested.append(p) or real(p))
    run = tmp_path / "tools/run.py"
    for line in (ImportLine(0, "typing", "Any"), ImportLine(0, "anthropic"), ImportLine(0, "requests.adapters", "X")):
        assert mods.resolve(run, line) is None
    assert not any(name in t for t in tested for name in ("typing", "anthropic", "requests"))
    assert mods.resolve(run, ImportLine(0, "lib.llm", "client")) == (tmp_path / "src/lib/llm.py", "client")
    assert mods.resolve(run, ImportLine(0, "helper", "f")) == (tmp_path / "tools/helper.py", "f")
    assert mods.resolve(run, ImportLine(0, "app", "Service")) == (tmp_path / "app/Service.py", "")
    monkeypatch.setattr("claude_lint.project.modules.os.listdir", lambda p: (_ for _ in ()).throw(PermissionError()))
    unlisted = Modules(tmp_path)  # a folder that cannot be listed is never ruled out
    assert unlisted.resolve(run, ImportLine(0, "helper", "f")) == (tmp_path / "tools/helper.py", "f")


def test_summary_names_helpers_clients_classes_and_settings(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "from .service import generate_with_claude\n",
            "app/service.py": SERVICE + "\n\ndef get_client():\n    return anthropic.Anthropic()\n",
            "app/config.py": (
                "from pydantic_settings import BaseSettings\n\n"
                "class Settings(BaseSettings):\n    aws_region: str = 'us-east-1'\n    api_key: str = ''\n\n"
                "settings = Settings()\nTOKEN = 'sk-ant-api03-" + "x" * 80 + "'\n"
            ),
            "main.py": (
                "from app import generate_with_claude\nfrom app.service import client, get_client\n"
                "from app.config import settings, TOKEN\n"
            ),
        },
    )
    facts = link_of(tmp_path, "main.py")
    link = facts.remote
    assert link is not None
    fn = link.resolve("generate_with_claude")  # re-exported by app/__init__.py
    assert isinstance(fn, RemoteFunction)
    assert fn.content_params == ("text",) and fn.returns_response and fn.request is not None
    assert fn.request.path == "app/service.py"
    assert isinstance(link.resolve("client"), RemoteClient)
    factory = link.resolve("get_client")
    assert isinstance(factory, RemoteFunction) and isinstance(factory.returns_client, RemoteClient)
    region = link.resolve("settings.aws_region")
    assert isinstance(region, RemoteValue) and region.value == "us-east-1" and region.name == "Settings.aws_region"
    # never a credential: a key-shaped value is left out of the summary
    assert link.resolve("TOKEN") is None


def test_wrapper_class_method_forwarding_through_the_same_class(tmp_path):
    write(
        tmp_path,
        {
            "utils/__init__.py": "",
            "utils/bedrock.py": (
                "import json\nimport boto3\n\n"
                "class BedrockClient:\n"
                "    def __init__(self, region='eu-central-1'):\n"
                "        self.rt = boto3.client('bedrock-runtime', region_name=region)\n"
                "    def invoke_claude(self, prompt, system_prompt=None, max_tokens=100):\n"
                "        body = {'anthropic_version': 'bedrock-2023-05-31', 'max_tokens': max_tokens,\n"
                "                'messages': [{'role': 'user', 'content': prompt}], 'system': system_prompt}\n"
                "        return self.rt.invoke_model(modelId='anthropic.claude-3-haiku-20240307-v1:0', body=json.dumps(body))\n"
                "    def invoke_with_retry(self, prompt, system_prompt=None, max_retries=3):\n"
                "        return self.invoke_claude(prompt, system_prompt)\n"
            ),
            "agents/__init__.py": "",
            "agents/summarizer.py": "from ..utils.bedrock import BedrockClient\n",
        },
    )
    klass = link_of(tmp_path, "agents/summarizer.py").remote.resolve("BedrockClient")
    assert isinstance(klass, RemoteClass)
    method = klass.method("invoke_with_retry")
    assert method is not None and method.method
    assert set(method.content_params) == {"prompt", "system_prompt"}  # not max_retries
    assert method.kind is not None and method.kind.value == "bedrock"


def test_summaries_are_cached_and_a_dependency_changes_the_key(tmp_path):
    repo = tmp_path / "repo"
    app(repo)
    cache = ResultCache(tmp_path / "cache")
    service, route = repo / "app/service.py", repo / "app/routes.py"
    first = ProjectIndex(repo, cache, "salt")
    digest = first.dependency_digest(route)
    assert digest and first.summarised == 0  # the findings key needs no parse: content hashes
    assert isinstance(first.item(service, "generate_with_claude"), RemoteFunction)
    assert first.summarised == 1
    again = ProjectIndex(repo, cache, "salt")
    assert isinstance(again.item(service, "generate_with_claude"), RemoteFunction)
    assert again.dependency_digest(route) == digest and again.summarised == 0  # read back, no parse
    service.write_text(GROQ_SERVICE)
    changed = ProjectIndex(repo, cache, "salt")
    assert changed.dependency_digest(route) != digest
    assert changed.item(service, "generate_with_claude") is None  # Groq: nothing for Claude
    # a module two imports away changes: the key of the route changes too (transitive)
    write(repo, {"app/service.py": "from .low import helper\n" + SERVICE, "app/low.py": "X = 1\n"})
    before = ProjectIndex(repo, cache, "salt").dependency_digest(route)
    (repo / "app/low.py").write_text("X = 2\n")
    assert ProjectIndex(repo, cache, "salt").dependency_digest(route) != before


def test_digests_of_an_import_cycle_do_not_depend_on_the_order_modules_are_met_in(tmp_path):
    """A warm run, a worker or a run on other files meets the modules of a cycle in another
    order: the findings and summary keys must be the same (else a warm run misses)."""
    repo = tmp_path / "repo"
    write(
        repo,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import B\nfrom .leaf import L\nA = 1\n",
            "pkg/b.py": "from .c import C\nB = 1\n",
            "pkg/c.py": "from .a import A\nC = 1\n",
            "pkg/leaf.py": "L = 1\n",
            "pkg/user.py": "from .a import A\nfrom .c import C\n",
        },
    )
    names = ["a", "b", "c", "leaf", "user"]
    runs = []
    for order in (names, names[::-1], ["c", "user", "leaf", "a", "b"]):
        index = ProjectIndex(repo, None, "salt")
        runs.append({n: index.digest(repo / f"pkg/{n}.py") for n in order})
    assert runs[0] == runs[1] == runs[2]
    first = runs[0]
    assert first["a"] == first["b"] == first["c"] != first["user"]  # one cycle, one digest
    # any member of the cycle, or what it imports, changes: every importer's key changes
    (repo / "pkg/leaf.py").write_text("L = 2\n")
    index = ProjectIndex(repo, None, "salt")
    after = {n: index.digest(repo / f"pkg/{n}.py") for n in names}
    assert all(after[n] != first[n] for n in names)
    (repo / "pkg/b.py").write_text("from .c import C\nB = 2\n")
    index = ProjectIndex(repo, None, "salt")
    assert index.digest(repo / "pkg/leaf.py") == after["leaf"]  # not an importer of b
    assert all(index.digest(repo / f"pkg/{n}.py") != after[n] for n in ("a", "b", "c", "user"))


# --------------------------------------------------------------------------- runs


def test_a_route_that_only_imports_a_claude_helper_is_analysed(tmp_path, monkeypatch):
    """Prefilter stage 2: routes.py mentions no Claude; it imports a module that does."""
    app(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert ("phi-without-zdr", "app/routes.py", 6) in findings("--no-cache", ".")
    # the same route calling a Groq helper of the same shape: silent
    app(tmp_path, GROQ_SERVICE)
    assert not any(f[1] == "app/routes.py" for f in findings("--no-cache", "."))


def test_a_workers_summaries_serve_the_parent_and_parallel_runs_find_the_same(tmp_path, monkeypatch):
    """Workers send the summaries they computed to the parent (its second prefilter stage
    runs after the pass): the parent reads them instead of parsing again, and a run with
    workers reports what a serial run reports."""
    app(tmp_path)
    service = tmp_path / "app/service.py"
    worker = ProjectIndex(tmp_path)
    assert isinstance(worker.item(service, "generate_with_claude"), RemoteFunction)
    fresh = worker.take_fresh()
    assert (service, False) in fresh and worker.take_fresh() == {}  # each summary sent once
    parent = ProjectIndex(tmp_path)
    parent.absorb(fresh)
    assert parent.imports_claude(tmp_path / "app/routes.py") and parent.summarised == 0
    # enough files for the batches to reach both workers
    write(tmp_path, {f"app/other{i}.py": f"X{i} = {i}\n" for i in range(40)})
    monkeypatch.chdir(tmp_path)
    serial = findings("--no-cache", "--jobs", "1", ".")
    assert ("phi-without-zdr", "app/routes.py", 6) in serial
    assert findings("--no-cache", "--jobs", "2", ".") == serial


def test_the_findings_cache_of_a_file_follows_the_modules_it_imports(tmp_path, monkeypatch):
    """routes.py does not change; the helper it calls stops calling Claude: a warm run must
    not serve the cached finding."""
    repo = tmp_path / "repo"
    app(repo)
    monkeypatch.chdir(repo)
    cache = str(tmp_path / "cache")
    assert ("phi-without-zdr", "app/routes.py", 6) in findings("--cache-dir", cache, ".")
    assert ("phi-without-zdr", "app/routes.py", 6) in findings("--cache-dir", cache, ".")
    (repo / "app/service.py").write_text(GROQ_SERVICE)
    assert not any(f[1] == "app/routes.py" for f in findings("--cache-dir", cache, "."))


def test_pre_commit_on_one_file_gets_the_facts_of_the_modules_it_imports(tmp_path, monkeypatch):
    """A run over one staged file resolves its imports on the file system and summarises
    only what it imports (not the tree)."""
    app(tmp_path)
    write(tmp_path, {"unrelated/big.py": "import anthropic\n" * 10})
    git(tmp_path, "init", "-q")  # pre-commit runs in a git repository: its top level is the root
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", "app/routes.py") == [("phi-without-zdr", "app/routes.py", 6)]


def test_diff_reports_a_caller_whose_related_request_changed(tmp_path, monkeypatch):
    app(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", "--diff", "HEAD", ".") == []
    # the request inside the helper changes; routes.py does not: its finding comes back
    (tmp_path / "app/service.py").write_text(SERVICE.replace("max_tokens=256", "max_tokens=512"))
    got = findings("--no-cache", "--diff", "HEAD", ".")
    assert ("phi-without-zdr", "app/routes.py", 6) in got


def test_import_cycles_and_broken_modules_end(tmp_path, monkeypatch):
    """Two modules importing each other, and one that does not parse: the index ends, the
    helper is known, the broken module is unknown (no crash).  A helper that sends through a
    helper of a module in its own import cycle is not followed (the cycle is cut: values only
    between its modules; see tests/test_project_hops.py for chains outside a cycle)."""
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import ask\nfrom .broken import thing\n\ndef summarise(note):\n    return ask(note)\n",
            "pkg/b.py": (
                "import anthropic\nfrom .a import summarise\n\nclient = anthropic.Anthropic()\n\n"
                "def ask(text):\n    return client.messages.create(model='claude-sonnet-4-5', max_tokens=9,"
                " messages=[{'role': 'user', 'content': text}])\n"
            ),
            "pkg/broken.py": "def (:\n" + "(" * 200,
            "main.py": "from pkg.b import ask\n\ndef route(req):\n    return ask(req.json['diagnosis'])\n",
        },
    )
    link = link_of(tmp_path, "main.py").remote
    fn = link.resolve("ask")
    assert isinstance(fn, RemoteFunction) and fn.content_params == ("text",)
    assert link_of(tmp_path, "pkg/a.py").remote.resolve("thing") is None
    assert link_of(tmp_path, "main.py").remote.resolve("summarise") is None  # not imported here
    monkeypatch.chdir(tmp_path)
    got = findings("--no-cache", ".")
    assert ("phi-without-zdr", "main.py", 4) in got


def test_a_class_whose_method_returns_its_own_instance_does_not_loop(tmp_path):
    """A builder (``def with_model(self): return Chat(...)``) makes the summary entries a
    cycle: the summary must still serialise for the cache and be read without recursion."""
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "llm.py").write_text(
        "import anthropic\n"
        "\n"
        "\n"
        "class Chat:\n"
        "    def __init__(self, model='claude-sonnet-4-5'):\n"
        "        self.client = anthropic.Anthropic()\n"
        "        self.model = model\n"
        "\n"
        "    def with_model(self, model):\n"
        "        return Chat(model)\n"
        "\n"
        "    def ask(self, prompt):\n"
        "        return self.client.messages.create(model=self.model, max_tokens=64,\n"
        "            messages=[{'role': 'user', 'content': prompt}])\n"
    )
    (pkg / "routes.py").write_text(
        "import logging\n"
        "from app.llm import Chat\n"
        "\n"
        "log = logging.getLogger(__name__)\n"
        "\n"
        "\n"
        "def answer(question):\n"
        "    reply = Chat().with_model('claude-haiku-4-5').with_model('x').ask(question)\n"
        "    log.info(reply)\n"
    )
    from click.testing import CliRunner

    from claude_lint.cli import main

    for extra in ([], ["--no-cache"]):
        res = CliRunner().invoke(
            main,
            ["check", str(tmp_path), "--format", "json", *extra],
            env={"CLAUDE_LINT_CACHE_DIR": str(tmp_path / ".c")},
        )
        assert res.exit_code in (0, 1), res.output
        assert "internal error" not in res.output


def test_the_sarif_code_flow_of_a_request_through_another_module_ends_at_its_request(tmp_path, monkeypatch):
    app(tmp_path)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", "--format", "sarif", "--no-cache", "."])
    results = json.loads(res.stdout)["runs"][0]["results"]
    (phi,) = [r for r in results if r["ruleId"] == "phi-without-zdr"]
    steps = phi["codeFlows"][0]["threadFlows"][0]["locations"]
    where = [
        (
            s["location"]["physicalLocation"]["artifactLocation"]["uri"],
            s["location"]["physicalLocation"]["region"]["startLine"],
        )
        for s in steps
    ]
    assert where[0][0] == "app/routes.py" and len(where) >= 2
    assert where[-1] == ("app/service.py", 7)  # client.messages.create( in the helper
    assert "generate_with_claude" in steps[-1]["location"]["message"]["text"]


def test_the_inventory_reads_the_project_as_the_rules_do(tmp_path, monkeypatch):
    """A client built in one module and used in another (which names no Claude library): the
    inventory lists the request where it is made, pointing at the construction; a settings
    field of another module gives a region (as region-outside-policy reads it); a call of a
    helper that sends a request is not a place of its own."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/config.py": 'class Settings:\n    aws_region: str = "us-east-1"\n\n\nsettings = Settings()\n',
            "app/bedrock.py": "import json\n\nimport boto3\n\nfrom app.config import settings\n\n"
            'runtime = boto3.client("bedrock-runtime", region_name=settings.aws_region)\n\n\ndef ask(text):\n'
            '    return runtime.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", '
            'body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "messages": []}))\n',
            "app/llm.py": 'import anthropic\n\nclient = anthropic.AnthropicBedrock(aws_region="us-east-1")\n',
            "app/routes.py": "from app.llm import client\n\n\ndef ask(text):\n"
            '    return client.messages.create(model="claude-haiku", max_tokens=9, messages=[])\n',
            "app/service.py": SERVICE,
            "app/caller.py": ROUTE,
        },
    )
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["inventory", "--format", "json", "--no-cache", "."])
    entries = {(e["path"], e["line"]): e for e in json.loads(res.stdout)["entries"]}
    assert [r["value"] for r in entries[("app/bedrock.py", 7)]["regions"]] == ["us-east-1"]
    used = entries[("app/routes.py", 5)]
    assert used["provider"] == "bedrock" and used["client"] == "AnthropicBedrock"
    assert "app/llm.py, line 3" in used["note"] and [m["value"] for m in used["models"]] == ["claude-haiku"]
    assert not any(path == "app/caller.py" for path, _ in entries)


# --------------------------------------------------------------------------- configuration defaults (issue 13)
_CONFIGURATION = """
import os
from dataclasses import dataclass
from enum import Enum


class WriterProvider(Enum):
    ANTHROPIC = "anthropic"
    OPENAI = "openai"


@dataclass(kw_only=True)
class Configuration:
    writer_provider: WriterProvider = WriterProvider.ANTHROPIC
    writer_model: str = "claude-sonnet-4-5"
    planner_model: str = "o3-mini"

    @classmethod
    def from_runnable_config(cls, config=None):
        return cls(**(config or {}))
"""


def _configured(tmp_path: Path, user: str) -> tuple[ProjectIndex, Path]:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/configuration.py").write_text(_CONFIGURATION)
    (tmp_path / "app/graph.py").write_text(user)
    return ProjectIndex(tmp_path), tmp_path / "app/graph.py"


def test_enum_member_defaults_and_alternative_constructors_in_the_summary(tmp_path):
    index, _user = _configured(tmp_path, "")
    for light in (True, False):
        klass = index.item(tmp_path / "app/configuration.py", "Configuration", light)
        assert isinstance(klass, RemoteClass)
        assert klass.field("writer_provider").value == "anthropic"
        made = klass.method("from_runnable_config")
        assert made is not None and made.returns_instance is not None
        assert made.returns_instance.field("writer_model").value == "claude-sonnet-4-5"


def test_a_provider_generic_constructor_importing_claude_defaults_is_a_stage_2_candidate(tmp_path):
    user = "from app.configuration import Configuration\nfrom langchain.chat_models import init_chat_model\n"
    index, path = _configured(tmp_path, user)
    assert index.imports_claude(path)


def test_litellm_is_a_generic_constructor_by_its_request_functions_not_its_name(tmp_path):
    """A tree built on litellm names it in every module: a module is a stage-2 candidate
    through litellm only when it calls its request functions with the imported defaults."""
    calls = (
        "import litellm\nfrom app.configuration import Configuration\n\n"
        "def ask(q):\n    cfg = Configuration()\n"
        "    return litellm.completion(model=cfg.planner_model, messages=[{'role': 'user', 'content': q}])\n"
    )
    index, path = _configured(tmp_path, calls)
    assert index.imports_claude(path)
    names = "import litellm\nfrom app.configuration import Configuration\n\nlitellm.drop_params = True\n"
    (tmp_path / "names").mkdir()
    index, path = _configured(tmp_path / "names", names)
    assert not index.imports_claude(path)


def test_reading_claude_defaults_without_a_generic_constructor_is_not_a_candidate(tmp_path):
    user = "from app.configuration import Configuration\n\nprint(Configuration().planner_model)\n"
    index, path = _configured(tmp_path, user)
    assert not index.imports_claude(path)


def test_pass_through_helper_and_enum_value_give_this_call_s_argument(tmp_path):
    user = (
        "from app.configuration import Configuration\n"
        "def get_config_value(value):\n"
        "    return value if isinstance(value, str) else value.value\n"
        "def node(config):\n"
        "    cfg = Configuration.from_runnable_config(config)\n"
        "    provider = get_config_value(cfg.writer_provider)\n"
        "    model = get_config_value(cfg.planner_model)\n"
        "    defaults = Configuration()\n"
        "    direct = defaults.writer_provider.value\n"
        "    return provider, model, direct\n"
    )
    index, path = _configured(tmp_path, user)
    tree = ast.parse(user)
    facts = Facts(tree, Resolver(tree))
    facts.remote = index.link(path, tree)
    names = {
        t.id: n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name) and t.id in ("provider", "model", "direct")
    }
    assert facts.value_origin(names["provider"]).value == "anthropic"
    assert facts.value_origin(names["model"]).value == "o3-mini"  # not every caller's argument
    assert facts.value_origin(names["direct"]).value == "anthropic"


def test_summary_keeps_the_literal_texts_that_reach_a_helpers_request(tmp_path):
    """``request_texts``: the instructions a helper's request is sent with in its own module
    (through a prompt builder of that module too), redacted, for its callers' rules; none for
    a function without content parameters."""
    key = "sk-ant-api03-" + "x" * 80
    write(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/notes.py": (
                "import anthropic\n\nclient = anthropic.Anthropic()\n\n"
                "def _prompt(terms):\n"
                "    return f'Based on these clinical terms from medical notes: {terms}'\n\n"
                "def predict(terms):\n"
                "    return client.messages.create(model='claude-sonnet-4-5', max_tokens=64,\n"
                "        messages=[{'role': 'user', 'content': _prompt(terms)}], system='" + key + "')\n\n"
                "def ping():\n"
                "    return client.messages.create(model='claude-sonnet-4-5', max_tokens=8,\n"
                "        messages=[{'role': 'user', 'content': 'Say hi to the patient'}])\n"
            ),
            "main.py": "from svc.notes import predict, ping\n",
        },
    )
    link = link_of(tmp_path, "main.py").remote
    predict = link.resolve("predict")
    assert isinstance(predict, RemoteFunction) and predict.content_params == ("terms",)
    assert any("clinical terms from medical notes" in t for t in predict.request_texts)
    assert not any("sk-ant-api03-xxxx" in t for t in predict.request_texts)
    ping = link.resolve("ping")
    assert isinstance(ping, RemoteFunction) and ping.request is not None and ping.request_texts == ()
