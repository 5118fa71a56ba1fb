"""Modules nothing imports, names or runs (claude_lint/project/unused.py): their traffic
findings are left out and counted (``--include-unused`` shows them); every way a real
repository runs a module without an import line keeps it used."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

from click.testing import CliRunner

from claude_lint.cli import main

POLICY = "policy:\n  residency: eu\n"

#: a helper whose first-party client breaks residency: eu (eu-residency-unavailable at line 3)
HELPER = """import anthropic

client = anthropic.Anthropic()


def ask(question):
    reply = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": question}]
    )
    return reply.content[0].text
"""
ROUTES = """from fastapi import APIRouter

from app.ai.helper import ask

router = APIRouter()


@router.post("/ask")
def ask_route(q: str):
    return ask(q)
"""
MAIN = """from fastapi import FastAPI

from app.routes import router

app = FastAPI()
app.include_router(router)
"""


def repo(root: Path, extra: dict[str, str]) -> Path:
    files = {
        ".claude-lint.yaml": POLICY,
        "app/__init__.py": "",
        "app/ai/__init__.py": "",
        "app/ai/helper.py": HELPER,
        "app/routes.py": ROUTES,
        "app/main.py": MAIN,
        **extra,
    }
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def check(root: Path, *args: str) -> tuple[set[tuple[str, str]], dict]:
    res = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "json", *args])
    assert res.stdout.strip().startswith("{"), res.output
    out = json.loads(res.stdout)
    paths = {(f["rule_id"], Path(f["path"]).relative_to(root).as_posix()) for f in out["findings"]}
    return paths, out["summary"]


def test_a_stale_copy_and_an_unimported_sibling_are_left_out_and_counted(tmp_path):
    root = repo(tmp_path, {"app/ai/helper copy.py": HELPER, "app/ai/old_helper.py": HELPER})
    found, summary = check(root)
    assert ("eu-residency-unavailable", "app/ai/helper.py") in found
    assert not any(p in ("app/ai/helper copy.py", "app/ai/old_helper.py") for _r, p in found)
    assert summary["unused_not_reported"] == 2
    shown, summary = check(root, "--include-unused")
    assert ("eu-residency-unavailable", "app/ai/old_helper.py") in shown
    assert ("eu-residency-unavailable", "app/ai/helper copy.py") in shown
    assert summary["unused_not_reported"] == 0


def test_an_unmounted_router_module_nothing_imports_is_left_out(tmp_path):
    root = repo(tmp_path, {"app/old_routes.py": ROUTES.replace("from app.ai.helper import ask", HELPER)})
    found, summary = check(root)
    assert not any(p == "app/old_routes.py" for _r, p in found)
    assert summary["unused_not_reported"] == 1


def test_a_key_in_an_unused_module_is_still_reported(tmp_path):
    rng = random.Random(7)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(93))
    key = "sk-ant-" + "api03-" + body + "AA"  # built at run time: no key-shaped literal in this file
    stale = HELPER.replace("anthropic.Anthropic()", f'anthropic.Anthropic(api_key="{key}")')
    root = repo(tmp_path, {"app/ai/old_helper.py": stale})
    found, _summary = check(root)
    assert ("hardcoded-api-key", "app/ai/old_helper.py") in found
    assert ("eu-residency-unavailable", "app/ai/old_helper.py") not in found


def test_modules_run_without_an_import_line_stay_used(tmp_path):
    handler = HELPER + "\n\ndef lambda_handler(event, context):\n    return ask(event['q'])\n"
    view = HELPER + "\n\ndef intake(request):\n    return ask(request.json['notes'])\n"
    script = HELPER + '\n\nprint(ask("hello"))\n'
    main_block = HELPER + '\n\nif __name__ == "__main__":\n    ask("hi")\n'
    dynamic = HELPER
    entry = HELPER + "\n\ndef main():\n    ask('x')\n"
    served = HELPER.replace(
        "import anthropic\n", "import anthropic\nfrom flask import Flask\n\nweb = Flask(__name__)\n"
    )
    root = repo(
        tmp_path,
        {
            "app/ai/lambda_chat.py": handler,  # a Lambda handler deployed from the console
            "app/ai/intake_view.py": view,  # a view a route table or a platform calls by name
            "app/ai/scratch.py": script,  # a script: its top level sends a request
            "app/ai/runner_cli.py": main_block,  # run with python -m
            "app/ai/plugin_chat.py": dynamic,  # importlib.import_module("app.ai.plugin_chat")
            "app/ai/tool_entry.py": entry,  # a console script in pyproject.toml
            "app/ai/served.py": served,  # starts its own application
            "app/ai/pages_like.py": HELPER,  # named in the Dockerfile
            "top_level_helper.py": HELPER,  # the repository's surface
            "app/loader.py": 'import importlib\n\nmod = importlib.import_module("app.ai.plugin_chat")\n',
            "pyproject.toml": '[project]\nname = "x"\n[project.scripts]\nx = "app.ai.tool_entry:main"\n',
            "Dockerfile": "FROM python:3.12\nCMD python app/ai/pages_like.py\n",
            "tools/__init__.py": "",
            "tools/alone.py": HELPER,  # its folder has no imported module: nothing known
        },
    )
    found, summary = check(root)
    for rel in (
        "app/ai/lambda_chat.py",
        "app/ai/intake_view.py",
        "app/ai/scratch.py",
        "app/ai/runner_cli.py",
        "app/ai/plugin_chat.py",
        "app/ai/tool_entry.py",
        "app/ai/served.py",
        "app/ai/pages_like.py",
        "top_level_helper.py",
        "tools/alone.py",
    ):
        assert ("eu-residency-unavailable", rel) in found, rel
    assert summary["unused_not_reported"] == 0


def test_the_text_report_says_what_was_left_out(tmp_path):
    root = repo(tmp_path, {"app/ai/old_helper.py": HELPER})
    res = CliRunner().invoke(main, ["check", str(root), "--no-cache", "--format", "text"])
    assert "1 finding in modules nothing imports or runs not reported; --include-unused to show" in res.output
