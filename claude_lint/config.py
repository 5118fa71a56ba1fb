"""The policy file (DESIGN §1): discovery, ``extend``, strict validation.

Found by walking up from each scanned file to the repository root (nearest wins whole;
outside a repository, up to the filesystem root, as Ruff does): ``claude-lint.yaml``,
``.claude-lint.yaml``, or ``[tool.claude-lint]`` in ``pyproject.toml``.  Loaded with
``yaml.safe_load`` only.  Each file is validated against the published JSON Schema
(``claude_lint/schema/claude-lint.schema.json``, see :mod:`claude_lint.policy_schema`); what
a static schema cannot know (rule ids and tags, declared rule options, paths that must exist)
is checked here.  Every error names the file, the key path and, for unknown keys, the
closest valid key.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from . import bounded, policy_schema
from .model import Severity

POLICY_FILENAMES = ("claude-lint.yaml", ".claude-lint.yaml")
PROVIDERS = ("anthropic", "aws", "google", "azure")
DEFAULT_TEST_PATHS = ("**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py")
#: the policy key ``tests`` (see :mod:`claude_lint.testscope`)
TEST_MODES = ("default", "report", "skip")


class PolicyError(Exception):
    """A broken policy file: exit code 2."""

    def __init__(self, file: str | Path | None, key: str, message: str):
        self.file = str(file) if file else "<command line>"
        self.key = key
        self.message = message
        super().__init__(f"{self.file}: {key}: {message}" if key else f"{self.file}: {message}")


_closest = policy_schema.closest
_type_name = policy_schema.type_name


# --------------------------------------------------------------------------- rule option values


def _str_list(value: Any, file: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(file, key, f"expected a list of strings, got {_type_name(value)}")
    return tuple(value)


def _bool(value: Any, file: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(file, key, f"expected true or false, got {_type_name(value)} {value!r}")
    return value


#: the keys of DESIGN §1, in its order (the JSON Schema holds the same; a test compares them)
POLICY_KEYS = (
    "residency",
    "allowed-regions",
    "handles-phi",
    "phi-names",
    "zdr",
    "baa",
    "zdr-key-env",
    "approved-base-urls",
    "test-paths",
    "tests",
    "min-confidence",
)
TOP_KEYS = ("extend", "policy", "rules", "select", "ignore", "exclude", "custom-rules", "baseline")
RULE_KEYS = ("disable", "severity", "exclude", "options")


@dataclass(frozen=True)
class RuleSettings:
    disable: bool = False
    severity: Severity | None = None
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    """The effective policy for a group of files."""

    residency: str = "any"
    allowed_regions: tuple[str, ...] = ()
    handles_phi: str | bool = "auto"
    phi_names_add: tuple[str, ...] = ()
    phi_names_remove: tuple[str, ...] = ()
    zdr: bool = False
    baa: frozenset[str] = frozenset()
    zdr_key_env: tuple[str, ...] = ()
    approved_base_urls: tuple[str, ...] = ()
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    #: findings in test files: default | report | skip (see :mod:`claude_lint.testscope`)
    tests: str = "default"
    #: findings below this confidence are not shown (None: every confidence)
    min_confidence: str | None = None
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    custom_rules: tuple[Path, ...] = ()
    baseline: Path | None = None
    #: the policy file (None: built-in defaults) and the folder its globs are relative to
    source: Path | None = None
    root: Path | None = None
    #: where ``test-paths`` globs start when not at ``root`` (set by an ``extend``ed file outside
    #: the repository: they start at the repository root)
    test_root: Path | None = None
    #: key path -> the file that set it (for `claude-lint config`): every leaf key path a policy
    #: file (or its ``extend`` chain) sets, e.g. ``policy.residency``, ``rules.<id>.severity``,
    #: ``rules.<id>.options.<name>``; a section left empty maps itself (``rules.<id>``); keys
    #: overridden on the command line map to ``<command line>``; built-in defaults are absent
    provenance: Mapping[str, str] = field(default_factory=dict)
    #: every policy file this policy is made of, with its part: ``pinned`` (the organisation's
    #: ``--config`` under ``--policy-mode pinned``), ``config`` (``--config``), ``repository``
    #: (found by discovery); files reached through ``extend`` have the part of their extender
    files: tuple[tuple[str, str], ...] = ()

    # -- path matching ------------------------------------------------------------------
    def _rel(self, path: Path, root: Path | None = None) -> str | None:
        root = root or self.root
        if root is None:
            return path.as_posix()
        try:
            return path.relative_to(root).as_posix()  # the common case: no system call
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return None

    def is_excluded(self, path: Path) -> bool:
        rel = self._rel(path)
        return bool(rel is not None and self.exclude and _spec(self.exclude).match_file(rel))

    def is_test_path(self, path: Path) -> bool:
        rel = self._rel(path, self.test_root)
        return bool(rel is not None and self.test_paths and _spec(self.test_paths).match_file(rel))

    def rule_excludes(self, rule_id: str, path: Path) -> bool:
        settings = self.rules.get(rule_id)
        if not settings or not settings.exclude:
            return False
        rel = self._rel(path)
        return bool(rel is not None and _spec(settings.exclude).match_file(rel))

    def options_for(self, rule_id: str) -> dict:
        settings = self.rules.get(rule_id)
        return dict(settings.options) if settings else {}


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


#: most unbounded wildcards a glob may hold: each run of ``*`` (``**`` included) counts one,
#: and so does the implicit leading ``**/`` of a pattern without a ``/``.  pathspec compiles a
#: glob to a backtracking regex whose cost grows as (path length) ** wildcards: with 3 the
#: worst path PATH_MAX long takes well under a second, with 6 (``*a*a*a*a*a*b``) hours.
MAX_GLOB_WILDCARDS = 3


def glob_problem(pattern: str) -> str | None:
    """Why a gitignore-style glob is refused (None: it is fine)."""
    body = pattern.strip()
    if not body or body.startswith("#"):
        return None
    if body.startswith("!"):
        body = body[1:]
    stripped = body.rstrip("/")
    runs, i, escaped = 0, 0, False
    while i < len(stripped):
        ch = stripped[i]
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            runs += 1
            while i + 1 < len(stripped) and stripped[i + 1] == "*":
                i += 1
        i += 1
    if "/" not in stripped and not stripped.startswith("**"):
        runs += 1  # matched at any depth: an implicit leading **/
    if runs > MAX_GLOB_WILDCARDS:
        return (
            f"glob {pattern!r} has {runs} wildcards (counting the implicit leading **/ of a pattern "
            f"without '/'); at most {MAX_GLOB_WILDCARDS} are allowed, so that matching cannot take exponential time"
        )
    return None


def _check_globs(patterns: Iterable[Any], file: Any, key: str) -> None:
    for i, pattern in enumerate(patterns):
        if isinstance(pattern, str):
            problem = glob_problem(pattern)
            if problem:
                raise PolicyError(file, f"{key}[{i}]", problem)


# --------------------------------------------------------------------------- loading


def _read_raw(path: Path) -> tuple[dict, str]:
    """The raw mapping a policy file holds (``{}`` for an empty file) and the file's text.
    Read within :mod:`claude_lint.bounded`'s limits; a document too deep or too big once
    YAML aliases are expanded is refused before anything walks it."""
    try:
        text = bounded.read(path, bounded.POLICY_BYTES).decode("utf-8")
    except bounded.ReadError as exc:
        raise PolicyError(path, "", str(exc)) from None
    except UnicodeDecodeError:
        raise PolicyError(path, "", "cannot be read: not UTF-8 text") from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(path, "", f"is not valid TOML: {exc}") from None
        except RecursionError:
            raise PolicyError(
                path, "", f"is nested too deeply to be read (more than {bounded.MAX_DEPTH} levels)"
            ) from None
        tool = data.get("tool")
        raw = tool.get("claude-lint") if isinstance(tool, dict) else None
        if raw is None:
            raise PolicyError(path, "tool.claude-lint", "table is missing")
    else:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise PolicyError(
                path, "", f"is not valid YAML{where}: {getattr(exc, 'problem', None) or 'syntax error'}"
            ) from None
        except RecursionError:
            raise PolicyError(
                path, "", f"is nested too deeply to be read (more than {bounded.MAX_DEPTH} levels)"
            ) from None
    if raw is None:
        return {}, text
    if not isinstance(raw, dict):
        raise PolicyError(path, "", f"the top level must be a mapping, got {_type_name(raw)}")
    # YAML aliases can make a small file stand for billions of values ("billion laughs"):
    # validating or printing them would never end; deep nesting would crash the walkers
    problem = bounded.shape_problem(raw, MAX_VALUES)
    if problem:
        raise PolicyError(path, "", problem)
    return raw, text


#: far more values than any real policy holds
MAX_VALUES = bounded.POLICY_VALUES


def _validate(raw: dict, file: str | Path, kind: str, text: str, verdicts: policy_schema.Verdicts | None) -> None:
    """Check ``raw`` (one policy file's mapping, or the command-line overrides) against the
    JSON Schema; the first violation in file order becomes a :class:`PolicyError` naming
    ``file``.  A text already known to pass is not checked again (see
    :class:`~claude_lint.policy_schema.Verdicts`)."""
    key = verdicts.key(kind, text) if verdicts is not None else None
    if key is not None and verdicts.known(key):  # type: ignore[union-attr]
        return
    problem = policy_schema.first_problem(raw)
    if problem:
        raise PolicyError(file, *problem)
    if key is not None:
        verdicts.remember(key)  # type: ignore[union-attr]


COMMAND_LINE = "<command line>"


def _is_section(path: str) -> bool:
    """Key paths whose value is a mapping that ``extend`` merges key by key (a ``null`` there
    means an empty mapping); every other value is replaced whole."""
    parts = path.split(".")
    if len(parts) == 1:
        return parts[0] in ("policy", "rules")
    if parts[0] == "policy":
        return path == "policy.phi-names"
    if parts[0] == "rules":
        return len(parts) == 2 or (len(parts) == 3 and parts[2] == "options")
    return False


def _forget(prov: dict, path: str) -> None:
    """Drop the provenance of ``path`` and of everything below it."""
    for key in [k for k in prov if k == path or k.startswith(path + ".") or k.startswith(path + "[")]:
        del prov[key]


def _merge(base: dict, override: dict, prov: dict, file: str, prefix: str = "") -> dict:
    """Key-by-key merge of ``override`` onto ``base``: sections (see :func:`_is_section`) are
    merged recursively, everything else (lists included) is replaced.  ``prov`` maps every
    leaf key path to the file that set it; a section left without leaves maps itself."""
    out = dict(base)
    for key, value in override.items():
        path = f"{prefix}{key}"
        if _is_section(path) and (value is None or isinstance(value, dict)):
            old = out.get(key)
            if not isinstance(old, dict):
                _forget(prov, path)
                old = {}
            out[key] = _merge(old, value or {}, prov, file, path + ".")
            if any(k.startswith(path + ".") for k in prov):
                prov.pop(path, None)
            else:
                prov[path] = file
        else:
            _forget(prov, path)
            out[key] = value
            prov[path] = file
    return out


def repository_top(path: Path) -> Path | None:
    """The top level of the git work tree that holds ``path`` (the nearest folder upwards with
    a ``.git`` entry, real path), None outside one."""
    from .git import has_dotgit

    real = Path(os.path.realpath(path))
    return next((p for p in (real, *real.parents) if has_dotgit(p)), None)


def _outside(target: Path, confine: Path) -> bool:
    real = Path(os.path.realpath(target))
    return not (real == confine or real.is_relative_to(confine))


def confine_error(file: Any, key: str, entry: Any, confine: Path) -> PolicyError:
    """A path named by a repository's own policy that leads out of the repository.  Its
    existence and content are not looked at, so the message says nothing about them."""
    return PolicyError(
        file,
        key,
        f"{entry!r} is outside the repository ({confine}): a policy inside the repository "
        "may only name files inside it (absolute paths, '..' and '~' leading out, and "
        "symbolic links pointing out are refused); an organisation policy given with "
        "--config may name files anywhere",
    )


def _check_inside(file: Any, key: str, entry: Any, target: Path, confine: Path | None) -> None:
    if confine is None or not isinstance(entry, str):
        return
    if entry.startswith("~") or _outside(target, confine):
        raise confine_error(file, key, entry, confine)


def _load_chain(
    path: Path,
    seen: tuple[Path, ...] = (),
    verdicts: policy_schema.Verdicts | None = None,
    chain: list[Path] | None = None,
    confine: Path | None = None,
) -> tuple[dict, dict]:
    """Raw mapping of ``path`` with its ``extend`` chain applied, and the provenance of every
    key path in it (the file that set it: used for messages and by ``claude-lint config``).
    Every file of the chain is validated against the JSON Schema on its own, as an editor
    does; ``chain`` (when given) receives the files, the extending one first.  With
    ``confine`` (a repository's top level), every file the chain names must lie inside it."""
    path = path.resolve()
    if path in seen:
        cycle = " -> ".join(str(p) for p in (*seen, path))
        raise PolicyError(seen[-1] if seen else path, "extend", f"forms a cycle: {cycle}")
    raw, text = _read_raw(path)
    _validate(raw, path, "pyproject" if path.name == "pyproject.toml" else "yaml", text, verdicts)
    if chain is not None:
        chain.append(path)
    base: dict = {}
    prov: dict = {}
    ext = raw.get("extend")
    if ext is not None:
        target = (path.parent / Path(ext).expanduser()).resolve()
        _check_inside(path, "extend", ext, target, confine)
        if not target.exists():
            raise PolicyError(path, "extend", f"file {ext!r} does not exist (looked for {target})")
        if not target.is_file():
            raise PolicyError(path, "extend", f"{ext!r} is not a file")
        base, prov = _load_chain(target, (*seen, path), verdicts, chain, confine)
        # paths inside the base file stay relative to the base file
        for key in ("custom-rules", "baseline"):
            if key in base and prov.get(key) == str(target):
                base[key] = _absolutise(base[key], target.parent)
    merged = _merge(base, {k: v for k, v in raw.items() if k != "extend"}, prov, str(path))
    return merged, prov


def extend_chain(path: Path) -> list[Path]:
    """The policy files ``path`` is made of: itself, then what it extends, and so on."""
    chain: list[Path] = []
    _load_chain(Path(path), chain=chain)
    return chain


def _absolutise(value: Any, folder: Path) -> Any:
    if isinstance(value, str):
        return str((folder / value).resolve())
    if isinstance(value, list):
        return [str((folder / v).resolve()) if isinstance(v, str) else v for v in value]
    return value


def _option_value(typ: type, value: Any, file: Any, key: str) -> Any:
    if typ is list or typ is tuple:
        return _str_list(value, file, key)
    if typ is bool:
        return _bool(value, file, key)
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, typ) or (isinstance(value, bool) and typ is not bool):
        expected = {str: "a string", int: "a whole number", float: "a number", dict: "a mapping"}.get(typ, typ.__name__)
        raise PolicyError(file, key, f"expected {expected}, got {_type_name(value)} {value!r}")
    return value


def _defaults(declared: Mapping[str, tuple[type, Any]]) -> dict[str, Any]:
    """The declared options' defaults (lists as tuples, like the values a policy sets)."""
    return {n: tuple(d) if isinstance(d, list) else d for n, (_t, d) in declared.items()}


def build_policy(
    raw: dict,
    file: Path | None,
    known_rules: Iterable[str],
    known_tags: Iterable[str] = (),
    origin: Mapping[str, str] | None = None,
    provenance: Mapping[str, str] | None = None,
    rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None,
    root: Path | None = None,
    *,
    validated: bool = False,
    confine: Path | None = None,
) -> Policy:
    """Turn a raw mapping into a :class:`Policy`, strictly.

    The structure (keys, types, enums) is checked against the JSON Schema — here, unless
    ``validated`` says the caller did so (the loader validates each file of an ``extend``
    chain on its own).  What the schema cannot know is checked here: rule ids and tags
    (custom rules add their own), the options each rule declares, that custom-rules exist.

    ``provenance`` maps key paths to the file that set them (see :func:`_load_chain`); errors
    name that file.  ``origin`` is an older name for the same mapping.  ``root`` is the folder
    relative globs start from (default: the folder of ``file``).
    """
    prov = dict(provenance or {})
    where = {**prov, **(origin or {})}
    known_rules = set(known_rules)
    selectors = known_rules | set(known_tags)
    rule_options = rule_options or {}

    def f(key: str):
        """The file a key path came from (for messages): the path itself (without list
        indexes), else its nearest recorded ancestor, else a recorded descendant, else the
        file being built."""
        base = key.split("[", 1)[0]
        for k in (key, base):
            if k in where:
                return where[k]
        parts = base.split(".")
        for n in range(len(parts) - 1, 0, -1):
            anc = ".".join(parts[:n])
            if anc in where:
                return where[anc]
        for k, v in where.items():
            if k.startswith(base + ".") or k.startswith(base + "["):
                return v
        return file

    if not validated:
        problem = policy_schema.first_problem(raw)
        if problem:
            raise PolicyError(f(problem[0]), *problem)

    pol_raw = raw.get("policy") or {}
    kwargs: dict[str, Any] = {}
    folder = file.parent if file else (root or Path.cwd())
    if raw.get("custom-rules"):
        paths = []
        for i, entry in enumerate(raw["custom-rules"]):
            p = (folder / entry).resolve()
            _check_inside(f("custom-rules"), f"custom-rules[{i}]", entry, p, confine)
            if not p.exists():
                raise PolicyError(f("custom-rules"), f"custom-rules[{i}]", f"{entry!r} does not exist (looked for {p})")
            paths.append(p)
        kwargs["custom_rules"] = tuple(paths)
        # the organisation's own rule ids may be configured and selected like built-in ones
        from .engines.semgrep import CustomRuleError, custom_rule_files, custom_rule_metas

        if confine is not None:  # a rule file inside a named folder may be a link leading out
            for rule_file in custom_rule_files(paths):
                if _outside(rule_file, confine):
                    raise confine_error(f("custom-rules"), "custom-rules", str(rule_file), confine)

        try:
            custom = custom_rule_metas(paths)
        except CustomRuleError as exc:
            raise PolicyError(f("custom-rules"), "custom-rules", str(exc)) from None
        known_rules = known_rules | set(custom)
        selectors = selectors | set(custom) | {t for m in custom.values() for t in m.tags}
    for key, name in (("residency", "residency"), ("handles-phi", "handles_phi"), ("zdr", "zdr")):
        if key in pol_raw:
            kwargs[name] = pol_raw[key]
    if "tests" in pol_raw:
        kwargs["tests"] = pol_raw["tests"] or "default"
    if pol_raw.get("min-confidence") is not None:
        kwargs["min_confidence"] = str(pol_raw["min-confidence"]).strip().lower()
    for key in ("allowed-regions", "zdr-key-env", "approved-base-urls", "test-paths"):
        if key in pol_raw:
            kwargs[key.replace("-", "_")] = tuple(pol_raw[key] or ())
    _check_globs(pol_raw.get("test-paths") or (), f("policy.test-paths"), "policy.test-paths")
    if "phi-names" in pol_raw:
        pn = pol_raw["phi-names"] or {}
        kwargs["phi_names_add"] = tuple(n.lower() for n in pn.get("add") or ())
        kwargs["phi_names_remove"] = tuple(n.lower() for n in pn.get("remove") or ())
    if "baa" in pol_raw:
        baa = pol_raw["baa"]
        kwargs["baa"] = frozenset(baa) if isinstance(baa, list) else frozenset(PROVIDERS) if baa else frozenset()

    rules: dict[str, RuleSettings] = {}
    for rid, settings in (raw.get("rules") or {}).items():
        key = f"rules.{rid}"
        if rid not in known_rules:
            raise PolicyError(f(key), key, "unknown rule id" + _closest(str(rid), known_rules, "rule ids"))
        settings = settings or {}
        sev = None
        if settings.get("severity") is not None:  # null: the rule's own severity
            sev = Severity.parse(settings["severity"])
        okey = f"{key}.options"
        declared = rule_options.get(rid, {})
        checked: dict[str, Any] = {}
        for name, value in (settings.get("options") or {}).items():
            nkey = f"{okey}.{name}"
            if name not in declared:
                hint = _closest(str(name), declared, "options") if declared else " (this rule takes no options)"
                raise PolicyError(f(nkey), nkey, "unknown option" + hint)
            checked[name] = _option_value(declared[name][0], value, f(nkey), nkey)
        _check_globs(settings.get("exclude") or (), f(f"{key}.exclude"), f"{key}.exclude")
        rules[rid] = RuleSettings(
            disable=bool(settings.get("disable")),
            severity=sev,
            exclude=tuple(settings.get("exclude") or ()),
            options={**_defaults(declared), **checked},
        )
    # every rule that takes options receives all of them, defaults filled in
    for rid, declared in rule_options.items():
        if declared and rid not in rules and rid in known_rules:
            rules[rid] = RuleSettings(options=_defaults(declared))
    kwargs["rules"] = rules

    for key in ("select", "ignore"):
        if key in raw:
            values = tuple(raw[key] or ())
            for i, v in enumerate(values):
                if v not in selectors:
                    raise PolicyError(
                        f(key),
                        f"{key}[{i}]",
                        f"unknown rule id or tag {v!r}" + _closest(v, selectors, "rule ids and tags"),
                    )
            kwargs[key] = values
    if "exclude" in raw:
        kwargs["exclude"] = tuple(raw["exclude"] or ())
        _check_globs(kwargs["exclude"], f("exclude"), "exclude")
    if raw.get("baseline") is not None:
        kwargs["baseline"] = (folder / raw["baseline"]).resolve()
        _check_inside(f("baseline"), "baseline", raw["baseline"], kwargs["baseline"], confine)

    return Policy(**kwargs, source=file, root=root or folder, provenance=prov)


class PolicyLoader:
    """Finds and caches the effective policy of each folder.

    ``config`` (``--config``) replaces discovery for every path; ``overrides`` (``--residency``
    and friends) replace single ``policy.*`` keys of whichever policy applies, and are recorded
    in :attr:`Policy.provenance` as ``<command line>``.  ``cache_dir`` (the result cache's
    folder) remembers which policy texts passed the JSON Schema, so that unchanged policies
    are not validated (nor jsonschema imported) again.
    """

    def __init__(
        self,
        known_rules: Iterable[str],
        known_tags: Iterable[str] = (),
        *,
        config: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
        rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None,
        cache_dir: Path | None = None,
        pinned: bool = False,
    ):
        self.known_rules = set(known_rules)
        #: --policy-mode pinned: ``config`` is the organisation's policy, the repository's own
        #: policy is applied on top of it and may only tighten it (see :mod:`claude_lint.pinning`)
        self.pinned = bool(pinned and config)
        self._org: tuple[dict, dict, list[Path]] | None = None
        self.known_tags = set(known_tags)
        self.rule_options = dict(rule_options or {})
        self.config = Path(config).resolve() if config else None
        self.overrides = dict(overrides or {})
        self.verdicts = policy_schema.Verdicts(cache_dir)
        self._by_file: dict[tuple[Path | None, Path | None], Policy] = {}
        self._by_dir: dict[tuple[Path, Path | None], Path | None] = {}
        self._repo_roots: dict[Path, bool] = {}
        self._checked_links: set[Path] = set()
        #: CLAUDE_LINT_POLICY_ROOT (set by whoever runs the tool, never by a repository): a folder
        #: above repositories that their policies may name files in (a shared org/ checkout)
        trusted = os.environ.get("CLAUDE_LINT_POLICY_ROOT")
        self.trusted_root = Path(os.path.realpath(os.path.expanduser(trusted))) if trusted else None

    def load(self, file: Path | None, root: Path | None = None) -> Policy:
        """The policy of ``file`` (``None``: the built-in defaults, with globs relative to
        ``root`` — the repository root — when given)."""
        file = Path(file).resolve() if file is not None else None
        top = Path(root).resolve() if root is not None else None
        # the anchor of relative globs: the folder of the policy file found (None: the default,
        # its folder); the repository root (else the scanned root) for the built-in defaults and
        # for a --config file outside it (an organisation's policy kept elsewhere)
        outside = file is not None and file == self.config and top is not None and not file.is_relative_to(top)
        root = top if file is None or outside else None
        cache_key = (file, root)
        if cache_key in self._by_file:
            return self._by_file[cache_key]
        confine = self.confinement(file)
        chain: list[Path] = []
        if self.pinned:
            raw, prov, files = self._pinned_raw(file, confine)
            source, confine = file or self.config, None
            if root is None and file is not None:
                root = file.parent
        elif file is None:
            raw, prov, files, source = {}, {}, (), None
        else:
            raw, prov = _load_chain(file, verdicts=self.verdicts, confine=confine, chain=chain)
            role = "config" if file == self.config else "repository"
            files, source = tuple((str(p), role) for p in chain), file
        if self.overrides:
            _validate(
                {"policy": self.overrides},
                COMMAND_LINE,
                "overrides",
                repr(sorted(self.overrides.items(), key=lambda kv: str(kv[0]))),
                self.verdicts,
            )
            pol = raw.get("policy")
            pol = dict(pol) if isinstance(pol, dict) else {}
            for k, v in self.overrides.items():
                pol[k] = v
                _forget(prov, f"policy.{k}")
                prov[f"policy.{k}"] = COMMAND_LINE
            prov.pop("policy", None)
            raw = {**raw, "policy": pol}
        policy = build_policy(
            raw,
            source,
            self.known_rules,
            self.known_tags,
            None,
            prov,
            self.rule_options,
            root=root,
            validated=True,
            confine=confine,
        )
        policy = dataclasses.replace(policy, files=files)
        origin = prov.get("policy.test-paths")
        if top is not None and origin and origin != COMMAND_LINE and policy.root is not None:
            # test-paths set by an ``extend``ed file outside the repository start at its root
            where = Path(origin).resolve()
            if not where.is_relative_to(top) and policy.root != top:
                policy = dataclasses.replace(policy, test_root=top)
        if source is None and root is None:
            policy = dataclasses.replace(policy, root=None)
        self._by_file[cache_key] = policy
        return policy

    def _pinned_raw(self, file: Path | None, confine: Path | None) -> tuple[dict, dict, tuple[tuple[str, str], ...]]:
        """The organisation's policy with the repository's ``file`` (if any) on top, refused
        when the repository's relaxes anything."""
        from . import pinning

        assert self.config is not None
        if self._org is None:
            chain: list[Path] = []
            raw, prov = _load_chain(self.config, verdicts=self.verdicts, chain=chain)
            self._org = (pinning.absolutise_paths(raw, self.config.parent), prov, chain)
        org_raw, org_prov, org_chain = self._org
        files = tuple((str(p), "pinned") for p in org_chain)
        if file is None or file == self.config:
            return dict(org_raw), dict(org_prov), files
        chain = []
        repo_raw, repo_prov = _load_chain(file, verdicts=self.verdicts, confine=confine, chain=chain)
        # the repository's own paths are confined to it, and its rule ids and options checked
        build_policy(
            repo_raw,
            file,
            self.known_rules,
            self.known_tags,
            None,
            repo_prov,
            self.rule_options,
            validated=True,
            confine=confine,
        )
        repo_raw = pinning.absolutise_paths(repo_raw, file.parent)
        problems = pinning.loosenings(
            org_raw,
            repo_raw,
            default_test_paths=DEFAULT_TEST_PATHS,
            providers=PROVIDERS,
            rule_default=_rule_default,
            option_defaults={r: _defaults(d) for r, d in self.rule_options.items()},
        )
        if problems:
            key, why = problems[0]
            raise PolicyError(
                repo_prov.get(key) or str(file),
                key,
                f"{why}: the organisation policy {self.config} is pinned (--policy-mode pinned) "
                "and a repository policy may only tighten it",
            )
        prov = dict(org_prov)
        merged = _merge(org_raw, {k: v for k, v in repo_raw.items() if k != "custom-rules"}, prov, str(file))
        for key, origin in repo_prov.items():
            if key in prov:
                prov[key] = origin
        if repo_raw.get("custom-rules"):
            # the repository's rules first: on an id clash the organisation's description wins
            merged["custom-rules"] = [*repo_raw["custom-rules"], *(org_raw.get("custom-rules") or ())]
        return merged, prov, files + tuple((str(p), "repository") for p in chain)

    def confinement(self, file: Path | None) -> Path | None:
        """Where the files a policy names must lie: a policy found inside a git work tree (the
        repository's own, which a pull request can edit) names files inside that work tree
        only; the ``--config`` policy (and a policy outside any repository) anywhere."""
        if file is None or (self.config is not None and file == self.config):
            return None
        top = repository_top(file.parent)
        if top is not None and self.trusted_root is not None and top.is_relative_to(self.trusted_root):
            return self.trusted_root
        return top

    def policy_file_for(self, folder: Path, stop: Path | None) -> Path | None:
        """The nearest policy file from ``folder`` up to ``stop`` (the repository root; None:
        the filesystem root)."""
        if self.config and not self.pinned:
            return self.config
        quick = (folder, stop)
        if quick in self._by_dir:
            return self._by_dir[quick]
        found = self._policy_file_for(folder, stop)
        self._by_dir[quick] = found
        return found

    def _policy_file_for(self, folder: Path, stop: Path | None) -> Path | None:
        folder = folder.resolve()
        stop = stop.resolve() if stop else None
        chain: list[Path] = []
        found: Path | None = None
        current = folder
        while True:
            if (current, stop) in self._by_dir:
                found = self._by_dir[(current, stop)]
                break
            chain.append(current)
            hit = _policy_in(current)
            if hit:
                found = hit
                break
            if (stop and current == stop) or current.parent == current:
                break
            current = current.parent
        for d in chain:
            self._by_dir[(d, stop)] = found
        return found

    def is_repository_root(self, folder: Path) -> bool:
        """Whether ``folder`` is a repository's top level (holds ``.git``: a folder, or a
        file in worktrees and submodules)."""
        known = self._repo_roots.get(folder)
        if known is None:
            known = self._repo_roots[folder] = (folder / ".git").exists()
        return known

    def for_path(self, path: Path, stop: Path | None) -> Policy:
        """The policy that applies to ``path``; ``stop`` is its root: the repository root,
        or the folder named on the command line outside any repository.

        Discovery walks up from the file's folder and ends at the repository root; outside a
        repository there is none, so it walks up to the filesystem root, as Ruff does (a
        policy beside an unpacked source tree, or above many of them, applies to them).
        The built-in defaults' globs start at ``stop`` either way."""
        limit = stop if stop is not None and self.is_repository_root(stop) else None
        found = self.policy_file_for(path.parent, limit)
        if found is not None and found != self.config and found not in self._checked_links:
            top = self.confinement(found)
            if top is not None and _outside(found, top):
                raise PolicyError(found, "", f"is a symbolic link leading out of the repository ({top}): not read")
            self._checked_links.add(found)
        return self.load(found, root=stop)


def _rule_default(rule_id: str) -> str | None:
    """A built-in rule's own severity (None for unknown ids)."""
    from . import registry

    meta = registry.builtin_rules().get(rule_id)
    return meta.severity.value if meta is not None else None


def _policy_in(folder: Path) -> Path | None:
    for name in POLICY_FILENAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = bounded.read(pyproject, bounded.POLICY_BYTES).decode("utf-8")
        except bounded.ReadError:
            # too big (or not a regular file): ours to report only when it holds our table
            try:
                with open(pyproject, "rb") as fh:
                    head = fh.read(bounded.POLICY_BYTES).decode("utf-8", "replace")
            except OSError:
                return None
            return pyproject if _OUR_TABLE_RE.search(head) else None
        except UnicodeDecodeError:
            return None
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError):
            # a broken pyproject is ours to report only when it holds our table
            return pyproject if _OUR_TABLE_RE.search(text) else None
        tool = data.get("tool")
        if isinstance(tool, dict) and "claude-lint" in tool:
            return pyproject
    return None


#: a ``[tool.claude-lint]`` table (or a ``tool.claude-lint.x`` dotted key) in TOML text
_OUR_TABLE_RE = re.compile(r"""^\s*(\[+\s*)?tool\s*\.\s*["']?claude-lint\b""", re.M)
