"""Jupyter notebooks as Python: code cells joined in order, with every line mapped back to
the line of the ``.ipynb`` file that holds it.

A cell's ``source`` may be one string or a list of lines (nbformat 4; nbformat 3 keeps code
in ``worksheets[].cells[].input``).  IPython magics and shell escapes (``%``, ``%%``,
``!``, ``x = !cmd``, ``obj?``) are replaced by ``pass`` at the same indentation so line
numbers do not move.  A cell that still does not parse is left out with a notice; the
other cells are analysed.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

from .engines.python import PythonSource
from .model import Notice, NoticeKind

_MAGIC = re.compile(r"^(\s*)(%%?|!|\?\??)")
_SHELL_ASSIGN = re.compile(r"^(\s*)[\w.,\s]+=\s*(%%?|!)")
_HELP = re.compile(r"^(\s*)[\w.]+\?\??\s*$")
#: cell magics whose body is Python
_PY_CELL_MAGICS = {"time", "timeit", "capture", "prun", "python", "python3", "debug"}


class NotebookError(Exception):
    pass


@dataclass
class _Str:
    value: str
    start: int  # offset of the opening quote in the JSON text


class _Scanner:
    """A JSON reader that keeps the offset of every string, so notebook lines can be
    mapped back to the file.  Strings, numbers and literals are decoded by the json module."""

    def __init__(self, text: str):
        self.text = text
        self.decoder = json.JSONDecoder()
        self.ws = re.compile(r"[ \t\n\r]*")

    def skip(self, i: int) -> int:
        return self.ws.match(self.text, i).end()

    def value(self, i: int, depth: int = 0):
        if depth > 200:
            raise NotebookError("JSON nested too deeply")
        i = self.skip(i)
        if i >= len(self.text):
            raise NotebookError("unexpected end of JSON")
        c = self.text[i]
        if c == "{":
            out: dict = {}
            i = self.skip(i + 1)
            if self.text.startswith("}", i):
                return out, i + 1
            while True:
                i = self.skip(i)
                key, i = self._string(i)
                i = self.skip(i)
                if not self.text.startswith(":", i):
                    raise NotebookError(f"expected ':' at offset {i}")
                val, i = self.value(i + 1, depth + 1)
                out[key.value] = val
                i = self.skip(i)
                if self.text.startswith(",", i):
                    i += 1
                    continue
                if self.text.startswith("}", i):
                    return out, i + 1
                raise NotebookError(f"expected ',' or '}}' at offset {i}")
        if c == "[":
            arr: list = []
            i = self.skip(i + 1)
            if self.text.startswith("]", i):
                return arr, i + 1
            while True:
                val, i = self.value(i, depth + 1)
                arr.append(val)
                i = self.skip(i)
                if self.text.startswith(",", i):
                    i += 1
                    continue
                if self.text.startswith("]", i):
                    return arr, i + 1
                raise NotebookError(f"expected ',' or ']' at offset {i}")
        if c == '"':
            return self._string(i)
        try:
            val, end = self.decoder.raw_decode(self.text, i)
        except json.JSONDecodeError as exc:
            raise NotebookError(f"invalid JSON: {exc.msg} at offset {exc.pos}") from None
        return val, end

    def _string(self, i: int) -> tuple[_Str, int]:
        if not self.text.startswith('"', i):
            raise NotebookError(f"expected a string at offset {i}")
        try:
            val, end = self.decoder.raw_decode(self.text, i)
        except json.JSONDecodeError as exc:
            raise NotebookError(f"invalid JSON string: {exc.msg} at offset {exc.pos}") from None
        return _Str(val, i), end


def _plain(v):
    return v.value if isinstance(v, _Str) else v


def _neutralise(line: str) -> str:
    m = _MAGIC.match(line) or _SHELL_ASSIGN.match(line) or _HELP.match(line)
    if m:
        return m.group(1) + "pass"
    return line


def _cell_lines(source) -> list[tuple[str, int, int]]:
    """(line text, JSON offset of the string holding it, column of the line inside that
    JSON line) for each source line of a cell."""
    items = source if isinstance(source, list) else [source]
    out: list[tuple[str, int, int]] = []
    for item in items:
        if not isinstance(item, _Str):
            raise NotebookError("a cell's source is neither a string nor a list of strings")
        parts = item.value.split("\n")
        if parts and parts[-1] == "" and len(parts) > 1:
            parts = parts[:-1]
        for k, part in enumerate(parts):
            # the first line of a string starts one character after the quote; later lines
            # of a one-string source share its JSON line, so their column is approximate
            out.append((part, item.start, 1 if k == 0 else 1))
    return out


def load_notebook(path: str, text: str) -> tuple[PythonSource | None, list[Notice]]:
    notices: list[Notice] = []
    try:
        data, _ = _Scanner(text).value(0)
    except (NotebookError, RecursionError) as exc:
        return None, [Notice(NoticeKind.BAD_NOTEBOOK, f"not a readable notebook: {exc}; the key scan still ran", path)]
    if not isinstance(data, dict):
        return None, [Notice(NoticeKind.BAD_NOTEBOOK, "not a notebook (top level is not an object)", path)]
    cells = data.get("cells")
    if cells is None and isinstance(data.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in data["worksheets"] if isinstance(ws, dict) for c in (ws.get("cells") or [])]
    if not isinstance(cells, list):
        return None, [Notice(NoticeKind.BAD_NOTEBOOK, "not a notebook (no list of cells)", path)]
    language = ""
    meta = data.get("metadata")
    if isinstance(meta, dict):
        for k in ("kernelspec", "language_info"):
            sub = meta.get(k)
            if isinstance(sub, dict):
                language = _plain(sub.get("language") or sub.get("name") or "") or language
    if language and not str(language).lower().startswith("python"):
        return None, []  # an R or Julia notebook: nothing for the Python engine

    offsets = _line_offsets(text)
    file_lines = text.splitlines()
    out_lines: list[str] = []
    line_map: list[int] = []
    cell_map: list[int] = []
    col_map: list[int] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or _plain(cell.get("cell_type")) != "code":
            continue
        source = cell.get("source", cell.get("input"))
        if source is None:
            continue
        try:
            lines = _cell_lines(source)
        except NotebookError as exc:
            notices.append(Notice(NoticeKind.BAD_NOTEBOOK, f"cell {number} skipped: {exc}", path))
            continue
        code = [t for t, _, _ in lines]
        if code and code[0].lstrip().startswith("%%"):
            magic = code[0].lstrip()[2:].split()[0] if code[0].lstrip()[2:].split() else ""
            if magic not in _PY_CELL_MAGICS:
                continue  # %%bash, %%sql, %%html...: not Python
            code[0] = "pass"
        code = [_neutralise(t) for t in code]
        try:
            ast.parse("\n".join(code))
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            where = _json_line(offsets, lines[0][1]) if lines else 0
            msg = getattr(exc, "msg", str(exc))
            notices.append(
                Notice(NoticeKind.SYNTAX_ERROR, f"cell {number} not parsed: {msg}; the other cells were analysed", path, where)
            )
            continue
        for (_, offset, col), text_line in zip(lines, code):
            jl = _json_line(offsets, offset)
            out_lines.append(text_line)
            line_map.append(jl)
            cell_map.append(number)
            raw = file_lines[jl - 1] if 0 < jl <= len(file_lines) else ""
            quote = raw.find('"')
            col_map.append(max(0, quote + 1))
        # a blank separator line between cells keeps statements apart
        out_lines.append("")
        line_map.append(line_map[-1] if line_map else 1)
        cell_map.append(number)
        col_map.append(0)
    return PythonSource("\n".join(out_lines), line_map, cell_map, col_map, file_lines), notices


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def _json_line(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)
