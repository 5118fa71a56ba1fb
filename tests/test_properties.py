"""Property-based robustness: whatever the input, the run does not raise, is deterministic,
and every reported location lies inside its file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_lint.runner import Runner, RunOptions

# fragments that steer generated code towards what the rules look at
FRAGMENTS = [
    "import anthropic\n",
    "from anthropic import Anthropic, AnthropicBedrock as B, AsyncAnthropicVertex as V\n",
    "client = anthropic.Anthropic(api_key='q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE')\n",
    "c = B('wJalrXUtnFEMIK7MDENGbPxRfiCYzQ1KEY2abcd', 'x', 'eu-west-1')\n",
    "os.environ['ANTHROPIC_API_KEY'] = 'Zk2P9wQm4Lr7Tn1Vx6Bc3Hd8Fg5Js0Ay2Ue9Wo4R'\n",
    "r = client.messages.create(model='claude-sonnet-4-5', max_tokens=5, messages=[{'role': 'user', 'content': x}])\n",
    "print(r.content[0].text)\n",
    "def f(patient):\n    return client.messages.create(messages=[patient])\n",
    "class K:\n    def __init__(self):\n        self.c = anthropic.Anthropic()\n",
    "x = (\n",
    ")\n",
    "  # claude-lint: ignore[hardcoded-api-key]\n",
    "'''\n",
    '"""\n',
    "print 'python 2'\n",
    "\t\tmixed\n",
    "é😀 = 1\n",
    "\r\n",
    "\x00",
    "\\\n",
    "sessionKey=abc\n",
    "headers = {'x-api-key': 'Zk2P9wQm4Lr7Tn1Vx6Bc3Hd8Fg5Js0Ay2Ue9Wo4R'}\n",
]

python_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=25).map("".join)


@st.composite
def notebooks(draw):
    cells = []
    for _ in range(draw(st.integers(0, 5))):
        src = draw(python_text)
        as_list = draw(st.booleans())
        cells.append(
            {
                "cell_type": draw(st.sampled_from(["code", "code", "markdown", "raw"])),
                "source": src.splitlines(keepends=True) if as_list else src,
                "metadata": {},
                "outputs": [],
            }
        )
    doc = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(doc, indent=draw(st.sampled_from([None, 1, 2])))
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]  # a broken notebook
    return text


policy_text = st.one_of(
    st.just(""),
    st.sampled_from(
        [
            "policy: {residency: eu}\n",
            "policy: {residency: us, handles-phi: true, zdr: true, baa: [anthropic]}\n",
            "rules: {hardcoded-api-key: {disable: true}}\n",
            "select: [security]\n",
        ]
    ),
    st.text(max_size=60),  # mostly broken YAML / unknown keys
)


def _run(root: Path):
    old = os.getcwd()
    os.chdir(root)
    try:
        from claude_lint.config import PolicyError

        try:
            return Runner(RunOptions(paths=[Path(".")], jobs=1)).run()
        except PolicyError:
            return None  # a broken policy is a clean, reported error (exit 2)
    finally:
        os.chdir(old)


def _check_inside(root: Path, result) -> None:
    for f in result.findings:
        path = root / f.location.path
        lines = path.read_bytes().decode("utf-8", "replace").splitlines() or [""]
        assert 1 <= f.location.line <= max(len(lines), 1), (f, len(lines))
        assert f.location.end_line >= f.location.line
        assert f.location.column >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(py=python_text, nb=notebooks(), policy=policy_text, raw=st.binary(max_size=200))
def test_any_input_never_raises_and_is_deterministic(py, nb, policy, raw):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "app.py").write_bytes(py.encode("utf-8", "surrogatepass"))
        (root / "nb.ipynb").write_text(nb, encoding="utf-8")
        (root / "blob.py").write_bytes(raw)
        (root / ".env").write_bytes(raw)
        (root / "claude-lint.yaml").write_text(policy, encoding="utf-8")
        first = _run(root)
        second = _run(root)
        if first is None:
            assert second is None
            return
        key = lambda r: [(f.rule_id, f.location, f.message) for f in r.findings]  # noqa: E731
        assert key(first) == key(second)
        assert [n.sort_key for n in first.notices] == [n.sort_key for n in second.notices]
        _check_inside(root, first)
