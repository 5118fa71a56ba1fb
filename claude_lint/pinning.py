"""A pinned organisation policy (``--config ORG --policy-mode pinned``).

The organisation's policy applies to every path; a repository's own policy (found as usual,
and editable by any pull request) is applied on top of it, but may only add rules or tighten
values, never remove or relax them.  "Tighter" per key:

==========================  =====================================================================
``policy.residency``        ``any`` may become ``us`` or ``eu``; ``us``/``eu`` stay as they are
``policy.allowed-regions``  may only shrink (an empty list, meaning "any", only when the org's is)
``policy.approved-base-urls`` the same
``policy.handles-phi``      ``false`` < ``auto`` < ``true``: may only move right
``policy.phi-names``        ``add`` may only grow, ``remove`` may only shrink
``policy.zdr``              may not be claimed (``true``) when the organisation did not
``policy.baa``              may only name providers the organisation named
``policy.zdr-key-env``      may only shrink
``policy.test-paths``       may only shrink (test files are judged more leniently)
``policy.tests``            ``skip`` < ``default`` < ``report``: may only move right
``policy.min-confidence``   may only be lowered (or removed: every confidence shown)
``select``                  may only grow (and only when the organisation selects: empty = all)
``ignore``, ``exclude``     may only shrink
``custom-rules``            added to the organisation's (which always run)
``baseline``                may not differ from the organisation's (accepting findings relaxes)
``rules.<id>.disable``      may not be set when the organisation did not disable the rule
``rules.<id>.severity``     may only rise (above the organisation's, else the rule's default)
``rules.<id>.exclude``      may only shrink
``rules.<id>.options``      may not differ from the organisation's (their direction is per rule)
==========================  =====================================================================

A repository policy that relaxes anything is an error (exit 2) naming the repository file, the
key and the organisation file: the run fails closed instead of silently dropping the change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .model import Severity

MODES = ("replace", "pinned")

_PHI_RANK = {False: 0, "auto": 1, True: 2}


def _set(value: Any) -> set:
    return set(value or ())


def _baa(value: Any, providers: tuple[str, ...]) -> set:
    if value is True:
        return set(providers)
    if not value:
        return set()
    return set(value)


_TESTS_RANK = {"skip": 0, "default": 1, "report": 2}
_CONF_RANK = {"low": 1, "medium": 2, "high": 3}


def loosenings(
    org: Mapping[str, Any],
    repo: Mapping[str, Any],
    *,
    default_test_paths: tuple[str, ...],
    providers: tuple[str, ...],
    rule_default: Callable[[str], str | None],
    option_defaults: Mapping[str, Mapping[str, Any]],
) -> list[tuple[str, str]]:
    """(key path, why) of every value of the repository's raw policy ``repo`` (its ``extend``
    chain applied) that is looser than the organisation's ``org``."""
    out: list[tuple[str, str]] = []
    op = org.get("policy") or {}
    rp = repo.get("policy") or {}

    def bad(key: str, why: str) -> None:
        out.append((key, why))

    if "residency" in rp:
        o, r = op.get("residency", "any"), rp["residency"]
        if r != o and o != "any":
            bad("policy.residency", f"the organisation requires {o!r}")
    for key in ("allowed-regions", "approved-base-urls"):
        if key in rp:
            o, r = _set(op.get(key)), _set(rp[key])
            if o and (not r or not r <= o):
                bad(f"policy.{key}", "may only be narrowed to entries of the organisation's list")
    if "handles-phi" in rp:
        o, r = op.get("handles-phi", "auto"), rp["handles-phi"]
        if _PHI_RANK.get(r, 0) < _PHI_RANK.get(o, 1):
            bad("policy.handles-phi", f"may not be relaxed from {o!r}")
    if "phi-names" in rp:
        o, r = op.get("phi-names") or {}, rp["phi-names"] or {}
        if "add" in r and not _set(o.get("add")) <= _set(r.get("add")):
            bad("policy.phi-names.add", "may only add names to the organisation's")
        if "remove" in r and not _set(r.get("remove")) <= _set(o.get("remove")):
            bad("policy.phi-names.remove", "may not remove names the organisation did not remove")
    if rp.get("zdr") is True and op.get("zdr") is not True:
        bad("policy.zdr", "zero data retention may not be claimed when the organisation does not claim it")
    if "baa" in rp and not _baa(rp["baa"], providers) <= _baa(op.get("baa"), providers):
        bad("policy.baa", "may only name providers the organisation's baa names")
    if "zdr-key-env" in rp and not _set(rp["zdr-key-env"]) <= _set(op.get("zdr-key-env")):
        bad("policy.zdr-key-env", "may only name variables the organisation's list names")
    if "test-paths" in rp:
        o = op.get("test-paths", default_test_paths)
        if not _set(rp["test-paths"]) <= _set(o):
            bad("policy.test-paths", "may only be narrowed to entries of the organisation's list")
    if "tests" in rp:
        o, r = op.get("tests") or "default", rp["tests"] or "default"
        if _TESTS_RANK.get(r, 1) < _TESTS_RANK.get(o, 1):
            bad("policy.tests", f"may not be relaxed from {o!r}")
    if rp.get("min-confidence") is not None:
        o, r = op.get("min-confidence"), rp["min-confidence"]
        if _CONF_RANK.get(str(r).lower(), 1) > _CONF_RANK.get(str(o).lower(), 1):
            bad("policy.min-confidence", f"may not be raised above the organisation's ({o or 'every confidence'})")

    if "select" in repo:
        o, r = _set(org.get("select")), _set(repo["select"])
        if r != o and (not o or not o <= r):
            bad("select", "may only add rules to the organisation's selection (an empty one selects every rule)")
    for key in ("ignore", "exclude"):
        if key in repo and not _set(repo[key]) <= _set(org.get(key)):
            bad(key, "may only be narrowed to entries of the organisation's list")
    if "baseline" in repo and repo["baseline"] != org.get("baseline"):
        bad("baseline", "may not differ from the organisation's (a baseline accepts findings)")

    orules = org.get("rules") or {}
    for rid, rs in (repo.get("rules") or {}).items():
        rs = rs or {}
        os_ = orules.get(rid) or {}
        key = f"rules.{rid}"
        if rs.get("disable") and not os_.get("disable"):
            bad(f"{key}.disable", "a rule the organisation runs may not be disabled")
        if "severity" in rs:
            floor = os_.get("severity") or rule_default(rid)
            mine = rs["severity"] or rule_default(rid)
            if floor is not None and mine is not None and Severity.parse(mine) < Severity.parse(floor):
                bad(f"{key}.severity", f"may not be lowered below {Severity.parse(floor).value}")
        if "exclude" in rs and not _set(rs["exclude"]) <= _set(os_.get("exclude")):
            bad(f"{key}.exclude", "may only be narrowed to entries of the organisation's list")
        defaults = option_defaults.get(rid, {})
        for name, value in (rs.get("options") or {}).items():
            want = (os_.get("options") or {}).get(name, defaults.get(name))
            if _norm(value) != _norm(want):
                bad(f"{key}.options.{name}", "options of a pinned policy may not be changed")
    return out


def _norm(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def absolutise_paths(raw: dict, folder: Path) -> dict:
    """``raw`` with its ``custom-rules`` and ``baseline`` absolute (relative to ``folder``)."""
    out = dict(raw)
    if isinstance(out.get("custom-rules"), list):
        out["custom-rules"] = [str((folder / e).resolve()) if isinstance(e, str) else e for e in out["custom-rules"]]
    if isinstance(out.get("baseline"), str):
        out["baseline"] = str((folder / out["baseline"]).resolve())
    return out
