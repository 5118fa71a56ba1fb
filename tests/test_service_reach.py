"""Service code across modules (issue 13, prompt-logged): a helper of another module called
from a route, a Lambda handler or a task is service code (its ``print`` writes the service's
log); a helper only a script calls is not; the findings of the helper's module follow its
importers through the cache; a pre-commit run on the helper alone finds its service callers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_related import git

from claude_lint.cache import ResultCache
from claude_lint.cli import main
from claude_lint.project import ProjectIndex

HELPER = """import anthropic

client = anthropic.Anthropic()


def ask(question):
    reply = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": question}]
    )
    print(reply.content[0].text)
    return reply.content[0].text


class Generator:
    def __init__(self):
        self.client = anthropic.Anthropic()

    def generate(self, topic):
        prompt = f"Write about {topic}"
        print(prompt)
        reply = self.client.messages.create(
            model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": prompt}]
        )
        return reply.content[0].text
"""
ROUTES = """from flask import Blueprint, request

from app.ai.helper import Generator, ask

bp = Blueprint("ai", __name__)


@bp.route("/ask")
def ask_route():
    return ask(request.args["q"])


@bp.route("/gen")
def gen_route():
    return Generator().generate(request.args["topic"])
"""
ROUTES_WITHOUT_CALLS = """from flask import Blueprint, request

bp = Blueprint("ai", __name__)


@bp.route("/ask")
def ask_route():
    return request.args["q"]
"""
SCRIPT = """import sys

from app.ai.helper import Generator, ask

if __name__ == "__main__":
    print(ask(sys.argv[1]), Generator().generate(sys.argv[2]))
"""
HELPER_LINES = [("prompt-logged", "app/ai/helper.py", 10), ("prompt-logged", "app/ai/helper.py", 20)]


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def repo(root: Path, routes: str | None = ROUTES) -> None:
    files = {"app/__init__.py": "", "app/ai/__init__.py": "", "app/ai/helper.py": HELPER, "scripts/run.py": SCRIPT}
    if routes is not None:
        files["app/routes.py"] = routes
    write(root, files)


def findings(*args: str) -> list[tuple[str, str, int]]:
    res = CliRunner().invoke(main, ["check", "--format", "json", "--select", "prompt-logged", *args])
    assert res.stdout.strip().startswith("{"), res.output
    return sorted((f["rule_id"], f["path"], f["line"]) for f in json.loads(res.stdout)["findings"])


def test_a_helper_called_from_a_route_of_another_module_is_service_code(tmp_path, monkeypatch):
    repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", ".") == HELPER_LINES
    res = CliRunner().invoke(main, ["check", "--no-cache", "--select", "prompt-logged", "."])
    assert "reached from the web handler ask_route() in app/routes.py" in res.output


def test_a_helper_only_a_script_imports_stays_console(tmp_path, monkeypatch):
    repo(tmp_path, routes=None)
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", ".") == []


def test_the_helpers_cached_findings_follow_its_importers(tmp_path, monkeypatch):
    """helper.py does not change; the route module stops (then starts again) calling it: a
    warm run must not serve the helper's cached findings."""
    root = tmp_path / "repo"
    repo(root)
    monkeypatch.chdir(root)
    cache = str(tmp_path / "cache")
    assert findings("--cache-dir", cache, ".") == HELPER_LINES
    assert findings("--cache-dir", cache, ".") == HELPER_LINES
    (root / "app/routes.py").write_text(ROUTES_WITHOUT_CALLS)
    assert findings("--cache-dir", cache, ".") == []
    (root / "app/routes.py").write_text(ROUTES)
    assert findings("--cache-dir", cache, ".") == HELPER_LINES


def test_pre_commit_on_the_helper_alone_finds_its_service_callers(tmp_path, monkeypatch):
    repo(tmp_path)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", "app/ai/helper.py") == HELPER_LINES


def test_module_records_are_cached_by_content(tmp_path):
    repo(tmp_path)
    cache = ResultCache(tmp_path / ".cache")
    helper = tmp_path / "app/ai/helper.py"
    first = ProjectIndex(tmp_path, cache, "salt")
    assert first.services.reach(helper, "Generator.generate") == (
        "reached from the web handler gen_route() in app/routes.py"
    )
    assert first.services.reach(helper, "ask") is not None
    assert first.services.computed > 0
    again = ProjectIndex(tmp_path, cache, "salt")
    assert again.services.reach(helper, "ask") is not None
    assert again.services.computed == 0  # read back, no parse


CONFIG = """import logging
import os

ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")
logging.basicConfig(level=logging.DEBUG)
"""


def test_a_shared_config_module_sets_the_services_root_logger_to_debug(tmp_path, monkeypatch):
    """config.py is service code's configuration because a route module imports it; the
    program sends requests with the anthropic SDK: the SDK's DEBUG record of each request's
    options reaches the log.  Imported only by the script: console, silent; a program that
    sets the anthropic logger itself: silent."""
    root = tmp_path / "repo"
    repo(root)
    write(root, {"app/config.py": CONFIG})
    (root / "app/routes.py").write_text("from app import config  # noqa\n" + ROUTES)
    monkeypatch.chdir(root)
    cache = str(tmp_path / "cache")
    expected = sorted([("prompt-logged", "app/config.py", 5), *HELPER_LINES])
    assert findings("--cache-dir", cache, ".") == expected
    assert findings("--cache-dir", cache, ".") == expected
    (root / "app/routes.py").write_text(ROUTES)
    (root / "scripts/run.py").write_text("from app import config  # noqa\n" + SCRIPT)
    assert findings("--cache-dir", cache, ".") == HELPER_LINES  # config.py itself did not change
    (root / "app/routes.py").write_text("from app import config  # noqa\n" + ROUTES)
    write(root, {"app/config.py": CONFIG + 'logging.getLogger("anthropic").setLevel(logging.INFO)\n'})
    assert findings("--cache-dir", cache, ".") == HELPER_LINES


EVAL_SCRIPT = """import logging

import anthropic
from tools import logsetup  # noqa: F401

client = anthropic.Anthropic()
log = logging.getLogger(__name__)


def grade(question):
    reply = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": question}]
    )
    log.info("answer: %s", reply.content[0].text)


if __name__ == "__main__":
    grade("2 + 2?")
"""


def test_a_script_whose_logging_an_imported_module_configures_shows_its_info_records(tmp_path, monkeypatch):
    """tools/logsetup.py calls basicConfig(level=INFO) when imported (through a package
    re-export chain would count too): the script's INFO record is a log.  At WARNING it is
    dropped, as in a script that configures nothing."""
    write(tmp_path, {"tools/__init__.py": "", "eval.py": EVAL_SCRIPT})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tools/logsetup.py").write_text("import logging\n\nlogging.basicConfig(level=logging.INFO)\n")
    assert findings("--no-cache", ".") == [("prompt-logged", "eval.py", 14)]
    (tmp_path / "tools/logsetup.py").write_text("import logging\n\nlogging.basicConfig(level=logging.WARNING)\n")
    assert findings("--no-cache", ".") == []


def test_langgraph_json_names_the_modules_the_langgraph_server_runs(tmp_path):
    """A ``langgraph.json`` names graph modules by file path or dotted module; a path out of
    the repository, a missing file, a non-string entry, a symbolic link or an oversized file
    names nothing."""
    from claude_lint.project.services import _graph_modules

    write(tmp_path, {"app/__init__.py": "", "app/agent.py": "graph = None\n", "app/other.py": "graph = None\n"})
    (tmp_path / "outside.py").write_text("graph = None\n")
    repo_root = tmp_path / "repo"
    repo_root.mkdir()
    (repo_root / "app").symlink_to(tmp_path / "app")
    config = tmp_path / "langgraph.json"
    config.write_text(
        json.dumps(
            {
                "graphs": {
                    "agent": "./app/agent.py:graph",
                    "other": {"path": "app.other:graph"},
                    "escape": "../../etc/passwd.py:graph",
                    "missing": "./app/missing.py:graph",
                    "odd": 3,
                }
            }
        )
    )
    found = _graph_modules(config, tmp_path)
    assert found == [(tmp_path / "app/agent.py", "agent"), (tmp_path / "app/other.py", "other")]
    assert _graph_modules(config, repo_root) == []  # its targets are outside this root
    link = repo_root / "langgraph.json"
    link.symlink_to(config)
    assert _graph_modules(link, repo_root) == []  # a symbolic link is not read
    big = tmp_path / "big" / "langgraph.json"
    big.parent.mkdir()
    big.write_text('{"graphs": {"a": "../app/agent.py:graph"}, "pad": "' + "x" * 300_000 + '"}')
    assert _graph_modules(big, tmp_path) == []
    (tmp_path / "bad.json").write_text("{not json")
    assert _graph_modules(tmp_path / "bad.json", tmp_path) == []
