"""Summaries combined across several modules (issue 13, "combine them to a fixed point"):
helpers, factories, client dicts and base classes of a third module, import cycles cut,
the result independent of the order modules are met in."""

from __future__ import annotations

import ast
from pathlib import Path

from claude_lint.analysis.facts import Facts
from claude_lint.analysis.imports import Resolver
from claude_lint.analysis.remote import RemoteClass, RemoteClient, RemoteFunction
from claude_lint.project import ProjectIndex

CORE = """import anthropic
import boto3
from openai import OpenAI

CLIENTS = {"eu": anthropic.Anthropic(), "us": anthropic.Anthropic()}


def make_client():
    return anthropic.Anthropic()


def make_openai():
    return OpenAI()


def ask(text):
    return make_client().messages.create(model="claude-sonnet-4-5", max_tokens=9,
        messages=[{"role": "user", "content": text}])


class BaseLLM:
    def __init__(self):
        self.client = anthropic.Anthropic()

    def complete(self, prompt):
        return self.client.messages.create(model="claude-sonnet-4-5", max_tokens=9,
            messages=[{"role": "user", "content": prompt}])


class Storage:
    def __init__(self):
        self.client = boto3.client("s3")
"""

FACTORY = """from .core import make_client, make_openai


def get_client():
    return make_client()


def get_openai():
    return make_openai()
"""

HELPERS = """from .core import ask
from .factory import get_client


def summarise(note):
    return ask(f"Summarise: {note}")


def draft(text, model):
    return get_client().messages.create(model=model, max_tokens=9, messages=[{"role": "user", "content": text}])
"""

AGENTS = """from .core import BaseLLM, Storage


class Doctor(BaseLLM):
    def diagnose(self, notes):
        return self.complete(notes)


class Archive(Storage):
    def keep(self, notes):
        return self.client.put_object(Body=notes)
"""

MAIN = """from pkg.agents import Archive, Doctor
from pkg.core import CLIENTS
from pkg.factory import get_client, get_openai
from pkg.helpers import draft, summarise
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def repo(root: Path) -> None:
    write(
        root,
        {
            "pkg/__init__.py": "",
            "pkg/core.py": CORE,
            "pkg/factory.py": FACTORY,
            "pkg/helpers.py": HELPERS,
            "pkg/agents.py": AGENTS,
            "main.py": MAIN,
        },
    )


def link(root: Path, rel: str, index: ProjectIndex | None = None):
    index = index or ProjectIndex(root)
    path = root / rel
    tree = ast.parse(path.read_text())
    facts = Facts(tree, Resolver(tree))
    facts.remote = index.link(path, tree)
    return facts.remote


def test_a_helper_sending_through_a_helper_of_a_third_module_is_known(tmp_path):
    repo(tmp_path)
    remote = link(tmp_path, "main.py")
    fn = remote.resolve("summarise")
    assert isinstance(fn, RemoteFunction) and fn.sends and fn.content_params == ("note",)
    assert fn.request is not None and fn.request.path == "pkg/core.py"  # the request is two hops away
    draft = remote.resolve("draft")
    assert isinstance(draft, RemoteFunction) and draft.content_params == ("text",)


def test_a_factory_calling_a_factory_returns_its_client_and_an_openai_one_stays_silent(tmp_path):
    repo(tmp_path)
    remote = link(tmp_path, "main.py")
    fn = remote.resolve("get_client")
    assert isinstance(fn, RemoteFunction) and isinstance(fn.returns_client, RemoteClient)
    assert fn.returns_client.name == "Anthropic" and fn.returns_client.place.path == "pkg/core.py"
    other = remote.resolve("get_openai")
    assert other is None or (isinstance(other, RemoteFunction) and other.returns_client is None)


def test_a_dict_of_clients_is_a_client_through_an_entry_only(tmp_path):
    repo(tmp_path)
    item = link(tmp_path, "main.py").resolve("CLIENTS")
    assert isinstance(item, RemoteClient) and item.items


def test_a_subclass_inherits_the_clients_and_sending_methods_of_a_base_of_another_module(tmp_path):
    repo(tmp_path)
    remote = link(tmp_path, "main.py")
    doctor = remote.resolve("Doctor")
    assert isinstance(doctor, RemoteClass)
    assert doctor.client("client") is not None
    complete, diagnose = doctor.method("complete"), doctor.method("diagnose")
    assert complete is not None and complete.sends
    assert diagnose is not None and diagnose.sends and diagnose.content_params == ("notes",)
    archive = remote.resolve("Archive")  # an S3 client: nothing about Claude
    assert archive is None or (isinstance(archive, RemoteClass) and not archive.clients and not archive.methods)


def test_summaries_do_not_depend_on_the_order_modules_are_met_in(tmp_path):
    repo(tmp_path)
    first = ProjectIndex(tmp_path)
    for rel in ("pkg/core.py", "pkg/factory.py", "pkg/helpers.py", "pkg/agents.py"):
        first.summary(tmp_path / rel)
    second = ProjectIndex(tmp_path)
    for rel in ("pkg/agents.py", "pkg/helpers.py", "pkg/factory.py", "pkg/core.py"):
        second.summary(tmp_path / rel)
    for rel in ("pkg/core.py", "pkg/factory.py", "pkg/helpers.py", "pkg/agents.py"):
        assert first.summary(tmp_path / rel) == second.summary(tmp_path / rel)


def test_an_import_cycle_is_cut_and_the_rest_of_the_chain_still_combines(tmp_path):
    """a and b import each other (one component: values only between them); b's helper
    sends through c's helper (another component: followed)."""
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/c.py": CORE,
            "pkg/a.py": "from .b import relay\n\ndef outer(note):\n    return relay(note)\n",
            "pkg/b.py": "from .a import outer\nfrom .c import ask\n\ndef relay(text):\n    return ask(text)\n",
            "main.py": "from pkg.a import outer\nfrom pkg.b import relay\n",
        },
    )
    index = ProjectIndex(tmp_path)
    remote = link(tmp_path, "main.py", index)
    relay = remote.resolve("relay")
    assert isinstance(relay, RemoteFunction) and relay.sends and relay.content_params == ("text",)
    assert remote.resolve("outer") is None  # through b, in its own import cycle: not followed
    assert index.same_component(tmp_path / "pkg/a.py", tmp_path / "pkg/b.py")
    assert not index.same_component(tmp_path / "pkg/b.py", tmp_path / "pkg/c.py")
    assert not index.active  # every summary finished


def test_a_bedrock_runtime_factory_keeps_the_region_it_gives_its_client(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/utils.py": (
                "import os\nimport boto3\n\nBEDROCK_REGION = os.environ.get('BEDROCK_REGION', 'us-east-1')\n\n"
                "def get_bedrock_client(region=BEDROCK_REGION):\n    return boto3.client('bedrock-runtime', region)\n\n"
                "def get_default():\n    return boto3.client('bedrock-runtime')\n\n"
                "def get_s3():\n    return boto3.client('s3', region_name='us-east-1')\n"
            ),
            "app/chat.py": "from app.utils import get_bedrock_client, get_default, get_s3\n",
        },
    )
    remote = link(tmp_path, "app/chat.py")
    fn = remote.resolve("get_bedrock_client")
    assert isinstance(fn, RemoteFunction) and fn.returns_client is not None
    region = fn.returns_client.region
    assert region is not None and region.value == "us-east-1" and region.name == "BEDROCK_REGION"
    assert region.place.line == 4
    default = remote.resolve("get_default")
    assert isinstance(default, RemoteFunction) and default.returns_client is not None
    assert default.returns_client.region is not None and default.returns_client.region.source == ""
    s3 = remote.resolve("get_s3")
    assert s3 is None or (isinstance(s3, RemoteFunction) and s3.returns_client is None)
