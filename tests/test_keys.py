"""Redaction: no output shows a full key, whatever is glued to it."""

import pytest
from harness import make_key

from claude_lint import keys


@pytest.mark.parametrize("kind", ["api03", "admin01", "sid01", "oat01"])
@pytest.mark.parametrize(
    "shape",
    [
        "{k}",
        "key={k}",
        "claude-{k}",  # glued after a hyphen (a model-name-like prefix)
        "KEY{k}",  # glued after a word
        "'{k}'",
        "https://user:{k}@example.test/v1",
    ],
)
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
    shape = re.compile(
        rb"sk-ant-[a-z]+\d\d-[A-Za-z0-9_\-]{40,}|ABSK[A-Za-z0-9+/]{60,}|bedrock-api-key-[A-Za-z0-9+/=]{40,}"
    )
    hits = []
    for name in proc.stdout.decode().split("\0"):
        path = root / name
        if name and path.is_file() and not path.is_symlink():
            for n, line in enumerate(path.read_bytes().splitlines(), 1):
                if shape.search(line):
                    hits.append(f"{name}:{n}")
    assert not hits, hits


# -- detection: where a key may start ------------------------------------------------------
_SEPARATORS = [
    "\n",
    " ",
    "=",
    ":",
    "/",
    '"',
    "'",
    "`",
    "(",
    "[",
    ",",
    ";",
    "-",
    "_",
    "\\n",
    "\\t",
    "\\r",
    '\\"',
    "\\\\",
    "\\u0022",
    "\\x22",
    "%22",
    "%3D",
]


@pytest.mark.parametrize("kind", ["api03", "admin01", "absk"])
@pytest.mark.parametrize("before", _SEPARATORS)
def test_a_key_after_any_non_alphanumeric_character_or_escape_is_found(kind, before):
    """``claude-sk-ant-…``, ``MY_sk-ant-…`` (``_`` separates words of identifiers and file
    names, so it counts as a boundary), JSON and Python escapes (``"…\\nsk-ant-…"``) and
    percent-encoded bytes end the token before the key."""
    key = make_key(kind)
    text = f"prefix{before}{key} trailing"
    found = keys.find_keys(text)
    assert [(m.token, m.start) for m in found] == [(key, text.index(key))]


@pytest.mark.parametrize("before", ["KEY", "x9", "0"])
def test_a_key_glued_to_a_letter_or_digit_is_not_a_key_but_is_redacted(before):
    key = make_key("api03")
    assert keys.find_keys(f"{before}{key}") == []
    assert key not in keys.redact_text(f"{before}{key}")


def test_a_key_after_an_escaped_newline_in_a_one_string_notebook_output():
    import json

    key = make_key("api03")
    nb = json.dumps({"outputs": [{"output_type": "stream", "text": f"loaded\n{key}\n"}]})
    found = keys.scan_keys(nb)
    assert [m.token for m in found] == [key]
    assert nb[found[0].start : found[0].end] == key  # the position is the key's in the raw text


# -- detection: the placeholder test judges the whole value -------------------------------
def test_random_keys_with_an_incidental_run_are_keys():
    """About 1 in 10,000 random keys holds ``xxxx`` or ``0000``; forced into a few thousand
    seeded random bodies at random places, every one is still found."""
    import random
    import string

    rng = random.Random(20261207)
    alphabet = string.ascii_letters + string.digits + "_-"
    missed = []
    for n in range(3000):
        run = ("xxxx", "0000", "XXXX", "xxxxx", "00000000")[n % 5]
        body = "".join(rng.choice(alphabet) for _ in range(93 - len(run)))
        at = rng.randrange(len(body) + 1)
        key = f"sk-ant-{('api03', 'admin01')[n % 2]}-{body[:at]}{run}{body[at:]}AA"
        if keys.is_placeholder(key, strict_format=True) or [m.token for m in keys.find_keys(f'k = "{key}"')] != [key]:
            missed.append(key[:20])
    assert not missed, f"{len(missed)} of 3000 missed"


@pytest.mark.parametrize(
    "body",
    [
        "x" * 93,
        "X" * 93,
        "0" * 93,
        "abc123" + "x" * 87,
        "AbCd" + "0" * 89,
        "x" * 60 + "Qz7Kp2Lm9Rt4Wv8Yb3Nc6Hd1Jf5Gs0Ae" + "x" * 1,
        (string_ascii := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + string_ascii[:31],
        "your-key-here-" + "0" * 79,
        "EXAMPLEKEY" * 9 + "EXA",
        "-".join(["test"] * 18) + "-aaaa",
    ],
)
def test_placeholders_of_full_length_stay_placeholders(body):
    token = f"sk-ant-api03-{body[:93]}AA"
    assert len(token) == 108
    assert keys.is_placeholder(token, strict_format=True)
    assert keys.find_keys(f'k = "{token}"') == []


@pytest.mark.parametrize(
    "value",
    [
        "sk-ant-api03-...",
        "sk-ant-api03-xxxxxxxx",
        "sk-ant-api03-xxxxxxxx…",
        "your-key-here",
        "sk-ant-api03-your-key-here",
        "proxy-token-XXXX-2024",
        "sk-ant-api03-0000000000000000",
        "test-key-123",
    ],
)
def test_short_and_worded_placeholders(value):
    assert keys.is_placeholder(value)


# -- detection: keys split over adjacent literals, escaped, base64 in a Secret --------------
def _split_source(key: str) -> str:
    return f'import anthropic\n\nclient = anthropic.Anthropic(\n    api_key="{key[:40]}"\n    # rotated 2026\n    "{key[40:77]}" \'{key[77:]}\'\n)\n'


def test_split_literals_are_joined_and_reported_at_the_first_piece():
    key = make_key("api03")
    src = _split_source(key)
    found = keys.scan_keys(src, python=True)
    assert [(m.token, m.via) for m in found] == [(key, "split")]
    assert src[found[0].start :].startswith(key[:40])
    assert len(found[0].hide) == 3
    assert keys.scan_keys(src) == []  # not Python: literals are not joined


@pytest.mark.parametrize("piece", ["\\x41", "\\101", "\\u0041", "\\N{LATIN CAPITAL LETTER A}"])
def test_a_key_with_an_escaped_character_in_its_literal(piece):
    key = make_key("api03")
    key = key[:60] + "A" + key[61:]
    src = f'KEY = "{key[:60]}{piece}{key[61:]}"\n'
    assert [(m.token, m.via) for m in keys.scan_keys(src, python=True)] == [(key, "split")]


def test_split_literals_bounds():
    key = make_key("api03")
    assert keys.scan_keys(f'a = "{key[:50]}"\nb = f"{key[50:]}"\n', python=True) == []  # an f-string ends the group
    assert keys.scan_keys(f'a = "{key[:50]}" + x\n"{key[50:]}"\n', python=True) == []
    head = key[:50]
    # a hostile file: many unterminated openings stay linear
    src = ('"' + head + '"\n') * 2000 + ('"' + head + "\n") * 2000
    assert keys.scan_keys(src, python=True) == []


def _secret_manifest(value: str, kind: str = "Secret") -> str:
    return f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: bot\ndata:\n  ANTHROPIC_API_KEY: {value}\n"


def test_base64_key_in_a_secret_manifest():
    import base64

    key = make_key("api03")
    enc = base64.b64encode(key.encode()).decode()
    env = base64.b64encode(f"MODEL=claude\nANTHROPIC_API_KEY={key}\n".encode()).decode()
    for value in (enc, env, f'"{enc}"'):
        text = _secret_manifest(value)
        found = keys.scan_keys(text)
        assert [(m.token, m.via) for m in found] == [(key, "base64")]
        assert text[found[0].start : found[0].end] == value.strip('"')
    json_manifest = '{"apiVersion": "v1", "kind": "Secret",\n "data": {"k": "' + enc + '"}}'
    assert keys.scan_keys(json_manifest.replace(', "kind": "Secret",', ',\n "kind": "Secret",')) != []
    assert keys.scan_keys(_secret_manifest(enc, "ConfigMap")) == []  # only Secret manifests are decoded
    placeholder = base64.b64encode(("sk-ant-api03-" + "x" * 93 + "AA").encode()).decode()
    assert keys.scan_keys(_secret_manifest(placeholder)) == []


def test_the_prefilter_lets_a_secret_with_an_encoded_key_through():
    import base64

    from claude_lint.checks.hardcoded_api_key import HardcodedApiKey

    for pad in ("", "A=", "AB="):
        for kind in ("api03", "absk", "bedrock-short"):
            enc = base64.b64encode((pad + make_key(kind)).encode()).lower()
            assert any(n.lower() in enc for n in HardcodedApiKey.text_prefilter), (pad, kind)


# -- the rule: message, location and snippet never carry the pieces ----------------------
def _check_json(root):
    import json

    from click.testing import CliRunner

    from claude_lint.cli import main

    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(root)])
    return result.output, json.loads(result.output)


def test_split_and_encoded_keys_are_reported_redacted(tmp_path):
    import base64

    key, key2 = make_key("api03"), make_key("admin01")
    (tmp_path / "app.py").write_text(_split_source(key))
    enc = base64.b64encode(key2.encode()).decode()
    (tmp_path / "secret.yaml").write_text(_secret_manifest(enc))
    out, data = _check_json(tmp_path)
    hits = {f["path"].rsplit("/", 1)[-1]: f for f in data["findings"] if f["rule_id"] == "hardcoded-api-key"}
    assert hits["app.py"]["line"] == 4 and "pieces" in hits["app.py"]["message"]
    assert hits["secret.yaml"]["line"] == 6 and "base64" in hits["secret.yaml"]["message"]
    assert "fix" not in hits["app.py"] or not hits["app.py"]["fix"]
    for secret in (key, key2, enc, key[:40], key[40:77], key[77:], enc[:40], key2[15:60]):
        assert secret not in out


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "sk-ant-api03-a\\ " * 25000,  # one line of key starts that stop at a backslash
        '"sk-ant-api03-a" ' * 25000,  # one line of adjacent literals
        '"' + "\\x41" * 100000,  # one unterminated literal of escapes
        '"\\x41" ' * 60000,  # many one-escape literals
        '"""' + "\\x41" * 100000,  # an unterminated triple-quoted literal
    ],
)
def test_the_split_scan_is_linear_on_hostile_lines(text):
    """Each position is read a bounded number of times: a quadratic scan takes minutes here."""
    import time

    start = time.process_time()
    assert keys.scan_keys(text, python=True) == []
    assert time.process_time() - start < 10


@pytest.mark.parametrize("kind", ["api03", "admin01", "absk", "bedrock-short"])
def test_a_key_split_anywhere_in_its_prefix_or_body_is_found(kind):
    key = make_key(kind)
    for cut in range(2, len(key) - 1, 3):
        src = f'x = ("{key[:cut]}"\n     "{key[cut:]}")\n'
        tokens = [m.token for m in keys.scan_keys(src, python=True)]
        # a format of open length (ABSK, bedrock-short) may already be a key in its first piece
        assert tokens == [key] or (
            kind in ("absk", "bedrock-short") and len(tokens) == 1 and key.startswith(tokens[0])
        ), cut


# -- placeholder credentials: the predicate every credential rule shares --------------------
@pytest.mark.parametrize(
    "value",
    [
        # known dummy values of SDKs and docs
        "sk-1234",
        "anything",
        "EMPTY",
        "not-needed",
        # phrases made of words that name a credential or its provider (the SDK's own tests)
        "my-anthropic-api-key",
        "static-bearer",
        "aws-bearer-token",
        "my-access-token",
        "bearer-from-creds",
        "aws-secret-key",
        "sk-openai-123456",
        "ANTHROPIC_API_KEY",
        # placeholder words and glued phrases
        "your-proxy-token-7f3a9c",
        "test-proxy-7f3a9c2e51",
        "fake-claude-token-42",
        "dummy_token_2024",
        "example-gateway-key-19",
        "changeme-please",
        "not-a-real-token-9",
        "sk-ant-api03-notarealkey",
        "…notarealkey",
        "yourapikeyhere123",
        "FAKEKEY1234567",
        # short values, values with spaces, counting sequences
        "k7Zq2x",
        "ANTHROPIC KEY HERE",
        "paste the gateway token",
        "abcd1234",
        "Bearer my-token-here",
    ],
)
def test_placeholder_credentials(value):
    assert keys.is_placeholder_credential(value)
    assert keys.is_placeholder_credential(value, in_tests=True)


@pytest.mark.parametrize(
    "value",
    [
        "prod-key-123",
        "corp-gw-7f3a9c2e51d04b8f",
        "BRKCIUSER7F3A9C21D4E8",
        "sk-ant-api03-q7Zx2Lm9Pw4Rt8Vy",
        "bedrock-ci-user-7f3a9c21",
        "gateway-Q7v2Lm9Pw4",
    ],
)
def test_credentials_outside_tests_are_not_placeholders(value):
    assert not keys.is_placeholder_credential(value)
    # in a test file, a literal without a real key format is a stand-in
    assert keys.is_placeholder_credential(value, in_tests=True)


def test_real_key_formats_in_tests_are_not_placeholders():
    import random
    import string

    rng = random.Random(12)
    alnum = string.ascii_letters + string.digits
    samples = [
        "".join(rng.choice(alnum + "/+") for _ in range(40)),  # an AWS secret access key's shape
        "AKIA" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
        "sk-proj-" + "".join(rng.choice(alnum) for _ in range(48)),
        "ya29." + "".join(rng.choice(alnum) for _ in range(60)),
        f"sk-ant-api03-{''.join(rng.choice(alnum) for _ in range(93))}AA",
    ]
    for value in samples:
        assert keys.has_key_format(value), value[:12]
        assert not keys.is_placeholder_credential(value, in_tests=True), value[:12]
    for value in ("AKIAIOSFODNN7EXAMPLE", "sk-proj-" + "x" * 48, "a" * 40, "corp-gw-7f3a9c2e51d04b8f"):
        assert not keys.has_key_format(value)


@pytest.mark.parametrize("value", ["parent-key", "sk-explicit", "child-token", "scoped_secret", "staging-token"])
def test_letter_labels_of_a_credential_are_placeholders(value):
    assert keys.is_placeholder_credential(value)
