"""The policy file (DESIGN §1): discovery, ``extend``, strict validation.

Found by walking up from each scanned file to the repository root (nearest wins whole):
``claude-lint.yaml``, ``.claude-lint.yaml``, or ``[tool.claude-lint]`` in ``pyproject.toml``.
Loaded with ``yaml.safe_load`` only.  Every error names the file, the key path and, for
unknown keys, the closest valid key.
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import pathspec
import yaml

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


def _closest(key: str, valid: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(key), list(valid), n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else f" (valid keys: {', '.join(sorted(valid))})"


# --------------------------------------------------------------------------- schema

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


def _choice(value: Any, choices: tuple, file: Any, key: str):
    if isinstance(value, bool) and True in choices:
        return value
    if not isinstance(value, str) or value not in choices:
        shown = ", ".join(str(c).lower() if isinstance(c, bool) else c for c in choices)
        raise PolicyError(file, key, f"expected one of {shown}, got {value!r}")
    return value


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


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
    #: key path -> file that set it (for `claude-lint config`)
    provenance: Mapping[str, str] = field(default_factory=dict)

    # -- path matching ------------------------------------------------------------------
    def _rel(self, path: Path) -> str | None:
        root = self.root
        if root is None:
            return path.as_posix()
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

def _read_file(path: Path) -> dict:
    """The raw mapping a policy file holds (``{}`` for an empty file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(path, "", f"cannot be read: {exc}") from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(path, "", f"is not valid TOML: {exc}") from None
        raw = data.get("tool", {}).get("claude-lint")
        if raw is None:
            raise PolicyError(path, "tool.claude-lint", "table is missing")
    else:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise PolicyError(path, "", f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PolicyError(path, "", f"the top level must be a mapping, got {_type_name(raw)}")
    return raw


def _merge(base: dict, override: dict, prov: dict, origin: dict, file: str, prefix: str = "") -> dict:
    """Key-by-key merge of ``override`` onto ``base`` (mappings recursively, lists replaced)."""
    out = dict(base)
    for key, value in override.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "options":
            out[key] = _merge(out[key], value, prov, origin, file, path + ".")
        else:
            out[key] = value
            prov[path] = file
            origin[path] = file
    return out


def _load_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, dict, dict]:
    """Raw mapping of ``path`` with its ``extend`` chain applied; plus provenance of each
    key and the file each key path must be validated against."""
    path = path.resolve()
    if path in seen:
        raise PolicyError(path, "extend", "forms a cycle: " + " -> ".join(str(p) for p in (*seen, path)))
    raw = _read_file(path)
    base: dict = {}
    prov: dict = {}
    origin: dict = {}
    ext = raw.get("extend")
    if ext is not None:
        if not isinstance(ext, str):
            raise PolicyError(path, "extend", f"expected a path, got {_type_name(ext)}")
        target = (path.parent / ext).resolve()
        if not target.is_file():
            raise PolicyError(path, "extend", f"file {ext!r} does not exist")
        base, prov, origin = _load_chain(target, (*seen, path))
        # paths inside the base file stay relative to the base file
        for key in ("custom-rules", "baseline"):
            if key in base:
                base[key] = _absolutise(base[key], target.parent)
    merged = _merge(base, {k: v for k, v in raw.items() if k != "extend"}, prov, origin, str(path))
    return merged, prov, origin


def _absolutise(value: Any, folder: Path) -> Any:
    if isinstance(value, str):
        return str((folder / value).resolve())
    if isinstance(value, list):
        return [str((folder / v).resolve()) if isinstance(v, str) else v for v in value]
    return value


def build_policy(raw: dict, file: Path | None, known_rules: Iterable[str], known_tags: Iterable[str] = (),
                 origin: Mapping[str, str] | None = None, provenance: Mapping[str, str] | None = None,
                 rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None) -> Policy:
    """Validate a raw mapping strictly and turn it into a :class:`Policy`."""
    origin = origin or {}
    known_rules = set(known_rules)
    selectors = known_rules | set(known_tags)
    rule_options = rule_options or {}

    def f(key: str):  # the file a key came from (for messages)
        return origin.get(key, file)

    for key in raw:
        if key not in TOP_KEYS:
            raise PolicyError(f(key), str(key), "unknown key" + _closest(key, TOP_KEYS))

    pol_raw = raw.get("policy") or {}
    if not isinstance(pol_raw, dict):
        raise PolicyError(f("policy"), "policy", f"expected a mapping, got {_type_name(pol_raw)}")
    for key in pol_raw:
        if key not in POLICY_KEYS:
            raise PolicyError(f(f"policy.{key}"), f"policy.{key}", "unknown key" + _closest(key, POLICY_KEYS))

    def pk(k: str) -> str:
        return f"policy.{k}"

    kwargs: dict[str, Any] = {}
    if "residency" in pol_raw:
        kwargs["residency"] = _choice(pol_raw["residency"], ("any", "us", "eu"), f(pk("residency")), pk("residency"))
    if "allowed-regions" in pol_raw:
        kwargs["allowed_regions"] = _str_list(pol_raw["allowed-regions"], f(pk("allowed-regions")), pk("allowed-regions"))
    if "handles-phi" in pol_raw:
        kwargs["handles_phi"] = _choice(pol_raw["handles-phi"], ("auto", True, False), f(pk("handles-phi")), pk("handles-phi"))
    if "phi-names" in pol_raw:
        pn = pol_raw["phi-names"]
        key = pk("phi-names")
        if pn is None:
            pn = {}
        if not isinstance(pn, dict):
            raise PolicyError(f(key), key, f"expected a mapping with add/remove, got {_type_name(pn)}")
        for sub in pn:
            if sub not in ("add", "remove"):
                raise PolicyError(f(key), f"{key}.{sub}", "unknown key" + _closest(sub, ("add", "remove")))
        kwargs["phi_names_add"] = tuple(n.lower() for n in _str_list(pn.get("add"), f(key), f"{key}.add"))
        kwargs["phi_names_remove"] = tuple(n.lower() for n in _str_list(pn.get("remove"), f(key), f"{key}.remove"))
    if "zdr" in pol_raw:
        kwargs["zdr"] = _bool(pol_raw["zdr"], f(pk("zdr")), pk("zdr"))
    if "baa" in pol_raw:
        baa = pol_raw["baa"]
        key = pk("baa")
        if isinstance(baa, bool):
            kwargs["baa"] = frozenset(PROVIDERS) if baa else frozenset()
        elif isinstance(baa, list):
            for i, p in enumerate(baa):
                if p not in PROVIDERS:
                    raise PolicyError(f(key), f"{key}[{i}]", f"unknown provider {p!r}" + _closest(str(p), PROVIDERS))
            kwargs["baa"] = frozenset(baa)
        else:
            raise PolicyError(f(key), key, f"expected true, false or a list of providers, got {_type_name(baa)}")
    if "zdr-key-env" in pol_raw:
        kwargs["zdr_key_env"] = _str_list(pol_raw["zdr-key-env"], f(pk("zdr-key-env")), pk("zdr-key-env"))
    if "approved-base-urls" in pol_raw:
        kwargs["approved_base_urls"] = _str_list(
            pol_raw["approved-base-urls"], f(pk("approved-base-urls")), pk("approved-base-urls")
        )
    if "test-paths" in pol_raw:
        kwargs["test_paths"] = _str_list(pol_raw["test-paths"], f(pk("test-paths")), pk("test-paths"))

    rules_raw = raw.get("rules") or {}
    if not isinstance(rules_raw, dict):
        raise PolicyError(f("rules"), "rules", f"expected a mapping of rule ids, got {_type_name(rules_raw)}")
    rules: dict[str, RuleSettings] = {}
    for rid, settings in rules_raw.items():
        key = f"rules.{rid}"
        if rid not in known_rules:
            raise PolicyError(f(key), key, "unknown rule id" + _closest(str(rid), known_rules))
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            raise PolicyError(f(key), key, f"expected a mapping ({', '.join(RULE_KEYS)}), got {_type_name(settings)}")
        for sk in settings:
            if sk not in RULE_KEYS:
                raise PolicyError(f(f"{key}.{sk}"), f"{key}.{sk}", "unknown key" + _closest(sk, RULE_KEYS))
        sev = None
        if "severity" in settings:
            try:
                sev = Severity.parse(settings["severity"])
            except ValueError as exc:
                raise PolicyError(f(f"{key}.severity"), f"{key}.severity", str(exc)) from None
        options = settings.get("options") or {}
        if not isinstance(options, dict):
            raise PolicyError(f(f"{key}.options"), f"{key}.options", f"expected a mapping, got {_type_name(options)}")
        declared = rule_options.get(rid, {})
        checked: dict[str, Any] = {}
        for name, value in options.items():
            okey = f"{key}.options.{name}"
            if name not in declared:
                valid = declared.keys()
                hint = _closest(str(name), valid) if valid else " (this rule takes no options)"
                raise PolicyError(f(okey), okey, "unknown option" + hint)
            typ, _default = declared[name]
            if typ is list:
                checked[name] = _str_list(value, f(okey), okey)
            elif typ is bool:
                checked[name] = _bool(value, f(okey), okey)
            elif not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
                raise PolicyError(f(okey), okey, f"expected {typ.__name__}, got {_type_name(value)}")
            else:
                checked[name] = value
        rules[rid] = RuleSettings(
            disable=_bool(settings.get("disable", False), f(f"{key}.disable"), f"{key}.disable"),
            severity=sev,
            exclude=_str_list(settings.get("exclude"), f(f"{key}.exclude"), f"{key}.exclude"),
            options=checked,
        )
    kwargs["rules"] = rules

    for key in ("select", "ignore"):
        if key in raw:
            values = _str_list(raw[key], f(key), key)
            for i, v in enumerate(values):
                if v not in selectors:
                    raise PolicyError(f(key), f"{key}[{i}]", f"unknown rule id or tag {v!r}" + _closest(v, selectors))
            kwargs[key] = values
    if "exclude" in raw:
        kwargs["exclude"] = _str_list(raw["exclude"], f("exclude"), "exclude")
    folder = file.parent if file else Path.cwd()
    if "custom-rules" in raw:
        entries = _str_list(raw["custom-rules"], f("custom-rules"), "custom-rules")
        paths = []
        for i, entry in enumerate(entries):
            p = (folder / entry).resolve()
            if not p.exists():
                raise PolicyError(f("custom-rules"), f"custom-rules[{i}]", f"{entry!r} does not exist")
            paths.append(p)
        kwargs["custom_rules"] = tuple(paths)
    if raw.get("baseline") is not None:
        b = raw["baseline"]
        if not isinstance(b, str):
            raise PolicyError(f("baseline"), "baseline", f"expected a path, got {_type_name(b)}")
        kwargs["baseline"] = (folder / b).resolve()

    return Policy(**kwargs, source=file, root=folder, provenance=dict(provenance or {}))


class PolicyLoader:
    """Finds and caches the effective policy of each folder."""

    def __init__(self, known_rules: Iterable[str], known_tags: Iterable[str] = (), *, config: Path | None = None,
                 overrides: Mapping[str, Any] | None = None,
                 rule_options: Mapping[str, Mapping[str, tuple[type, Any]]] | None = None):
        self.known_rules = set(known_rules)
        self.known_tags = set(known_tags)
        self.rule_options = dict(rule_options or {})
        self.config = config.resolve() if config else None
        self.overrides = dict(overrides or {})
        self._by_file: dict[Path | None, Policy] = {}
        self._by_dir: dict[Path, Path | None] = {}

    def load(self, file: Path | None) -> Policy:
        if file in self._by_file:
            return self._by_file[file]
        if file is None:
            raw, prov, origin = {}, {}, {}
        else:
            raw, prov, origin = _load_chain(file)
        if self.overrides:
            pol = dict(raw.get("policy") or {})
            pol.update(self.overrides)
            raw = {**raw, "policy": pol}
            for k in self.overrides:
                prov[f"policy.{k}"] = "<command line>"
        policy = build_policy(raw, file, self.known_rules, self.known_tags, origin, prov, self.rule_options)
        if file is None:
            policy = Policy(**{**policy.__dict__, "root": None})
        self._by_file[file] = policy
        return policy

    def policy_file_for(self, folder: Path, stop: Path | None) -> Path | None:
        """The nearest policy file from ``folder`` up to ``stop`` (the repository root)."""
        if self.config:
            return self.config
        folder = folder.resolve()
        chain: list[Path] = []
        found: Path | None = None
        current = folder
        while True:
            if current in self._by_dir:
                found = self._by_dir[current]
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
            self._by_dir[d] = found
        return found

    def for_path(self, path: Path, stop: Path | None) -> Policy:
        folder = path if path.is_dir() else path.parent
        return self.load(self.policy_file_for(folder, stop))


def _policy_in(folder: Path) -> Path | None:
    for name in POLICY_FILENAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # a broken pyproject without our table is not ours to judge
        if "claude-lint" in data.get("tool", {}):
            return pyproject
    return None
