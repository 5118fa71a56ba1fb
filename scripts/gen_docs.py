#!/usr/bin/env python3
"""Generate docs/rules.md from the rules' own documentation.

Every rule of the registry (``claude_lint.registry.builtin_rules()``) becomes one
``## <id>`` section, rendered by ``claude_lint.report.ruledocs`` — the same renderer as
``claude-lint rule ID`` and SARIF ``help.markdown`` — so the page cannot drift from the code.

    python scripts/gen_docs.py           # (re)write docs/rules.md
    python scripts/gen_docs.py --check   # exit 1 when docs/rules.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "docs" / "rules.md"

if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from claude_lint import registry  # noqa: E402
from claude_lint.report.ruledocs import CUSTOM_RULES_ANCHOR, anchor, capitalize_first, rule_markdown  # noqa: E402

BANNER = "<!-- GENERATED — do not edit. Source: the rules' docstrings; run `python scripts/gen_docs.py`. -->"


def _cell(text: str) -> str:
    return capitalize_first(" ".join(text.split())).replace("|", "\\|")


def render() -> str:
    metas = registry.builtin_rules()
    out = [
        BANNER,
        "",
        "# claude-lint rules",
        "",
        "GENERATED — do not edit: this page is written by `scripts/gen_docs.py` from each rule's own "
        "documentation (`claude-lint rule ID` shows the same text) and checked by `tests/test_docs.py`.",
        "",
        "Severity (`low|medium|high|critical`) maps to the SARIF level note|warning|error|error; "
        "confidence (`low|medium|high`) to SARIF `precision` (`--min-confidence` and the policy's "
        "`min-confidence` hide findings below a confidence). The policy's `rules:` may change a rule's severity.",
        "",
        "Test files (the policy's `tests`, default `default`): rules tagged `traffic` do not report in a file "
        "under `test-paths` that looks like a test — a `def test…(` function or method, a `Test…` class or "
        "`…TestCase` subclass, a `@pytest.fixture`, `unittest.mock`/`mock`/pytest-mock's `mocker.patch`, "
        "`respx`, `responses`, `pytest_httpx`, `httpretty`, `vcr`/`pytest_recording` (searched in the file's "
        "bytes; any non-Python file there is test data); a file under `test-paths` that does not look like a "
        "test (a smoke script) is application code for them (full severity). Those findings are counted in the summary (they cost "
        "nothing extra: test files are analysed for the key rules anyway). Key rules (tagged `secrets`) report "
        "only real key formats under `test-paths`, one severity step lower; other rules are lowered one step "
        "there. `tests: report` (or `--include-tests`) reports everything under `test-paths` one severity "
        "step lower; `tests: skip` does not scan files under `test-paths`.",
        "",
        "Modules nothing runs: rules tagged `traffic` do not report in a module no repository module imports "
        "and nothing names or runs (a stale `x copy.py`, an unimported sibling of imported modules, an "
        'unmounted router module; see the README\'s "Modules nothing runs"); they are counted in the '
        "summary, and `--include-unused` reports them. Key rules still report there.",
        "",
        "| rule | severity | confidence | applies | summary |",
        "|---|---|---|---|---|",
    ]
    for meta in metas.values():
        applies = "always" if meta.policy in ("", "always") else _cell(f"`{meta.policy}`")
        out.append(
            f"| [`{meta.id}`](#{anchor(meta.id)}) | {meta.severity.value} | {meta.confidence.value} | "
            f"{applies} | {_cell(meta.summary)} |"
        )
    out += [
        "",
        f'<a id="{CUSTOM_RULES_ANCHOR}"></a>**Custom rules.** An organisation adds its own semgrep rules with '
        "the policy's `custom-rules:` key; `claude-lint rules PATH` lists them and `claude-lint rule ID` "
        "is for built-in rules only. Their documentation is the rule file's own `message` and "
        "`metadata` (`summary`, `description`, `references`).",
    ]
    for meta in metas.values():
        out += ["", f"## {meta.id}", "", rule_markdown(meta, heading_level=3).rstrip("\n")]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    from scripts._generated import generated_file_main

    return generated_file_main(__doc__.splitlines()[0], DEFAULT_PATH, render, "gen_docs.py", argv)


if __name__ == "__main__":
    sys.exit(main())
