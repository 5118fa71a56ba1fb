#!/usr/bin/env python3
"""Generate the JSON Schema of the policy file: claude_lint/schema/claude-lint.schema.json.

The structure (every key of DESIGN §1, its type, enum and description) is written here by
hand; the rule ids, their summaries, their options and the tags come from the registry, so
editors complete ``rules:``, ``select:`` and ``ignore:`` with the real catalogue.  The loader
validates every policy file against the generated file (``claude_lint.policy_schema``), so
the schema an editor shows and the checks ``claude-lint check`` makes are one thing.

Draft 2020-12, written with keywords that mean the same in draft-07 (no ``$ref`` beside
other keywords, ``items`` as one schema), because yaml-language-server, the engine of the
VS Code YAML extension, implements draft-07.  ``x-expected`` / ``x-unknown`` are annotations
the loader uses to word its error messages (validators ignore unknown keywords).

    python scripts/gen_schema.py           # (re)write the schema
    python scripts/gen_schema.py --check   # exit 1 when the schema is stale
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from claude_lint import registry  # noqa: E402
from claude_lint.config import DEFAULT_TEST_PATHS, PROVIDERS  # noqa: E402
from claude_lint.policy_schema import SCHEMA_FILE, SCHEMA_URL  # noqa: E402

DEFAULT_PATH = SCHEMA_FILE

SEVERITIES = ("low", "medium", "high", "critical")


def _strings(description: str, default: list | None = None, **extra) -> dict:
    out = {
        "description": description,
        "type": ["array", "null"],
        "items": {"type": "string"},
        "default": list(default or []),
        "x-expected": "a list of strings",
    }
    out.update(extra)
    return out


def _case_insensitive(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _option(rule_docs: str, name: str, typ: type, default) -> dict:
    """The schema of one declared rule option; its description is the sentence of the rule's
    documentation that names it."""
    sentence = ""
    flat = " ".join(rule_docs.split())
    for s in re.split(r"(?<=[.!?])\s+", flat):
        if f"`{name}`" in s:
            sentence = s
            break
    kinds = {
        list: ({"type": ["array", "null"], "items": {"type": "string"}}, "a list of strings"),
        tuple: ({"type": ["array", "null"], "items": {"type": "string"}}, "a list of strings"),
        bool: ({"type": "boolean"}, "true or false"),
        int: ({"type": "integer"}, "a whole number"),
        float: ({"type": "number"}, "a number"),
        str: ({"type": "string"}, "a string"),
        dict: ({"type": "object"}, "a mapping"),
    }
    body, expected = kinds[typ]
    return {
        "description": sentence or f"Option {name!r}.",
        **body,
        "default": list(default) if isinstance(default, (list, tuple)) else default,
        "x-expected": expected,
    }


def _rule_settings(description: str, options: dict | None = None) -> dict:
    """The settings object of one rule (``rules.<id>``)."""
    option_props = options or {}
    return {
        "description": description,
        "type": ["object", "null"],
        "additionalProperties": False,
        "x-expected": "a mapping (disable, severity, exclude, options)",
        "properties": {
            "disable": {
                "description": "Turn the rule off for the files this policy covers.",
                "type": ["boolean", "null"],
                "default": False,
                "x-expected": "true or false",
            },
            "severity": {
                "description": "Replace the rule's own severity (low | medium | high | critical); null keeps the "
                "rule's own. Findings in test-paths are lowered one step after this.",
                "anyOf": [
                    {"enum": list(SEVERITIES)},
                    {
                        "type": "string",
                        "pattern": r"^\s*(" + "|".join(_case_insensitive(s) for s in SEVERITIES) + r")\s*$",
                    },
                    {"type": "null"},
                ],
                "x-expected": "one of " + ", ".join(SEVERITIES),
            },
            "exclude": _strings(
                "Path globs (gitignore style, relative to this policy file's folder) where the rule does not run."
            ),
            "options": {
                "description": "Options of the rule. Names the rule does not declare are errors.",
                "type": ["object", "null"],
                "properties": option_props,
                "x-expected": "a mapping of option names",
            },
        },
    }


def build() -> dict:
    metas = registry.builtin_rules()
    classes = {cls.id: cls for cls in registry.rule_classes()}
    tags = sorted(registry.all_tags(metas.values()))
    selectors = sorted(set(metas) | set(tags))

    rules = {}
    for rid, meta in metas.items():
        cls = classes.get(rid)
        options = {
            name: _option(meta.docs, name, typ, default)
            for name, (typ, default) in (cls.options if cls else {}).items()
        }
        desc = f"{meta.summary} (default severity {meta.severity.value}"
        desc += f"; applies when {meta.policy})" if meta.policy not in ("", "always") else ")"
        rules[rid] = _rule_settings(desc, options)

    selector = {
        "type": "string",
        "anyOf": [{"enum": selectors}, {"type": "string"}],  # completion for built-ins; custom rule ids and tags too
    }

    policy = {
        "residency": {
            "description": "Where inference must run. any: no constraint; us: requests must stay in the United "
            "States (first-party inference_geo 'us', US Bedrock/Vertex regions); eu: requests must stay in the "
            "European Union (only Vertex and Bedrock can do that; the first-party API cannot).",
            "enum": ["any", "us", "eu"],
            "default": "any",
        },
        "allowed-regions": _strings(
            "Optional exact list of regions/locations (e.g. europe-west1, eu-central-1) that replaces the built-in "
            "region table for residency: anything else fires region-outside-policy."
        ),
        "handles-phi": {
            "description": "Whether this code handles health data (PHI). auto: infer it from names (patient, "
            "diagnosis, mrn, ...); true: every Claude request is treated as carrying health data; false: the "
            "health-data rules are off.",
            "enum": ["auto", True, False],
            "default": "auto",
        },
        "phi-names": {
            "description": "Adjust the built-in health-data vocabulary that handles-phi: auto uses.",
            "type": ["object", "null"],
            "additionalProperties": False,
            "x-expected": "a mapping with add and remove",
            "properties": {
                "add": _strings("Names (identifiers, dict keys, columns) that also mean health data, e.g. member_id."),
                "remove": _strings("Built-in names that do not mean health data in this code base."),
            },
        },
        "zdr": {
            "description": "The Anthropic organisation behind these API keys has a Zero Data Retention agreement.",
            "type": "boolean",
            "default": False,
            "x-expected": "true or false",
        },
        "baa": {
            "description": "Business Associate Agreements for health data: true (every provider), false (none), or "
            "the providers with a BAA: anthropic, aws, google, azure.",
            "anyOf": [
                {"type": "boolean"},
                {"type": "array", "items": {"enum": list(PROVIDERS), "x-unknown": "provider"}},
            ],
            "default": False,
            "x-expected": f"true, false or a list of providers ({', '.join(PROVIDERS)})",
        },
        "zdr-key-env": _strings(
            "Optional: only clients built from these API-key environment variables are covered by ZDR "
            "(e.g. ANTHROPIC_ZDR_KEY); empty means every client is."
        ),
        "approved-base-urls": _strings(
            "Optional: gateways/proxies that may stand in front of the API (scheme, host, port and path prefix); "
            "any other base URL fires base-url-not-approved. Empty: the rule is off."
        ),
        "test-paths": _strings(
            "Path globs of test code (matched at any depth by default; relative globs start at the folder of the "
            "nearest policy file inside the repository, or at the repository root for a policy file outside it). "
            "What is reported there is decided by tests. The list replaces the default.",
            list(DEFAULT_TEST_PATHS),
        ),
        "tests": {
            "description": "Findings in test files. default: rules tagged traffic do not report in a file under "
            "test-paths that looks like a test (test functions or classes, mocks, recorded cassettes) and are "
            "counted in the summary; key rules report only real key formats there, one severity lower; other "
            "rules one severity lower. report: everything is reported under test-paths, one severity lower "
            "(--include-tests for one run). skip: files under test-paths are not scanned.",
            "enum": ["default", "report", "skip"],
            "default": "default",
            "x-expected": "default, report or skip",
        },
        "min-confidence": {
            "description": "Show only findings of this confidence or above (low | medium | high), as "
            "--min-confidence does; null shows every confidence.",
            "anyOf": [{"enum": ["low", "medium", "high"]}, {"type": "null"}],
            "default": None,
            "x-expected": "low, medium or high",
        },
    }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "claude-lint policy",
        "description": "The policy a repository declares for claude-lint (claude-lint.yaml, .claude-lint.yaml, or "
        "[tool.claude-lint] in pyproject.toml): what the organisation has promised about sending data to Claude. "
        "GENERATED by scripts/gen_schema.py from the rule registry: do not edit.",
        "type": "object",
        "additionalProperties": False,
        "x-expected": "a mapping",
        "properties": {
            "extend": {
                "description": "Path (relative to this file) of a base policy, e.g. the organisation's; this file "
                "overrides it key by key (mappings are merged, lists and values replaced).",
                "type": "string",
                "pattern": r"\S",
                "x-expected": "the path of a policy file",
            },
            "policy": {
                "description": "What the organisation has promised: residency, health data, retention, gateways.",
                "type": ["object", "null"],
                "additionalProperties": False,
                "x-expected": "a mapping of policy keys",
                "properties": policy,
            },
            "rules": {
                "description": "Per-rule settings: disable, severity, exclude (path globs), options. Keys are rule "
                "ids: the built-in ones, or the ids of this policy's custom-rules.",
                "type": ["object", "null"],
                "x-expected": "a mapping of rule ids",
                "properties": rules,
                "additionalProperties": _rule_settings("A custom rule (from custom-rules)."),
            },
            "select": {
                "description": "Only these rule ids or tags run; empty means all rules. --select on the command line "
                "replaces it.",
                "type": ["array", "null"],
                "items": selector,
                "default": [],
                "x-expected": "a list of strings",
            },
            "ignore": {
                "description": "Rule ids or tags that do not run. --ignore on the command line adds to it.",
                "type": ["array", "null"],
                "items": selector,
                "default": [],
                "x-expected": "a list of strings",
            },
            "exclude": _strings(
                "Path globs (gitignore style, relative to this file's folder) not scanned, on top of "
                ".gitignore; applied to files named on the command line too."
            ),
            "custom-rules": _strings(
                "Extra semgrep rule files or folders (relative to this file): the "
                "organisation's own policies. They need the semgrep extra."
            ),
            "baseline": {
                "description": "Path of the baseline file (accepted findings) shared by the hook, CI and the action; "
                "null: no baseline.",
                "type": ["string", "null"],
                "pattern": r"\S",
                "default": None,
                "x-expected": "a path",
            },
        },
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    from scripts._generated import generated_file_main

    return generated_file_main(__doc__.splitlines()[0], DEFAULT_PATH, render, "gen_schema.py", argv)


if __name__ == "__main__":
    sys.exit(main())
