"""Chains and LLM objects across functions, classes and modules (issue 13): the facts behind
the fixtures ``phi-without-zdr/reach_chain``, ``prompt-logged/reach_chain``,
``prompt-logged/reach_graph``, ``prompt-logged/containers.py`` and
``phi-without-zdr/knowledge_chain.py``."""

from __future__ import annotations

import ast
from pathlib import Path

from test_project import link_of, write

from claude_lint.analysis.facts import Facts
from claude_lint.analysis.imports import Resolver
from claude_lint.analysis.remote import RemoteClass, RemoteClient, RemoteFunction, RemotePrompt
from claude_lint.phi.context import knowledge_context, knowledge_term
from claude_lint.project import ImportLine, Modules, ProjectIndex

CHAINS = (
    "from langchain.chains import LLMChain\n"
    "from langchain.chains.base import Chain\n"
    "from langchain.chat_models import ChatAnthropic\n"
    "from langchain_openai import ChatOpenAI\n\n"
    "class ExtractChain(Chain):\n"
    "    extract_chain: LLMChain\n"
    "    @classmethod\n"
    "    def from_anthropic(cls, prompt):\n"
    "        return cls(extract_chain=LLMChain(llm=ChatAnthropic(), prompt=prompt))\n\n"
    "def get_chain(prompt):\n"
    "    return LLMChain(llm=ChatAnthropic(), prompt=prompt)\n\n"
    "def get_openai_chain(prompt):\n"
    "    return LLMChain(llm=ChatOpenAI(), prompt=prompt)\n"
)
CHAINER = (
    "class Chainer:\n"
    "    def __init__(self, note_chain, other):\n"
    "        self.note_chain = note_chain\n"
    "        self.other = other\n"
    "    def ask(self, patient_note, limit):\n"
    "        self.other.reset(limit)\n"
    "        return self.note_chain({'medical_note': patient_note})\n"
)
PROMPTS = (
    "from langchain.prompts import PromptTemplate\n\n"
    "_T = '''Consider the following patient note:\\n{note}\\n" + "Answer with the chief complaint only. " * 8 + "'''\n"
    "NOTE_PROMPT = PromptTemplate.from_template(_T)\n"
    "SHORT = 'Patient note: {note}'\n"
)


def _repo(root: Path) -> None:
    write(
        root,
        {
            "svc/__init__.py": "",
            "svc/chains.py": CHAINS,
            "svc/chainer.py": "# the chains come from callers (dr_claude-style wiring)\n" + CHAINER,
            "svc/prompts.py": PROMPTS,
            "svc/app.py": "from . import chains, prompts\nfrom .chainer import Chainer\n",
        },
    )


def test_a_chain_factory_of_another_module_returns_a_callable_claude_chain(tmp_path):
    _repo(tmp_path)
    link = link_of(tmp_path, "svc/app.py").remote
    klass = link.resolve("chains.ExtractChain")
    assert isinstance(klass, RemoteClass)
    made = klass.method("from_anthropic")
    assert made is not None and isinstance(made.returns_client, RemoteClient) and made.returns_client.callable
    factory = link.resolve("chains.get_chain")
    assert isinstance(factory, RemoteFunction) and factory.returns_client.callable
    assert link.resolve("chains.get_openai_chain") is None  # not Claude: nothing to summarise


def test_a_method_calling_an_object_its_init_was_given_is_a_via(tmp_path):
    _repo(tmp_path)
    klass = link_of(tmp_path, "svc/app.py").remote.resolve("Chainer")
    assert isinstance(klass, RemoteClass)
    ask = klass.method("ask")
    assert ask is not None and not ask.sends
    # self.note_chain(...) is a via (the chain's own call); self.other.reset(...) is no request method
    assert [(v.param, v.index, v.call, v.content_params) for v in ask.vias] == [
        ("note_chain", 0, "__call__", ("patient_note",))
    ]


def test_a_prompt_template_of_a_module_that_names_no_model_is_summarised_as_text(tmp_path):
    _repo(tmp_path)
    link = link_of(tmp_path, "svc/app.py").remote
    prompt = link.resolve("prompts.NOTE_PROMPT", values=True)
    assert isinstance(prompt, RemotePrompt) and "patient note" in prompt.text
    assert prompt.place.path == "svc/prompts.py"


def test_a_caller_building_the_instance_with_a_claude_chain_sends_through_the_via(tmp_path):
    _repo(tmp_path)
    (tmp_path / "svc/app.py").write_text(
        "from . import chains\nfrom .chainer import Chainer\n\n"
        "def intake(note):\n"
        "    Chainer(chains.get_chain(None), None).ask(note, 3)\n"
        "    Chainer(chains.get_openai_chain(None), None).ask(note, 3)\n"
    )
    facts = link_of(tmp_path, "svc/app.py")
    calls = [n for n in ast.walk(facts.tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "ask"]
    claude, openai = sorted(calls, key=lambda c: c.lineno)
    req = facts.claude_request(claude)
    assert req is not None and req.client is not None and isinstance(req.client.remote, RemoteFunction)
    assert req.client.remote.request.line == 8 and [n for n, _e in facts.request_content(req)] == ["patient_note"]
    assert facts.claude_request(openai) is None


def test_global_in_a_function_binds_the_module_name_and_a_held_parser_is_called():
    src = (
        "chain = None\n"
        "def parse(text):\n    return text.split()\n"
        "def startup():\n    global chain\n    chain = make()\n"
        "def handle(x):\n    return chain(x)\n"
        "class C:\n    parser = parse\n    def run(self, raw):\n        return self.parser(raw)\n"
    )
    tree = ast.parse(src)
    facts = Facts(tree, Resolver(tree))
    read = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "chain")
    assert [ast.unparse(v) for v in facts.held(read.func)] == ["None", "make()"]
    held_call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "parser")
    assert facts.callee(held_call) is facts.functions["parse"]


def test_a_sub_project_folder_is_a_base_of_absolute_imports(tmp_path):
    write(
        tmp_path,
        {
            "worker/setup.cfg": "[metadata]\nname = worker\n",
            "worker/src/__init__.py": "",
            "worker/src/core/graph.py": "",
            "worker/src/core/review.py": "",
        },
    )
    m = Modules(tmp_path)
    assert m.resolve(tmp_path / "worker/src/core/review.py", ImportLine(0, "src.core.graph", "build")) == (
        tmp_path / "worker/src/core/graph.py",
        "build",
    )
    ProjectIndex(tmp_path)  # no listing of the tree needed


def test_a_knowledge_task_is_told_from_a_clinical_one():
    def ctx(template: str):
        tree = ast.parse(f"x = {template!r}\n")
        facts = Facts(tree, Resolver(tree))
        return knowledge_context(facts, [tree.body[0].value])

    assert ctx("Here is a list of symptoms for the condition {condition}: {symptoms}") is not None
    assert ctx("Rate the symptoms of each disease: {symptoms}") is not None
    assert ctx("List the symptoms of each disease: {symptoms}") is None  # "list the symptoms": clinical wins
    assert ctx("The patient reports these symptoms for the condition {c}: {symptoms}") is None  # a person
    assert ctx("Summarise: {symptoms}") is None
    assert knowledge_term("health data: `symptoms_str` (a name matching 'symptom')")
    assert not knowledge_term("health data: `patient_name` (a name matching 'patient')")
