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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import pathspec
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from . import policy_schema
from .model import Severity

POLICY_FILENAMES = ("claude-lint.yaml", ".claude-lint.yaml")
PROVIDERS = ("anthropic", "aws", "google", "azure")
DEFAULT_TEST_PATHS = ("tests/**", "test/**", "test_*.py", "*_test.py", "conftest.py")


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
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    custom_rules: tuple[Path, ...] = ()
    baseline: Path | None = None
    #: the policy file (None: built-in defaults) and the folder its globs are relative to
    source: Path | None = None
    root: Path | None = None
    #: key path -> the file that set it (for `claude-lint config`): every leaf key path a policy
    #: file (or its ``extend`` chain) sets, e.g. ``policy.residency``, ``rules.<id>.severity``,
    #: ``rules.<id>.options.<name>``; a section left empty maps itself (``rules.<id>``); keys
    #: overridden on the command line map to ``<command line>``; built-in defaults are absent
    provenance: Mapping[str, str] = field(default_factory=dict)

    # -- path matching ------------------------------------------------------------------
    def _rel(self, path: Path) -> str | None:
        root = self.root
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
        rel = self._rel(path)
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


# --------------------------------------------------------------------------- loading

def _read_raw(path: Path) -> tuple[dict, str]:
    """The raw mapping a policy file holds (``{}`` for an empty file) and the file's text."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(path, "", f"cannot be read: {exc}") from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(path, "", f"is not valid TOML: {exc}") from None
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
            raise PolicyError(path, "", f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if raw is None:
        return {}, text
    if not isinstance(raw, dict):
        raise PolicyError(path, "", f"the top level must be a mapping, got {_type_name(raw)}")
    if _expanded_size(raw) > MAX_VALUES:
        # YAML aliases can make a small file stand for billions of values ("billion laughs"):
        # validating or printing them would never end
        raise PolicyError(path, "", f"holds more than {MAX_VALUES} values once YAML aliases are expanded")
    return raw, text


#: far more values than any real policy holds
MAX_VALUES = 100_000


def _expanded_size(value: Any) -> int:
    """How many values ``value`` stands for with shared (aliased) parts counted every time
    they are used; linear in the distinct objects."""
    sizes: dict[int, int] = {}

    def size(v: Any) -> int:
        if not isinstance(v, (dict, list)):
            return 1
        known = sizes.get(id(v))
        if known is not None:
            return known
        sizes[id(v)] = MAX_VALUES + 1  # a cycle (`&a [*a]`) is too big as well
        items = list(v.items()) if isinstance(v, dict) else v
        total = 1
        for item in items:
            total += sum(size(x) for x in item) if isinstance(v, dict) else size(item)
            if total > MAX_VALUES:
                break
        sizes[id(v)] = total
        return total

    return size(value)


def _validate(raw: dict, file: str | Path, kind: str, text: str, verdicts: "policy_schema.Verdicts | None") -> None:
    """Check ``raw`` (one policy file's mapping, or the command-line overrides) against the
    JSON Schema; the first violation in file order becomes a :class:`PolicyError` naming
    ``file``.  A text already known to pass is not checked again (see
    :class:`~claude_lint.policy_schema.Verdicts`)."""
    key = verdicts.key(kind, text) if verdicts is not None else None
    if key is not None and verdicts.known(key):
        return
    problem = policy_schema.first_problem(raw)
    if problem:
        raise PolicyError(file, *problem)
    if key is not None:
        verdicts.remember(key)


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


def _load_chain(path: Path, seen: tuple[Path, ...] = (), verdicts: "policy_schema.Verdicts | None" = None,
                chain: list[Path] | None = None) -> tuple[dict, dict]:
    """Raw mapping of ``path`` with its ``extend`` chain applied, and the provenance of every
    key path in it (the file that set it: used for messages and by ``claude-lint config``).
    Every file of the chain is validated against the JSON Schema on its own, as an editor
    does; ``chain`` (when given) receives the files, the extending one first."""
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
        if not target.exists():
            raise PolicyError(path, "extend", f"file {ext!r} does not exist (looked for {target})")
        if not target.is_file():
            raise PolicyError(path, "extend", f"{ext!r} is not a file")
        base, prov = _load_chain(target, (*seen, path), verdicts, chain)
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


def build_policy(raw: dict, file: Path | None, known_rules: Iterable[str], known_tags: Iterable[str] = (),
                 origin: Mapping[str, str] | None = None, provenance: Mapping[str, str] | None = None,
                 rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None,
                 root: Path | None = None, *, validated: bool = False) -> Policy:
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
            if not p.exists():
                raise PolicyError(f("custom-rules"), f"custom-rules[{i}]", f"{entry!r} does not exist (looked for {p})")
            paths.append(p)
        kwargs["custom_rules"] = tuple(paths)
        # the organisation's own rule ids may be configured and selected like built-in ones
        from .engines.semgrep import CustomRuleError, custom_rule_metas

        try:
            custom = custom_rule_metas(paths)
        except CustomRuleError as exc:
            raise PolicyError(f("custom-rules"), "custom-rules", str(exc)) from None
        known_rules = known_rules | set(custom)
        selectors = selectors | set(custom) | {t for m in custom.values() for t in m.tags}
    for key, name in (("residency", "residency"), ("handles-phi", "handles_phi"), ("zdr", "zdr")):
        if key in pol_raw:
            kwargs[name] = pol_raw[key]
    for key in ("allowed-regions", "zdr-key-env", "approved-base-urls", "test-paths"):
        if key in pol_raw:
            kwargs[key.replace("-", "_")] = tuple(pol_raw[key] or ())
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
                        f(key), f"{key}[{i}]", f"unknown rule id or tag {v!r}" + _closest(v, selectors, "rule ids and tags")
                    )
            kwargs[key] = values
    if "exclude" in raw:
        kwargs["exclude"] = tuple(raw["exclude"] or ())
    if raw.get("baseline") is not None:
        kwargs["baseline"] = (folder / raw["baseline"]).resolve()

    return Policy(**kwargs, source=file, root=root or folder, provenance=prov)


class PolicyLoader:
    """Finds and caches the effective policy of each folder.

    ``config`` (``--config``) replaces discovery for every path; ``overrides`` (``--residency``
    and friends) replace single ``policy.*`` keys of whichever policy applies, and are recorded
    in :attr:`Policy.provenance` as ``<command line>``.  ``cache_dir`` (the result cache's
    folder) remembers which policy texts passed the JSON Schema, so that unchanged policies
    are not validated (nor jsonschema imported) again.
    """

    def __init__(self, known_rules: Iterable[str], known_tags: Iterable[str] = (), *, config: Path | None = None,
                 overrides: Mapping[str, Any] | None = None,
                 rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None,
                 cache_dir: Path | None = None):
        self.known_rules = set(known_rules)
        self.known_tags = set(known_tags)
        self.rule_options = dict(rule_options or {})
        self.config = Path(config).resolve() if config else None
        self.overrides = dict(overrides or {})
        self.verdicts = policy_schema.Verdicts(cache_dir)
        self._by_file: dict[tuple[Path | None, Path | None], Policy] = {}
        self._by_dir: dict[tuple[Path, Path | None], Path | None] = {}
        self._repo_roots: dict[Path, bool] = {}

    def load(self, file: Path | None, root: Path | None = None) -> Policy:
        """The policy of ``file`` (``None``: the built-in defaults, with globs relative to
        ``root`` — the repository root — when given)."""
        file = Path(file).resolve() if file is not None else None
        root = None if file is not None else (Path(root).resolve() if root is not None else None)
        cache_key = (file, root)
        if cache_key in self._by_file:
            return self._by_file[cache_key]
        if file is None:
            raw, prov = {}, {}
        else:
            raw, prov = _load_chain(file, verdicts=self.verdicts)
        if self.overrides:
            _validate({"policy": self.overrides}, COMMAND_LINE, "overrides",
                      repr(sorted(self.overrides.items(), key=lambda kv: str(kv[0]))), self.verdicts)
            pol = raw.get("policy")
            pol = dict(pol) if isinstance(pol, dict) else {}
            for k, v in self.overrides.items():
                pol[k] = v
                _forget(prov, f"policy.{k}")
                prov[f"policy.{k}"] = COMMAND_LINE
            prov.pop("policy", None)
            raw = {**raw, "policy": pol}
        policy = build_policy(raw, file, self.known_rules, self.known_tags, None, prov, self.rule_options, root=root,
                              validated=True)
        if file is None and root is None:
            policy = dataclasses.replace(policy, root=None)
        self._by_file[cache_key] = policy
        return policy

    def policy_file_for(self, folder: Path, stop: Path | None) -> Path | None:
        """The nearest policy file from ``folder`` up to ``stop`` (the repository root; None:
        the filesystem root)."""
        if self.config:
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
        return self.load(self.policy_file_for(path.parent, limit), root=stop)


def _policy_in(folder: Path) -> Path | None:
    for name in POLICY_FILENAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            # a broken pyproject is ours to report only when it holds our table
            return pyproject if _OUR_TABLE_RE.search(text) else None
        tool = data.get("tool")
        if isinstance(tool, dict) and "claude-lint" in tool:
            return pyproject
    return None


#: a ``[tool.claude-lint]`` table (or a ``tool.claude-lint.x`` dotted key) in TOML text
_OUR_TABLE_RE = re.compile(r"""^\s*(\[+\s*)?tool\s*\.\s*["']?claude-lint\b""", re.M)
