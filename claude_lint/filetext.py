"""What a file's bytes are, before any rule looks at them: suffix classes (Python,
notebooks, binary by nature), configuration and dependency file names, and decoding (UTF-8,
a PEP 263 coding line, UTF-16/UTF-32 with or without a byte-order mark)."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from pathlib import Path

#: folders no scan descends into: version control, dependencies, virtualenvs, tool caches
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "_darcs",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".claude-lint-cache",
        "site-packages",
        ".eggs",
    }
)

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
NOTEBOOK_SUFFIX = ".ipynb"
#: suffixes that are binary by nature: skipped without reading and without a notice
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .pdf .zip .gz .tgz .bz2 .xz .7z .jar .war .whl .egg .so .dylib .dll "
    ".exe .bin .o .a .pyc .pyo .class .woff .woff2 .ttf .otf .eot .mp3 .mp4 .mov .avi .wav .flac .ogg .parquet "
    ".feather .h5 .hdf5 .npy .npz .pkl .pickle .db .sqlite .sqlite3 .onnx .pt .pth .safetensors .ckpt".split()
)
TEXTUAL_SUFFIXES = PYTHON_SUFFIXES + (NOTEBOOK_SUFFIX,)


_CONFIG_NAMES = re.compile(
    r"(?i)^(\.env.*|.*\.env|.*\.ya?ml|dockerfile.*|.*\.dockerfile|containerfile|.*\.tf|.*\.tfvars|.*\.hcl)$"
)
_DEPENDENCY_NAMES = re.compile(
    r"(?i)^(requirements.*\.(txt|in)|pyproject\.toml|setup\.(py|cfg)|pipfile(\.lock)?|poetry\.lock|uv\.lock|"
    r"environment\.ya?ml|constraints.*\.txt)$"
)
DEPENDENCY_RE = re.compile(
    rb"(?i)(?<![\w-])(anthropic|langchain[-_]anthropic|litellm|llama[-_]index[-_]llms[-_]anthropic|pydantic[-_]ai|"
    rb"claude[-_]agent[-_]sdk|instructor|dspy)(?![\w])"
)


def is_config_file(path: Path) -> bool:
    return bool(_CONFIG_NAMES.match(path.name))


def is_dependency_file(path: Path) -> bool:
    return bool(_DEPENDENCY_NAMES.match(path.name))


#: the words of the Python prefilter (``engines.python.PREFILTER_RE``), as substrings of the
#: lower-cased bytes (the same test, several times faster than the case-insensitive regex)
CLAUDE_WORDS = (b"anthropic", b"claude", b"sk-ant-")


def bedrock_call(low: bytes) -> bool:
    """Whether lower-cased bytes can send a request through a boto3 ``bedrock-runtime``
    client (``converse``/``invoke_model`` and their stream forms) whose model id lives
    elsewhere (a settings module): a file that names neither Claude nor Anthropic is still a
    candidate then; its analysis decides by the model id (a Titan or Llama request stays silent)."""
    return b"bedrock-runtime" in low and (b"converse" in low or b"invoke_model" in low)


def mentions_claude(data: bytes, low: bytes | None = None) -> bool:
    """Stage 1 of the Python prefilter: a Claude word, or a Bedrock runtime request."""
    low = data.lower() if low is None else low
    return any(w in low for w in CLAUDE_WORDS) or bedrock_call(low)


def concerns(low: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether lower-cased bytes hold one of ``needles`` (the run's) or a Bedrock runtime request."""
    return any(n in low for n in needles) or bedrock_call(low)


def contains_any(data: bytes, needles: tuple[bytes, ...]) -> bool:
    """Case-insensitive substring test; ``bytes.lower`` plus ``in`` is several times faster
    than one case-insensitive regex with alternatives."""
    low = data.lower()
    return any(n in low for n in needles)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: byte-order marks, the longest first (the UTF-32-LE mark starts with the UTF-16-LE one)
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def wide_text(data: bytes) -> tuple[str, str, bool] | None:
    """UTF-16 or UTF-32 text: ``(text, name of the encoding, decoded cleanly)`` (undecodable
    bytes replaced), None for anything else.  With a byte-order mark the mark decides; without one, a head
    whose bytes are NUL in the places where ASCII text in that encoding has them (at least
    90 % of those places, and at most 10 % of the others) is taken as that encoding."""
    for bom, codec, name in _WIDE_BOMS:
        if data.startswith(bom):
            return _strict_or_replaced(data[len(bom) :], codec, name)
    head = data[:8192]
    if b"\0" not in head:
        return None
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    quarter, half = n // 4, n // 2

    def nul(start: int, step: int) -> int:
        return head[start:n:step].count(0)

    guesses = []
    if nul(1, 4) + nul(2, 4) + nul(3, 4) >= 0.9 * 3 * quarter and nul(0, 4) <= 0.1 * quarter:
        guesses.append(("utf-32-le", "UTF-32"))
    elif nul(0, 4) + nul(1, 4) + nul(2, 4) >= 0.9 * 3 * quarter and nul(3, 4) <= 0.1 * quarter:
        guesses.append(("utf-32-be", "UTF-32"))
    elif nul(1, 2) >= 0.9 * half and nul(0, 2) <= 0.1 * half:
        guesses.append(("utf-16-le", "UTF-16"))
    elif nul(0, 2) >= 0.9 * half and nul(1, 2) <= 0.1 * half:
        guesses.append(("utf-16-be", "UTF-16"))
    for codec, name in guesses:
        return _strict_or_replaced(data, codec, f"{name} (no byte-order mark)")
    return None


def _strict_or_replaced(data: bytes, codec: str, name: str) -> tuple[str, str, bool]:
    try:
        return data.decode(codec), name, True
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), name, False


def decode(data: bytes, is_python: bool) -> tuple[str, bool]:
    try:
        return data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"), True
    except UnicodeDecodeError:
        pass
    if is_python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            if encoding not in ("utf-8", "utf-8-sig"):
                return data.decode(encoding), True
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return data.decode("utf-8", errors="replace"), False
