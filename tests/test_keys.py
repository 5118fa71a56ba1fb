"""Redaction: no output shows a full key, whatever is glued to it."""

import pytest

from claude_lint import keys
from harness import make_key


@pytest.mark.parametrize("kind", ["api03", "admin01", "sid01", "oat01"])
@pytest.mark.parametrize("shape", [
    "{k}",
    "key={k}",
    "claude-{k}",          # glued after a hyphen (a model-name-like prefix)
    "KEY{k}",              # glued after a word
    "'{k}'",
    "https://user:{k}@example.test/v1",
])
def test_redact_text_hides_every_key_shape(kind, shape):
    key = make_key(kind)
    out = keys.redact_text(shape.format(k=key))
    assert key not in out
    assert key[-4:] in out or out.endswith("…")  # the redacted form keeps at most the last 4


def test_redact_text_keeps_redacted_forms_and_prose():
    text = "rotate sk-ant-api03-…AbCd; the sk-ant- prefix names Anthropic keys"
    assert keys.redact_text(text) == text


def test_no_tracked_file_holds_a_key_shaped_string():
    """Secret scanners read the repository too: key-shaped strings (placeholders included)
    are template tokens that the harness fills at test time."""
    import re
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True)
    if proc.returncode != 0:
        pytest.skip("not a git checkout")
    shape = re.compile(rb"sk-ant-[a-z]+\d\d-[A-Za-z0-9_\-]{40,}|ABSK[A-Za-z0-9+/]{60,}|bedrock-api-key-[A-Za-z0-9+/=]{40,}")
    hits = []
    for name in proc.stdout.decode().split("\0"):
        path = root / name
        if name and path.is_file() and not path.is_symlink():
            for n, line in enumerate(path.read_bytes().splitlines(), 1):
                if shape.search(line):
                    hits.append(f"{name}:{n}")
    assert not hits, hits
