"""rulekit.library: a library's own code (the SDK, a wrapper library) versus an application;
rulekit.credentials: the test-file status the credential rules pass to the placeholder test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claude_lint.rulekit import credentials, library

RELATIVE = ast.parse("from .._exceptions import AnthropicError\n")
ABSOLUTE = ast.parse("import anthropic\n")


@pytest.mark.parametrize(
    "path,tree,package",
    [
        ("src/anthropic/lib/credentials/_constants.py", ABSOLUTE, "anthropic"),
        ("/work/eval-trees/anthropic-sdk-python/src/anthropic/_utils/_logs.py", None, "anthropic"),
        ("venv/lib/python3.12/site-packages/anthropic/_base_client.py", None, "anthropic"),
        ("anthropic/lib/bedrock/_client.py", RELATIVE, "anthropic"),
        ("/work/trees/litellm-1.83.0/litellm/types/llms/anthropic.py", None, "litellm"),
        ("libs/partners/anthropic/langchain_anthropic/chat_models.py", None, "langchain_anthropic"),
        ("llama-index-integrations/llms/x/llama_index/llms/anthropic/base.py", None, "llama_index.llms.anthropic"),
        ("pydantic_ai_slim/pydantic_ai/models/anthropic.py", None, "pydantic_ai.models.anthropic"),
    ],
)
def test_library_modules(path, tree, package):
    assert library.package_of(path, tree) == package


@pytest.mark.parametrize(
    "path,tree",
    [
        # a tutorial folder called anthropic/: no src layout, no relative import
        ("prompt_engineering_interactive_tutorial/AmazonBedrock/anthropic/helpers.py", ABSOLUTE),
        ("courses/anthropic/10_3_Appendix.ipynb", None),  # notebooks are never library modules
        ("src/anthropic/tests/test_client.py", RELATIVE),  # the library's tests use it
        ("tests/lib/test_credentials.py", ABSOLUTE),
        ("examples/anthropic_demo.py", ABSOLUTE),
        ("litellm/tests/test_anthropic.py", None),
        ("litellm/examples/demo.py", None),
        ("pydantic_ai_slim/pydantic_ai/models/openai.py", None),  # another provider's module
        ("app/anthropic.py", RELATIVE),  # a module named like the package: not inside it
    ],
)
def test_application_modules(path, tree):
    assert library.package_of(path, tree) is None


def test_own_client_classes():
    tree = ast.parse(
        "import anthropic\nfrom anthropic._base_client import SyncAPIClient\n"
        "class A(anthropic.Anthropic):\n    x = 1\n"
        "class B(SyncAPIClient[int, int]):\n    y = 2\n"
        "class C:\n    z = 3\n"
    )
    from claude_lint.analysis import Resolver

    spans = library.own_client_classes(tree, Resolver(tree).qualname)
    assert spans == ((3, 4), (5, 6))


class _Policy:
    def __init__(self, tests: bool) -> None:
        self.tests = tests
        self.calls: list[Path] = []

    def is_test_path(self, path: Path) -> bool:
        self.calls.append(path)
        return self.tests


class _Ctx:
    def __init__(self, tests: bool, **extra) -> None:
        self.path = "pkg/tests/test_x.py"
        self.policy = _Policy(tests)
        self.scratch: dict = {}
        self.__dict__.update(extra)


def test_in_test_file_uses_the_policy_once_per_file():
    ctx = _Ctx(True)
    assert credentials.in_test_file(ctx) and credentials.in_test_file(ctx)
    assert ctx.policy.calls == [Path("pkg/tests/test_x.py")]
    assert credentials.is_placeholder(ctx, "corp-gw-7f3a9c2e51d04b8f")
    assert not credentials.is_placeholder(_Ctx(False), "corp-gw-7f3a9c2e51d04b8f")


def test_in_test_file_prefers_the_contexts_own_notion():
    assert not credentials.in_test_file(_Ctx(True, in_tests=False))
    assert credentials.in_test_file(_Ctx(False, in_tests=True))
