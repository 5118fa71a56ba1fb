"""Output of ``claude-lint inventory``: a terminal table (text), a versioned JSON document and
a Markdown report for compliance documentation (per-repository summary first, then the
table).  Everything written here comes from :class:`claude_lint.inventory.InventoryResult`,
whose strings are already redacted; every string from a scanned file goes through
:mod:`..textsafe` here, where it is written."""

from __future__ import annotations

import json
from typing import TextIO

import click

from .. import __version__
from ..inventory.records import REQUEST_KINDS, SCHEMA_ID, SCHEMA_VERSION, Entry, InventoryResult, model_label
from ..textsafe import inert, json_safe, md, md_code

FORMATS = ("text", "json", "markdown")
#: widest cell of the terminal table (the JSON and Markdown forms are never shortened)
CELL = 60


def writer(fmt: str):
    return {"text": write_text, "json": write_json, "markdown": write_markdown}[fmt]


# --------------------------------------------------------------------------- shared wording


def provider_text(e: Entry) -> str:
    return f"{e.provider} via {e.via}" if e.via else e.provider


def requests_text(e: Entry) -> str:
    if not e.requests:
        return "none seen"
    counts = {k: sum(1 for r in e.requests if r.kind == k) for k in REQUEST_KINDS}
    return ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in counts.items() if n)


def health_text(e: Entry) -> str:
    if e.health_data == "yes":
        src = next((r for r in e.requests if r.health_data == "yes" and r.health_source), None)
        return f"yes: {src.health_source} (line {src.health_line})" if src and src.health_line else "yes"
    if e.health_data == "declared":
        return "declared (handles-phi: true)"
    if e.health_data == "unknown":
        return "no request seen"
    return "no"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(d: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda kv: (-kv[1], str(kv[0])))) or "none"


_HEALTH_WORDS = {"yes": "yes", "declared": "declared", "no": "no", "unknown": "no request seen"}


def _health_counts(repo) -> str:
    return (
        ", ".join(f"{_HEALTH_WORDS[k]} {repo.health_data[k]}" for k in _HEALTH_WORDS if k in repo.health_data) or "none"
    )


def _regions_by_provider(repo) -> list[tuple[str, list[tuple[str, int]]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for (provider, region), n in repo.regions.items():
        out.setdefault(provider, []).append((region, n))
    return [(p, sorted(v, key=lambda rv: (-rv[1], rv[0]))) for p, v in sorted(out.items())]


def headline(result: InventoryResult) -> str:
    n_req = sum(len(e.requests) for e in result.entries)
    verb = "reaches" if len(result.entries) == 1 else "reach"
    return (
        f"{_plural(len(result.entries), 'place')} {verb} Claude ({_plural(n_req, 'request')}) in "
        f"{_plural(result.files_scanned, 'file')} scanned"
    )


# --------------------------------------------------------------------------- text


def _clip(text: str, width: int = CELL) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _first_and_more(items: list[str]) -> str:
    if not items:
        return "—"
    more = f" +{len(items) - 1} more" if len(items) > 1 else ""
    return _clip(items[0], CELL - len(more)) + more


def write_text(result: InventoryResult, out: TextIO, *, color: bool = False, **_: object) -> None:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    header = ("WHERE", "CLIENT", "PROVIDER", "MODEL", "REGION", "TOOLS", "HEALTH DATA", "REQUESTS")
    rows = []
    for e in result.entries:
        where = f"{e.path}:{e.line}" + (f" (cell {e.cell})" if e.cell else "")
        rows.append(
            (
                inert(where),
                _clip(inert(e.client), 36),
                inert(provider_text(e)),
                _first_and_more([inert(m.text()) for m in e.models]),
                _first_and_more([inert(r.text()) for r in e.regions]),
                _clip(inert(", ".join(e.tools)) or "—", 32),
                _clip(inert(health_text(e)), 40),
                inert(requests_text(e)),
            )
        )
    if rows:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        out.write(style("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(), bold=True) + "\n")
        for r in rows:
            out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
        out.write("\n")
    for repo in result.repositories:
        if not repo.entries and len(result.repositories) > 1:
            out.write(
                style(f"{inert(repo.label)}: ", bold=True) + f"no Claude usage found in {_plural(repo.files, 'file')}\n"
            )
            continue
        if not repo.entries:
            continue
        out.write(
            style(f"{inert(repo.label)}: ", bold=True)
            + f"{_plural(repo.entries, 'place')}, {_plural(repo.requests, 'request')} in "
            f"{_plural(repo.files, 'file')}\n"
        )
        out.write(f"  providers:    {inert(_counts(repo.providers))}\n")
        for provider, regions in _regions_by_provider(repo):
            out.write(f"  {inert(provider) + ':':<13} " + inert(", ".join(f"{r} ({n})" for r, n in regions)) + "\n")
        out.write(f"  models:       {inert(_counts(repo.models))}\n")
        out.write(f"  health data:  {inert(_health_counts(repo))}\n")
        if repo.tools:
            out.write(f"  tools:        {inert(_counts(repo.tools))}\n")
    for n in result.notices:
        where = f"{inert(n.path)}:{n.line}: " if n.path and n.line else (f"{inert(n.path)}: " if n.path else "")
        out.write(style(f"notice: {where}{inert(n.message)}", fg="yellow" if n.level == "warning" else "red") + "\n")
    tail = headline(result)
    if result.notices:
        tail += f", {_plural(len(result.notices), 'notice')}"
    out.write(style(tail + ".", bold=True) + "\n")


# --------------------------------------------------------------------------- json


def document(result: InventoryResult) -> dict:
    """The JSON form (``docs/inventory.schema.json``)."""
    return {
        "schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "tool": {"name": "claude-lint", "version": __version__},
        "summary": {
            "files_scanned": result.files_scanned,
            "entries": len(result.entries),
            "requests": sum(len(e.requests) for e in result.entries),
            "providers": result.providers,
            "notices": len(result.notices),
        },
        "repositories": [r.to_json() for r in result.repositories],
        "entries": [e.to_json() for e in result.entries],
        "notices": [
            {"kind": n.kind.value, "path": n.path, "line": n.line, "message": n.message, "level": n.level}
            for n in result.notices
        ],
    }


def write_json(result: InventoryResult, out: TextIO, **_: object) -> None:
    json.dump(json_safe(document(result)), out, indent=2, ensure_ascii=False)
    out.write("\n")


# --------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    """Text from a scanned file in a table cell (see :mod:`..textsafe`)."""
    return md(text) or "—"


def _md_list(items: list[str]) -> str:
    return "<br>".join(_cell(i) for i in items) if items else "—"


def write_markdown(result: InventoryResult, out: TextIO, **_: object) -> None:
    out.write("# Claude inventory\n\n")
    out.write(
        f"Every place the code reaches Anthropic's Claude, found by claude-lint {__version__} from the source "
        f"alone (no code was run, no network was used). {headline(result)}.\n"
    )
    out.write("\n## Summary\n")
    for repo in result.repositories:
        out.write(f"\n### Repository {md_code(repo.label)}\n\n")
        if not repo.entries:
            out.write(f"No Claude usage found in {_plural(repo.files, 'file')}.\n")
            continue
        rows = [
            (
                "Places that reach Claude",
                f"{repo.entries} ({_plural(repo.requests, 'request')}) in {_plural(repo.files, 'file')}",
            ),
            ("Providers", _counts(repo.providers)),
            ("Models", _counts(repo.models)),
            ("Health data flows in", _health_counts(repo)),
            ("Tools enabled", _counts(repo.tools)),
            (
                "Request kinds",
                ", ".join(f"{k} {repo.request_kinds[k]}" for k in REQUEST_KINDS if k in repo.request_kinds) or "none",
            ),
        ]
        out.write("| | |\n|---|---|\n")
        for k, v in rows:
            out.write(f"| {k} | {_cell(v)} |\n")
        out.write("\n| provider | region, location or inference_geo | places |\n|---|---|---:|\n")
        for provider, regions in _regions_by_provider(repo):
            for region, n in regions:
                out.write(f"| {_cell(provider)} | {_cell(region)} | {n} |\n")
    out.write("\n## Places\n\n")
    if not result.entries:
        out.write("None found.\n")
    else:
        out.write(
            "| where | client | provider | model | region (and where it came from) | tools | health data "
            "| requests |\n|---|---|---|---|---|---|---|---|\n"
        )
        for e in result.entries:
            where = md_code(f"{e.path}:{e.line}", table=True) + (f" (cell {e.cell})" if e.cell else "")
            client = _cell(e.client) + (f"<br>endpoint: {_cell(e.endpoint.text())}" if e.endpoint else "")
            if e.note:
                client += f"<br>*{_cell(e.note)}*"
            out.write(
                f"| {where} | {client} | {_cell(provider_text(e))} | {_md_list([m.text() for m in e.models])} | "
                f"{_md_list([r.text() for r in e.regions])} | {_cell(', '.join(e.tools))} | "
                f"{_cell(health_text(e))} | {_cell(requests_text(e))} |\n"
            )
    if result.notices:
        out.write(
            f"\n## Files not inventoried ({len(result.notices)} notice{'s' if len(result.notices) != 1 else ''})\n\n"
        )
        for n in result.notices:
            where = md_code(f"{n.path}{':' + str(n.line) if n.line else ''}") + " " if n.path else ""
            out.write(f"- {where}{_cell(n.message)}\n")


__all__ = ["FORMATS", "document", "model_label", "write_json", "write_markdown", "write_text", "writer"]
