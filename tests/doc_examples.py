"""The rules' documented *Example* and *Use instead* blocks, run through claude-lint
(Fixit's VALID/INVALID, written as docs): the Example must fire the rule, the Use instead
must not, so a rule's docs cannot drift from its behaviour.

The grammar a rule's docs follow (docstring of ``claude_lint/checks/<id>.py`` or
``metadata.description`` of ``rules/<id>.yaml``):

* Every fenced code block of the ``## Example`` section is one file of the example; every
  block of ``## Use instead`` one file of the fixed version.  Text outside the fences (an
  *Autofix* note, say) is prose.
* A block whose first line is a comment naming a file — ``# docker-compose.yml``,
  ``# Dockerfile``, ``# .env``, ``# app/settings.py`` (prose may follow after a comma or
  colon; a ``python`` block can only be named ``*.py``) — is written under that name; any other block gets a name from its language: ``python`` ``example.py``
  (``example_2.py`` for the second), ``yaml`` ``config.yaml``, ``dockerfile`` ``Dockerfile``,
  ``dotenv``/``env`` ``.env``, ``toml`` ``config.toml``, ``json`` ``config.json``, ``ini``
  ``config.ini``, ``hcl``/``terraform`` ``main.tf``.
* The policy: a ``yaml`` block named ``# claude-lint.yaml`` is the policy file the examples
  assume, not a file to lint.  One in *Example* applies to both sections; one in *Use
  instead* replaces it for that section (the fix can be the policy).  Without one, the
  examples run under the default policy.
* Keys: docs never hold a key-shaped string.  ``<N characters>`` inside a block (e.g.
  ``"sk-ant-api03-<93 characters>AA"``) is replaced at test time by N random letters and
  digits (``harness.make_key("randomN")``, which avoids placeholder-looking runs); the fixtures' template tokens (``{{KEY:api03}}``, see ``harness.py``) work too.

Each section is written to its own folder (with its policy, and a ``requirements.txt``
naming ``anthropic`` so the folder is a repository that uses Claude, as the semgrep
companion rules require); every rule's folders are linted in one run.  Every Example block
must produce at least one finding of the rule in its own file; the Use-instead folder none.

``python tests/doc_examples.py [RULE-ID ...]`` runs the check outside pytest (the rule
catalogue of the ``claude_lint`` package first on the import path) and prints what failed.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, "") and str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import TOKEN_RE, make_key

SECTIONS = {"Example": "example", "Use instead": "use-instead"}
POLICY_FILE = "claude-lint.yaml"
#: a Python distribution that marks a folder as a repository that uses Claude
CLAUDE_MARKER = ("requirements.txt", "anthropic\n")

_FENCE = re.compile(r"^```[ \t]*([\w+-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_NAMED = re.compile(r"^\s*(?:#|//)\s*(?P<name>\.?[A-Za-z0-9_][\w.-]*(?:/[\w.-]+)*)\s*(?:$|[,:;(]|\s[-—–]\s)")
_PLACEHOLDER = re.compile(r"<(\d{1,4}) characters>")
_DEFAULT_NAMES = {
    "python": "example.py",
    "py": "example.py",
    "yaml": "config.yaml",
    "yml": "config.yaml",
    "dockerfile": "Dockerfile",
    "docker": "Dockerfile",
    "dotenv": ".env",
    "env": ".env",
    "toml": "config.toml",
    "json": "config.json",
    "ini": "config.ini",
    "hcl": "main.tf",
    "terraform": "main.tf",
}


class DocExampleError(ValueError):
    """A rule's docs break the grammar above (a block with no file name, two files of the
    same name)."""


@dataclass
class Section:
    """One documented section of one rule, as files to lint."""

    rule_id: str
    title: str  # "Example" | "Use instead"
    files: dict[str, str] = field(default_factory=dict)  # name -> text (template form)
    policy: str | None = None

    @property
    def must_fire(self) -> bool:
        return self.title == "Example"

    @property
    def folder(self) -> str:
        return f"{self.rule_id}/{SECTIONS[self.title]}"


def _name_of(lang: str, body: str, taken: dict[str, str]) -> str:
    first = body.split("\n", 1)[0]
    m = _NAMED.match(first)
    if m and ("." in m.group("name") or m.group("name").lower() in ("dockerfile", "containerfile")):
        name = m.group("name")
        # a Python block's first comment names a Python file, or is just a comment
        if lang.lower() not in ("python", "py") or name.endswith((".py", ".pyi")):
            return name
    base = _DEFAULT_NAMES.get(lang.lower())
    if base is None:
        raise DocExampleError(f"a ```{lang} block needs a first line `# <file name>`")
    name, n = base, 1
    while name in taken:
        n += 1
        stem, _dot, ext = base.rpartition(".")
        name = f"{stem}_{n}.{ext}" if stem else f"{base}_{n}"
    return name


def sections(meta) -> list[Section]:
    """The Example and Use-instead sections of a rule's docs (a ``RuleMeta``)."""
    out: list[Section] = []
    for title in SECTIONS:
        sec = Section(meta.id, title)
        for m in _FENCE.finditer(meta.section(title)):
            lang, body = m.group(1), m.group(2)
            name = _name_of(lang, body, sec.files)
            if name == POLICY_FILE:
                sec.policy = body
                continue
            if name in sec.files:
                raise DocExampleError(f"{meta.id}: two {title!r} blocks are named {name}")
            sec.files[name] = body
        out.append(sec)
    example, use_instead = out
    if use_instead.policy is None:
        use_instead.policy = example.policy
    return out


def fill(text: str) -> str:
    """Key placeholders → fresh random values (never committed anywhere)."""
    text = _PLACEHOLDER.sub(lambda m: make_key(f"random{int(m.group(1))}"), text)
    return TOKEN_RE.sub(lambda m: make_key(m.group(1)), text)


def write(root: Path, secs: list[Section]) -> None:
    for sec in secs:
        folder = root / sec.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / POLICY_FILE).write_text(sec.policy if sec.policy is not None else "policy: {}\n", encoding="utf-8")
        name, text = CLAUDE_MARKER
        if name not in sec.files:
            (folder / name).write_text(text, encoding="utf-8")
        for name, body in sec.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fill(body), encoding="utf-8")


def run(root: Path):
    """One claude-lint run over ``root`` (in-process, no cache), from ``root``."""
    from claude_lint.runner import RunOptions
    from claude_lint.runner import run as lint

    old = os.getcwd()
    os.chdir(root)
    try:
        return lint(RunOptions(paths=[Path(".")]))
    finally:
        os.chdir(old)


def problems(sec: Section, result) -> list[str]:
    """What is wrong with one section's result: an Example file the rule does not fire on, a
    Use-instead finding of the rule, or a notice that the folder was not fully analysed."""
    from claude_lint.model import INCOMPLETE_KINDS

    prefix = sec.folder + "/"
    mine = [f for f in result.findings if f.rule_id == sec.rule_id and f.location.path.startswith(prefix)]
    # a notice of the whole run (semgrep missing or failed) concerns the sections that have
    # configuration files; a notice of a file, that file's section
    configs = any(not name.endswith((".py", ".ipynb")) for name in sec.files)
    out = [
        f"{n.path or '.'}: {n.kind.value}: {n.message}"
        for n in result.notices
        if n.kind in INCOMPLETE_KINDS and (n.path.startswith(prefix) or (configs and n.path in ("", ".")))
    ]
    if sec.must_fire:
        if not sec.files:
            out.append(f"{sec.rule_id}: the Example has no code block")
        for name in sec.files:
            if not any(f.location.path == prefix + name for f in mine):
                out.append(f"{sec.rule_id}: the Example's {name} does not fire the rule")
    else:
        out += [
            f"{sec.rule_id}: the Use-instead block fires: {f.location.path}:{f.location.line}: {f.message}"
            for f in mine
        ]
    return out


def check(root: Path, metas) -> dict[str, list[str]]:
    """Write every rule's sections under ``root``, lint them in one run, and return each
    rule's problems (an empty list when its docs hold)."""
    secs = {meta.id: sections(meta) for meta in metas}
    for rule_secs in secs.values():
        write(root, rule_secs)
    result = run(root)
    return {rid: [p for sec in rule_secs for p in problems(sec, result)] for rid, rule_secs in secs.items()}


def main(argv: list[str]) -> int:
    import tempfile

    from claude_lint import registry

    metas = registry.builtin_rules()
    wanted = argv or list(metas)
    unknown = [rid for rid in wanted if rid not in metas]
    if unknown:
        print(f"unknown rule ids: {', '.join(unknown)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        found = check(Path(tmp), [metas[rid] for rid in wanted])
    bad = 0
    for rid, issues in found.items():
        print(f"{rid}: {'ok' if not issues else 'FAILED'}")
        for issue in issues:
            print(f"    {issue}")
        bad += bool(issues)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
