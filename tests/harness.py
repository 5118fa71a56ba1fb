"""The fixture harness: fills template keys, runs claude-lint, compares annotated lines.

Fixtures live in ``fixtures/<rule-id>/`` and are annotated in place, semgrep style: a
comment ``ruleid: <id>[, <id>]`` or ``ok: <id>`` on the line (or run of annotation lines)
before the code it speaks of; ``todoruleid``/``todook`` mark known gaps and are not checked.
Any comment syntax works (``#``, ``//``, ``<!-- -->``, a JSON string), since the annotation is
found by a regex.

A fixture may be a small repository: a folder holding a package of several modules (with
its ``__init__.py`` files), annotated in any of its files.  The whole fixtures tree is
scanned in one run, so imports inside such a folder resolve as they would in a real
repository (``fixtures/phi-without-zdr/reach/``: a route handler, a service module, a
wrapper class, a look-alike import of a module outside the repository), and findings are
checked in whichever file they land.

Realistic keys never live in the repository: a fixture writes a template token such as
``{{KEY:api03}}`` and the harness replaces each occurrence with a freshly generated key in a
temporary copy.

Autofix pairs live in ``fixtures/<rule-id>/fix/``: ``<name>.py`` is an ordinary annotated
fixture, ``<name>.fixed.py`` is what ``claude-lint check --fix`` must turn it into (tokens
and all: the fixed text is compared with the generated keys put back as their tokens).  A
``.fixed.`` file is an expectation, not a target: its annotations (carried over from the
file it was fixed from) are not checked, and findings in it are ignored by the fixture run.
"""

from __future__ import annotations

import re
import secrets
import shutil
import string
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

_URLSAFE = string.ascii_letters + string.digits + "_-"
_B64 = string.ascii_letters + string.digits + "+/"
_ALNUM = string.ascii_letters + string.digits


def _rand(alphabet: str, n: int) -> str:
    while True:
        s = "".join(secrets.choice(alphabet) for _ in range(n))
        # avoid accidental placeholder-looking runs so every generated key is a real-looking key
        if not re.search(
            r"(?i)xxxx|0000|(^|[-_])(your|test|fake|mock|dummy|example|sample|placeholder|replace|insert|redacted|changeme|secret)([-_]|$)",
            s,
        ):
            return s


def make_key(kind: str) -> str:
    """A freshly generated credential of the given template kind."""
    if kind.endswith("-b64"):  # the base64 form of another kind (a Kubernetes Secret's data)
        import base64

        return base64.b64encode(make_key(kind[:-4]).encode()).decode()
    if kind == "api03-head":  # the first piece of a key split over literals: ends after 50
        return "sk-ant-api03-" + _rand(_URLSAFE, 50)
    if kind.startswith("api03-tail"):  # the last piece: N (43) characters and "AA"
        return _rand(_URLSAFE, int(kind[10:] or 43)) + "AA"
    if kind in ("api03-0000", "api03-xxxx"):  # a random key that holds a run by chance
        body = _rand(_URLSAFE, 89)
        at = secrets.randbelow(90)
        return "sk-ant-api03-" + body[:at] + kind[6:] + body[at:] + "AA"
    if kind in ("api03", "admin01", "sid01"):
        return f"sk-ant-{kind}-{_rand(_URLSAFE, 93)}AA"
    if kind == "oat01":
        return f"sk-ant-oat01-{_rand(_URLSAFE, 95)}"
    if kind == "ort01":
        return f"sk-ant-ort01-{_rand(_URLSAFE, 64)}"
    if kind == "absk":
        return "ABSK" + _rand(_B64, 132)
    if kind == "bedrock-short":
        return "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + _rand(_B64, 180)
    if kind == "api03-short":  # gitleaks false-positive shape: 76 characters in all
        return "sk-ant-api03-" + _rand(_URLSAFE, 61) + "AA"
    if kind == "api03-x":  # a full-length placeholder: the right shape, every character "x"
        return "sk-ant-api03-" + "x" * 93 + "AA"
    if kind == "api03-bb":  # right length, wrong suffix
        return "sk-ant-api03-" + _rand(_URLSAFE, 93) + "BB"
    if kind == "api04":  # an unconfirmed version: not a known format
        return "sk-ant-api04-" + _rand(_URLSAFE, 93) + "AA"
    if kind.startswith("random"):
        return _rand(_ALNUM, int(kind[6:] or 40))
    raise ValueError(f"unknown template key kind {kind!r}")


TOKEN_RE = re.compile(r"\{\{KEY:([a-z0-9-]+)\}\}")
ANNOTATION_RE = re.compile(r"\b(todoruleid|todook|ruleid|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")


def fill_tree(src: Path, dst: Path) -> list[str]:
    """Copy ``src`` to ``dst`` replacing every template token; return the generated keys."""
    generated: list[str] = []

    def repl(m: re.Match) -> str:
        key = make_key(m.group(1))
        generated.append(key)
        return key

    shutil.copytree(src, dst, symlinks=True)
    for path in sorted(dst.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "{{KEY:" in text:
            path.write_text(TOKEN_RE.sub(repl, text), encoding="utf-8")
    return generated


def is_fix_expectation(path: str | Path) -> bool:
    """``<name>.fixed.<ext>``: the expected result of an autofix, not a fixture target."""
    return ".fixed." in Path(path).name


def fix_pairs() -> list[tuple[str, Path, Path]]:
    """Every ``(rule id, before, after)`` of ``fixtures/<rule-id>/fix/``."""
    pairs = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for before in sorted((folder / "fix").glob("*")):
            if before.is_file() and not is_fix_expectation(before):
                pairs.append((folder.name, before, before.with_name(f"{before.stem}.fixed{before.suffix}")))
    return pairs


def fill_text(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with every template token replaced by a fresh key, and the map from each
    generated key back to its token."""
    back: dict[str, str] = {}

    def repl(m: re.Match) -> str:
        key = make_key(m.group(1))
        back[key] = m.group(0)
        return key

    return TOKEN_RE.sub(repl, text), back


def unfill_text(text: str, back: dict[str, str]) -> str:
    for key, token in back.items():
        text = text.replace(key, token)
    return text


@dataclass
class Expectations:
    must: dict[tuple[str, int], str] = field(default_factory=dict)  # (file, line) -> rule ids
    must_not: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    todo: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    fire: set[tuple[str, str, int]] = field(default_factory=set)  # (rule, file, line)


def expectations(folder: Path, rel_to: Path) -> Expectations:
    exp = Expectations()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or is_fix_expectation(path):
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(rel_to).as_posix()
        pending: list[tuple[str, list[str]]] = []
        for number, line in enumerate(lines, start=1):
            found = ANNOTATION_RE.findall(line) if ("ruleid:" in line or "ok:" in line) else []
            if found and _is_annotation_line(line):
                for kind, ids in found:
                    pending.append((kind, [i.strip() for i in ids.split(",")]))
                continue
            if pending:
                for kind, ids in pending:
                    for rid in ids:
                        if kind == "ruleid":
                            exp.fire.add((rid, rel, number))
                        elif kind == "ok":
                            exp.must_not.setdefault((rel, number), set()).add(rid)
                        else:
                            exp.todo.setdefault((rel, number), set()).add(rid)
                pending = []
    return exp


def _is_annotation_line(line: str) -> bool:
    """A line that holds only an annotation comment: ``# ...``, ``// ...``, ``<!-- ... -->``,
    ``; ...``, or a JSON string that is one (a notebook's ``"# ruleid: x\\n",`` or a
    ``"_comment": "ruleid: x"`` member)."""
    s = line.strip()
    return s.startswith(("#", "//", "<!--", ";", "--", '"#', '"_comment', '"//'))
