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
