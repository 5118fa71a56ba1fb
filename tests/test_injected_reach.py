"""Models injected from another module (issue 13, pattern B): a graph class or function whose
module names no provider is given a Claude chat model by a composition root of another
module; its requests are Claude requests (reported at the graph's own lines).  An OpenAI model,
no caller, a test caller: silent.  The graph's cached findings follow its callers.  Also the
fixtures ``phi-without-zdr/injected`` and ``prompt-logged/injected``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_related import git

from claude_lint.cache import ResultCache
from claude_lint.cli import main
from claude_lint.project import ProjectIndex

MODELS = """from langchain_anthropic import ChatAnthropic
from langchain_openai import ChatOpenAI


class LLM:
    def __init__(self):
        self.llm = ChatAnthropic(model="claude-sonnet-4-5")


class OpenAILLM:
    def __init__(self):
        self.llm = ChatOpenAI(model="gpt-4o")
"""
GRAPH = """from langchain_core.messages import SystemMessage


class ChatGraph:
    def __init__(self, llm):
        self.llm = llm.bind_tools([])

    def answer(self, state):
        system = SystemMessage(content=f"You are the patient's medical assistant. History: {state['history']}")
        return self.llm.invoke([system])


def plan(query, llm):
    return llm.invoke(f"Plan the care of the patient with this medical record: {query}")
"""
APP = """from app.graphs.chat import ChatGraph, plan
from app.models import {cls}

llm = {cls}()
graph = ChatGraph(llm.llm)


def run(query):
    return plan(query, {cls}().llm)
"""
TEST = """from langchain_anthropic import ChatAnthropic

from app.graphs.chat import ChatGraph


def test_answer():
    assert ChatGraph(ChatAnthropic(model="claude-3-haiku")).answer({"history": ""})
"""
GRAPH_LINES = [("phi-without-zdr", "app/graphs/chat.py", 10), ("phi-without-zdr", "app/graphs/chat.py", 14)]


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def repo(root: Path, cls: str | None = "LLM", test: bool = False) -> None:
    files = {"app/__init__.py": "", "app/graphs/__init__.py": "", "app/graphs/chat.py": GRAPH, "app/models.py": MODELS}
    if cls is not None:
        files["app/main.py"] = APP.format(cls=cls)
    if test:
        files["tests/test_chat.py"] = TEST
    write(root, files)


def findings(*args: str) -> list[tuple[str, str, int]]:
    res = CliRunner().invoke(main, ["check", "--format", "json", "--select", "phi-without-zdr", *args])
    assert res.stdout.strip().startswith("{"), res.output
    return sorted((f["rule_id"], f["path"], f["line"]) for f in json.loads(res.stdout)["findings"])


def test_a_graph_given_a_claude_model_by_another_module_sends_claude_requests(tmp_path, monkeypatch):
    repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", ".") == GRAPH_LINES


def test_a_graph_given_only_an_openai_model_is_silent(tmp_path, monkeypatch):
    repo(tmp_path, cls="OpenAILLM")
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", ".") == []


def test_a_graph_no_module_constructs_or_only_a_test_does_is_silent(tmp_path, monkeypatch):
    repo(tmp_path, cls=None, test=True)
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", ".") == []


def test_the_graphs_cached_findings_follow_its_callers(tmp_path, monkeypatch):
    """chat.py does not change; main.py switches its model to OpenAI and back: a warm run must
    not serve chat.py's cached findings."""
    root = tmp_path / "repo"
    repo(root)
    monkeypatch.chdir(root)
    cache = str(tmp_path / "cache")
    assert findings("--cache-dir", cache, ".") == GRAPH_LINES
    assert findings("--cache-dir", cache, ".") == GRAPH_LINES
    (root / "app/main.py").write_text(APP.format(cls="OpenAILLM"))
    assert findings("--cache-dir", cache, ".") == []
    (root / "app/main.py").write_text(APP.format(cls="LLM"))
    assert findings("--cache-dir", cache, ".") == GRAPH_LINES


def test_the_model_module_changing_reaches_the_graph_through_the_cache(tmp_path, monkeypatch):
    """The composition root does not change either: only the model it builds does."""
    root = tmp_path / "repo"
    repo(root)
    monkeypatch.chdir(root)
    cache = str(tmp_path / "cache")
    assert findings("--cache-dir", cache, ".") == GRAPH_LINES
    (root / "app/models.py").write_text(
        MODELS.replace('ChatAnthropic(model="claude-sonnet-4-5")', 'ChatOpenAI(model="o3")')
    )
    assert findings("--cache-dir", cache, ".") == []


def test_pre_commit_on_the_graph_alone_finds_its_callers(tmp_path, monkeypatch):
    repo(tmp_path)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert findings("--no-cache", "app/graphs/chat.py") == GRAPH_LINES


def test_the_injection_records_are_cached_by_content(tmp_path):
    repo(tmp_path)
    cache = ResultCache(tmp_path / ".cache")
    first = ProjectIndex(tmp_path, cache, "salt")
    calls = first.injections.of(tmp_path / "app/graphs/chat.py")
    assert sorted((c["to"][1], c["pos"], c["client"]["name"]) for c in calls) == [
        ("ChatGraph", 0, "ChatAnthropic"),
        ("plan", 1, "ChatAnthropic"),
    ]
    again = ProjectIndex(tmp_path, cache, "salt")
    assert again.injections.of(tmp_path / "app/graphs/chat.py") == calls
    assert first.injections.computed == 1 and again.injections.computed == 0
