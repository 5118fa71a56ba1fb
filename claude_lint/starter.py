"""``claude-lint init``: a commented starter policy (``claude-lint.yaml``).

Every key of DESIGN §1 is written with a comment saying what it means; the answers (flags or
prompts) fill in residency, handles-phi, zdr and baa.  With ``extend`` the file builds on a
base policy: keys not chosen here stay commented out, so the base's values apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from .config import DEFAULT_TEST_PATHS, PROVIDERS
from .effective import yaml_value
from .policy_schema import SCHEMA_URL

FILENAME = "claude-lint.yaml"


def parse_baa(text: str) -> bool | list[str]:
    """``none``/``false`` -> False, ``all``/``true`` -> True, else a comma-separated list of
    providers (ValueError naming the closest provider for a misspelt one)."""
    from .policy_schema import closest

    word = text.strip().lower()
    if word in ("", "none", "no", "false"):
        return False
    if word in ("all", "true", "yes"):
        return True
    names = [p.strip().lower() for p in text.split(",") if p.strip()]
    for name in names:
        if name not in PROVIDERS:
            raise ValueError(f"unknown provider {name!r}" + closest(name, PROVIDERS, "providers"))
    return [p for p in PROVIDERS if p in names]  # in the documented order, once each


def render(
    *,
    residency: str | None = None,
    handles_phi: str | bool | None = None,
    zdr: bool | None = None,
    baa: bool | Sequence[str] | None = None,
    extend: str | None = None,
) -> str:
    """The starter policy.  A value left ``None`` is written as its default — or, with
    ``extend``, commented out so the base policy's value applies."""

    def line(key: str, value, default, indent: str = "  ") -> str:
        if value is None:
            text = f"{indent}{key}: {yaml_value(default)}"
            return f"{indent}# {key}: {yaml_value(default)}   # (the base policy's value applies)" if extend else text
        return f"{indent}{key}: {yaml_value(value)}"

    def block(lines: list[str]) -> str:
        return "\n".join(lines)

    baa_value = baa if baa is None or isinstance(baa, bool) else list(baa)
    out = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        "#",
        "# claude-lint policy: what your organisation has promised about sending data to Claude.",
        "# `claude-lint check` judges the code in this folder and below against it: the nearest",
        "# policy file wins whole, and sharing happens only through `extend`. Unknown keys are errors.",
        "# `claude-lint config` shows the effective policy and where each value comes from;",
        "# `claude-lint rules` lists the rules. Docs: https://github.com/claude-lint/claude-lint#the-policy-file",
        "",
        "# An organisation's base policy (a path relative to this file); this file overrides it key by key.",
        f"extend: {yaml_value(extend)}" if extend else "# extend: ../org/claude-lint.yaml",
        "",
        "# What the organisation has promised: where inference runs, health data, retention, gateways.",
        "policy:",
        "  # Where inference must run: any | us | eu.",
        '  #   us: first-party requests must pin inference_geo: "us"; Bedrock and Vertex regions must be in the US.',
        '  #   eu: only Vertex (region "eu" or an EU europe-* location) and Bedrock (an EU region with an eu. or',
        "  #       single-region model id) keep inference in the EU; the first-party API has no EU option.",
        line("residency", residency, "any"),
        "",
        "  # Optional exact list of allowed regions/locations (e.g. [europe-west1, eu-central-1]);",
        "  # replaces the built-in region table for residency.",
        line("allowed-regions", None, []),
        "",
        "  # Does this code handle health data (PHI)? auto: inferred from names (patient, diagnosis, mrn, ...);",
        "  # true: every Claude request is treated as carrying it; false: the health-data rules are off.",
        line("handles-phi", handles_phi, "auto"),
        "",
        "  # Adjust the health-data vocabulary that `auto` uses, e.g. {add: [member_id], remove: []}.",
        line("phi-names", None, {"add": [], "remove": []}),
        "",
        "  # The Anthropic organisation behind these API keys has Zero Data Retention (ZDR).",
        line("zdr", zdr, False),
        "",
        "  # Business Associate Agreements for health data: true (every provider), false (none),",
        f"  # or the providers with one: [{', '.join(PROVIDERS)}].",
        line("baa", baa_value, False),
        "",
        "  # Optional: only clients built from these API-key environment variables are ZDR-covered.",
        line("zdr-key-env", None, []),
        "",
        "  # Optional: gateways/proxies that may stand in front of the API (base-URL prefixes);",
        "  # any other base URL is reported. Empty: any base URL is accepted.",
        line("approved-base-urls", None, []),
        "",
        "  # Test code (any depth; relative globs start at this file's folder). The list replaces the default.",
        line("test-paths", None, list(DEFAULT_TEST_PATHS)),
        "",
        "  # Findings in test files. default: traffic rules (residency, region, gateway, health data,",
        "  # logging) are not reported in files under test-paths that look like tests (counted in the",
        "  # summary), key rules report only real key formats there, one severity lower;",
        "  # report: everything, one severity lower (--include-tests); skip: tests are not scanned.",
        line("tests", None, "default"),
        "",
        "  # Show only findings of at least this confidence (low | medium | high); null: every confidence.",
        line("min-confidence", None, None),
        "",
        "# Per-rule settings: disable, severity (low | medium | high | critical), exclude (path globs), options.",
        "rules:",
        '  # prompt-logged: {severity: low, exclude: ["scripts/**"]}',
        "",
        "# Rule ids or tags to run (`claude-lint rules` lists them); empty: every rule.",
        line("select", None, [], indent=""),
        "# Rule ids or tags not to run.",
        line("ignore", None, [], indent=""),
        "",
        "# Path globs (gitignore style, relative to this file) not scanned, on top of .gitignore.",
        line("exclude", None, [], indent=""),
        "",
        "# Extra semgrep rule files or folders: the organisation's own policies (need claude-lint[semgrep]).",
        line("custom-rules", None, [], indent=""),
        "",
        "# The baseline file (accepted findings) shared by the hook, CI and the action; null: none.",
        line("baseline", None, None, indent=""),
    ]
    return block(out) + "\n"
