"""Jupyter notebooks as Python: code cells joined in order, with every line mapped back to
the line of the ``.ipynb`` file that holds it.

* A cell's ``source`` may be one string or a list of strings; the list is joined as
  nbformat says (items are concatenated, an item need not end a line).  nbformat 3 keeps
  code in ``worksheets[].cells[].input``.
* Each source line is mapped to the ``.ipynb`` line (and column) where its text starts,
  escapes such as ``\\"`` in the JSON string taken into account.
* IPython syntax is neutralised the way IPython reads it, without moving line numbers:
  line magics and shell escapes (``%cmd``, ``!cmd``, ``x = !cmd``, ``x = %cmd``), help
  (``obj?``, ``??obj``) and auto-call escapes (``/f x``, ``,f x``, ``;f x``) become ``pass``
  at the same indentation -- but only where a statement starts, never inside a string,
  brackets or a continued line (``% name`` continuing a ``"…%s" `` format stays Python).
  A cell indented as a whole is dedented (IPython's leading-indent rule).  A ``%%cell``
  magic whose body is Python (``%%time``, ``%%capture`` …) keeps its body; any other
  (``%%bash``, ``%%sql``, ``%%html``) makes the cell not-Python and it is left out.
* Notebooks of other kernels (R, Julia …) and cells of other languages in polyglot
  notebooks are not Python and are not analysed (the runner's key scan still reads the
  whole file, outputs included).  Outputs and markdown are never analysed as code.
* A cell that does not parse is left out with a notice naming the cell and the line; the
  other cells are analysed.  Cell numbers count every cell of the notebook from 1, as a
  reader counts them (markdown cells included).
* :func:`label_findings` names the cell (or ``output of cell N``) in the messages of
  findings the text engine made in a notebook.
"""

from __future__ import annotations

import ast
import bisect
import functools
import json
import re
import warnings
from dataclasses import dataclass

from .engines.python import MAX_PYTHON_TOKENS, PythonSource, exact_token_count, token_bound, too_costly
from .model import Notice, NoticeKind

#: at the start of a statement none of these can begin Python: %magic, !shell, ?help, and the
#: auto-call escapes /f, ,f, ;f
_LINE_MAGIC = re.compile(r"^(\s*)[%!?/,;]")
_SHELL_ASSIGN = re.compile(r"^(\s*)[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*(?:%|!)")
_HELP = re.compile(r"^(\s*)[\w.]+(?:\(\))?\?\??\s*(#.*)?$")
#: cell magics whose body is Python
_PY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "python", "python3", "debug", "memit", "pypy"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: kernel names (``kernelspec.name``) that are known not to run Python; used only when the
#: notebook states no language
_OTHER_KERNELS = re.compile(
    r"(?i)^(ir|julia|scala|spylon|javascript|typescript|deno|tslab|bash|zsh|sql|xsql|xcpp|xeus-cling|java|"
    r"kotlin|gophernotes|go|rust|evcxr|ruby|octave|matlab|sas|stata|powershell|\.net|haskell|clojure|"
    r"apache_toree|sparkkernel|elixir|erlang|wolframlanguage|maxima|gnuplot|perl|php|lua|c|cpp)(?=[-_.\d]|$)"
)


#: a notebook's code cells beyond this many are not analysed (a notice); the key scan reads
#: the whole file
MAX_CODE_CELLS = 10_000
#: a notebook is read with positions by a reader of our own (linear, ~10 µs per value):
#: beyond this many JSON values it is not analysed as code (a notice)
MAX_JSON_VALUES = 250_000


class NotebookError(Exception):
    pass


@dataclass
class _Str:
    value: str
    start: int  # offset of the opening quote in the JSON text
    end: int  # offset just after the closing quote


class _Obj(dict):
    """A JSON object that remembers where it sits in the file."""

    start = 0
    end = 0


class _Arr(list):
    """A JSON array that remembers where it sits in the file."""

    start = 0
    end = 0


class _Scanner:
    """A JSON reader that keeps the offset of every string, object and array, so notebook
    lines can be mapped back to the file.  Scalars are decoded by the json module.
    Iterative, so that a hostile nesting depth cannot overflow the stack."""

    MAX_DEPTH = 500

    def __init__(self, text: str):
        self.text = text
        self.decoder = json.JSONDecoder()
        self.ws = re.compile(r"[ \t\n\r]*")

    def skip(self, i: int) -> int:
        return self.ws.match(self.text, i).end()  # type: ignore[union-attr]

    def parse(self):
        text = self.text
        value, i = self._value(self.skip(0), [])
        if self.skip(i) != len(text):
            raise NotebookError(f"extra data after the JSON value at offset {self.skip(i)}")
        return value

    def _value(self, i: int, stack: list):
        """Parse one value starting at ``i``; containers are filled iteratively."""
        text = self.text
        # stack entries: [container, pending key or None]
        base = len(stack)
        while True:
            i = self.skip(i)
            if i >= len(text):
                raise NotebookError("unexpected end of JSON")
            c = text[i]
            if c in "{[":
                if len(stack) - base >= self.MAX_DEPTH:
                    raise NotebookError("JSON nested too deeply")
                container = _Obj() if c == "{" else _Arr()
                container.start = i
                i = self.skip(i + 1)
                closer = "}" if c == "{" else "]"
                if text.startswith(closer, i):
                    container.end = i + 1
                    value, i = container, i + 1
                else:
                    stack.append([container, None])
                    if c == "{":
                        key, i = self._key(i)
                        stack[-1][1] = key
                    continue
            elif c == '"':
                value, i = self._string(i)
            else:
                try:
                    value, i = self.decoder.raw_decode(text, i)
                except json.JSONDecodeError as exc:
                    raise NotebookError(f"invalid JSON: {exc.msg} at offset {exc.pos}") from None
            # attach the finished value to its parent; close parents that end here
            while True:
                if len(stack) == base:
                    return value, i
                parent, key = stack[-1]
                if isinstance(parent, _Obj):
                    parent[key.value] = value
                else:
                    parent.append(value)
                i = self.skip(i)
                if text.startswith(",", i):
                    i = self.skip(i + 1)
                    if isinstance(parent, _Obj):
                        key, i = self._key(i)
                        stack[-1][1] = key
                    break
                closer = "}" if isinstance(parent, _Obj) else "]"
                if text.startswith(closer, i):
                    parent.end = i + 1
                    stack.pop()
                    value, i = parent, i + 1
                    continue
                raise NotebookError(f"expected ',' or {closer!r} at offset {i}")

    def _key(self, i: int) -> tuple[_Str, int]:
        key, i = self._string(i)
        i = self.skip(i)
        if not self.text.startswith(":", i):
            raise NotebookError(f"expected ':' at offset {i}")
        return key, i + 1

    def _string(self, i: int) -> tuple[_Str, int]:
        if not self.text.startswith('"', i):
            raise NotebookError(f"expected a string at offset {i}")
        try:
            val, end = self.decoder.raw_decode(self.text, i)
        except json.JSONDecodeError as exc:
            raise NotebookError(f"invalid JSON string: {exc.msg} at offset {exc.pos}") from None
        return _Str(val, i, end), end


def _plain(v):
    return v.value if isinstance(v, _Str) else v


# -- positions ---------------------------------------------------------------------------


def _raw_offsets(text: str, s: _Str, wanted: list[int]) -> list[int]:
    """Offsets in the JSON text of the characters at decoded indices ``wanted`` (sorted)
    of the string ``s``: each escape (``\\n``, ``\\"``, ``\\u00e9``, a surrogate pair) is
    one decoded character but several characters of the file."""
    raw, stop = s.start + 1, s.end - 1
    if text.find("\\", raw, stop) == -1:
        return [raw + w for w in wanted]
    out: list[int] = []
    d = 0
    for w in wanted:
        while d < w and raw < stop:
            nxt = text.find("\\", raw, stop)
            if nxt == -1 or nxt - raw >= w - d:  # no escape before the wanted character
                raw += w - d
                d = w
                break
            d += nxt - raw
            raw = nxt
            if text[raw + 1] == "u":
                code = int(text[raw + 2 : raw + 6], 16)
                if 0xD800 <= code < 0xDC00 and text.startswith("\\u", raw + 6):
                    low = int(text[raw + 8 : raw + 12], 16)
                    raw += 12 if 0xDC00 <= low < 0xE000 else 6
                else:
                    raw += 6
            else:
                raw += 2
            d += 1
        out.append(min(raw, stop))
    return out


@dataclass
class _Line:
    text: str
    line: int  # 1-based line of the .ipynb file
    column: int  # 0-based column of the line's first character in that file line
    item: _Str | None = None  # the JSON string holding the line's first character
    offset: int = 0  # decoded index of that character in ``item``
    dedent: int = 0  # characters removed from the start of the line (a cell indented as a whole)


class NotebookSource(PythonSource):
    """The code cells of a notebook; columns account for JSON escapes (``\\"``)."""

    def __init__(self, text: str, lines: list[_Line | None], cell_map: list[int], file_text: str, starts: list[int]):
        line_map, col_map, last = [], [], 1
        for ln in lines:
            last = ln.line if ln is not None else last
            line_map.append(last)
            col_map.append(ln.column if ln is not None else 0)
        super().__init__(text, line_map, cell_map, col_map, file_text.split("\n"))
        self._lines = lines
        self._file_text = file_text
        self._starts = starts

    def file_column(self, line: int, col: int) -> int:
        if not (0 < line <= len(self._lines)) or self._lines[line - 1] is None:
            return super().file_column(line, col)
        ln = self._lines[line - 1]
        assert ln is not None  # checked above
        if ln.item is None:
            return ln.column + col
        raw = _raw_offsets(self._file_text, ln.item, [ln.offset + ln.dedent + col])[0]
        return raw - self._starts[ln.line - 1]


def _cell_lines(source, text: str, starts: list[int]) -> list[_Line]:
    """The lines of a cell's source with their place in the file."""
    items = source if isinstance(source, list) else [source]
    if not all(isinstance(item, _Str) for item in items):
        raise NotebookError("its source is neither a string nor a list of strings")
    joined = "".join(item.value for item in items)
    if not joined:
        return []
    # where each non-empty item starts in the joined text
    item_starts: list[int] = []
    nonempty: list[_Str] = []
    pos = 0
    for item in items:
        if item.value:
            item_starts.append(pos)
            nonempty.append(item)
            pos += len(item.value)
    # split the way Python's tokenizer counts lines
    pieces: list[tuple[str, int]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(joined):
        pieces.append((joined[pos : m.start()], pos))
        pos = m.end()
    if pos < len(joined):
        pieces.append((joined[pos:], pos))
    # the raw offset of each line start, grouped by the item holding it
    wanted: dict[int, list[int]] = {}
    for _, g in pieces:
        k = bisect.bisect_right(item_starts, g) - 1
        wanted.setdefault(k, []).append(g - item_starts[k])
    raw: dict[tuple[int, int], int] = {}
    for k, ds in wanted.items():
        for d, r in zip(ds, _raw_offsets(text, nonempty[k], ds)):
            raw[(k, d)] = r
    out: list[_Line] = []
    for piece, g in pieces:
        k = bisect.bisect_right(item_starts, g) - 1
        r = raw[(k, g - item_starts[k])]
        line = bisect.bisect_right(starts, r)
        out.append(_Line(piece, line, r - starts[line - 1], nonempty[k], g - item_starts[k]))
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


# -- IPython syntax ----------------------------------------------------------------------


class _Continuation:
    """Tracks whether the next line starts a new statement: not inside brackets, a
    triple-quoted string or a backslash continuation.  A light scan of our own, because
    ``tokenize`` stops at the first IPython escape."""

    _QUOTE = re.compile(r"'''|\"\"\"|'|\"|#|[()\[\]{}]|\\$")

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the open quote of a string continued to the next line
        self.backslash = False

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.string is None and not self.backslash

    def feed(self, line: str) -> None:
        self.backslash = False
        i = 0
        n = len(line)
        if self.string is not None:
            i = self._close(line, 0, self.string)
            if i < 0:
                return
            self.string = None
        while i < n:
            m = self._QUOTE.search(line, i)
            if m is None:
                return
            tok = m.group()
            i = m.end()
            if tok == "#":
                return
            if tok == "\\":
                self.backslash = True
                return
            if tok in "([{":
                self.depth += 1
            elif tok in ")]}":
                self.depth = max(0, self.depth - 1)
            else:
                end = self._close(line, i, tok)
                if end < 0:
                    if len(tok) == 3 or line.endswith("\\"):
                        self.string = tok
                    return
                i = end

    @staticmethod
    def _close(line: str, i: int, quote: str) -> int:
        """Index after the closing ``quote`` at or after ``i``, or -1 if the line ends first."""
        n = len(line)
        while i < n:
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                return i + len(quote)
            i += 1
        return -1


def _neutralise(lines: list[str]) -> list[str]:
    """Replace IPython-only lines by ``pass`` where a statement starts."""
    out: list[str] = []
    state = _Continuation()
    in_magic = False  # the previous line was a magic ending with a backslash
    for text in lines:
        if in_magic:
            out.append("")  # a continuation line of the magic: blank keeps the numbering
            in_magic = text.endswith("\\")
            continue
        if state.at_statement_start:
            m = _LINE_MAGIC.match(text) or _SHELL_ASSIGN.match(text) or _HELP.match(text)
            if m:
                out.append(m.group(1) + "pass")
                in_magic = text.endswith("\\")
                continue
        out.append(text)
        state.feed(text)
    return out


def _cell_magic(first: str) -> str | None:
    """The name of the ``%%magic`` on a cell's first line, or None."""
    s = first.lstrip()
    if not s.startswith("%%"):
        return None
    words = s[2:].split()
    return words[0] if words else ""


def _is_python_cell_magic(first: str) -> bool:
    words = first.lstrip()[2:].split()
    name = words[0] if words else ""
    if name in _PY_CELL_MAGICS:
        return True
    return (
        name == "script"
        and len(words) > 1
        and re.match(r"(python3?|pypy3?|ipython3?)$", words[1].split("/")[-1]) is not None
    )


def _language(data: dict) -> str:
    """The notebook's language, '' when it does not say."""
    meta = data.get("metadata")
    if not isinstance(meta, dict):
        return ""
    info, spec = meta.get("language_info"), meta.get("kernelspec")
    for sub, key in ((info, "name"), (spec, "language")):
        if isinstance(sub, dict) and isinstance(_plain(sub.get(key)), str) and _plain(sub.get(key)).strip():
            return _plain(sub.get(key)).strip().lower()
    if isinstance(_plain(meta.get("language")), str):  # nbformat 3
        return _plain(meta.get("language")).strip().lower()
    if isinstance(spec, dict) and isinstance(_plain(spec.get("name")), str):
        name = _plain(spec.get("name")).strip()
        if _OTHER_KERNELS.match(name):
            return name.lower()
    return ""


def _cell_language(cell: dict) -> str:
    """The language a cell itself states, '' when it does not (nbformat 3 ``language``, VS
    Code's ``metadata.vscode.languageId``, polyglot notebooks' ``kernelName``)."""
    candidates = [cell.get("language")]
    meta = cell.get("metadata")
    if isinstance(meta, dict):
        for key, sub in (
            ("vscode", "languageId"),
            ("polyglot_notebook", "kernelName"),
            ("dotnet_interactive", "language"),
        ):
            inner = meta.get(key)
            if isinstance(inner, dict):
                candidates.append(inner.get(sub))
    for c in candidates:
        c = _plain(c)
        if isinstance(c, str) and c.strip():
            return c.strip().lower()
    return ""


def _is_python(language: str) -> bool:
    return not language or language.startswith(("python", "ipython", "pypy")) or language in ("py", "py3")


def _cells(data: dict) -> list | None:
    cells = data.get("cells")
    if cells is None and isinstance(data.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in data["worksheets"] if isinstance(ws, dict) for c in (ws.get("cells") or [])]
    return cells if isinstance(cells, list) else None


@functools.lru_cache(maxsize=1)
def _scan(text: str):
    """The positioned JSON of a notebook, read once for :func:`load_notebook` and
    :func:`label_findings` of the same file (the reader is linear but not cheap).
    Callers only read it."""
    try:
        return _Scanner(text).parse(), None
    except (NotebookError, RecursionError, ValueError) as exc:
        return None, exc


def json_values_bound(text: str) -> int:
    """An upper bound of the number of JSON values in ``text`` at C speed (every string
    has two quotes, every other value but one follows a comma or an opening bracket)."""
    return text.count('"') // 2 + text.count(",") + text.count("[") + text.count("{") + 1


def _parse_notebook(path: str, text: str) -> tuple[dict | None, list | None, list[Notice]]:
    values = json_values_bound(text)
    if values > MAX_JSON_VALUES:
        return (
            None,
            None,
            [
                Notice(
                    NoticeKind.TOO_LARGE,
                    f"not analysed as a notebook: about {values:,} JSON values, over the {MAX_JSON_VALUES:,} limit; "
                    "the key scan still ran",
                    path,
                )
            ],
        )
    data, exc = _scan(text)
    if exc is not None:
        return (
            None,
            None,
            [Notice(NoticeKind.BAD_NOTEBOOK, f"not a readable notebook: {exc}; the key scan still ran", path)],
        )
    if not isinstance(data, dict):
        return (
            None,
            None,
            [
                Notice(
                    NoticeKind.BAD_NOTEBOOK,
                    "not a notebook (the top level is not a JSON object); the key scan still ran",
                    path,
                )
            ],
        )
    cells = _cells(data)
    if cells is None:
        return (
            data,
            None,
            [Notice(NoticeKind.BAD_NOTEBOOK, "not a notebook (no list of cells); the key scan still ran", path)],
        )
    return data, cells, []


def load_notebook(path: str, text: str) -> tuple[PythonSource | None, list[Notice]]:
    """The code cells of a notebook as one Python source mapped back to the file, and the
    notices of cells (or a whole notebook) that could not be analysed."""
    data, cells, notices = _parse_notebook(path, text)
    if data is None or cells is None:
        return None, notices
    if not _is_python(_language(data)):
        return None, []  # an R or Julia notebook: nothing for the Python engine

    starts = _line_starts(text)
    out_lines: list[str] = []
    out_refs: list[_Line | None] = []
    cell_map: list[int] = []
    code_cells = 0
    # the token budget is for the whole notebook (each cell is parsed here, then all together):
    # cheap bounds while they fit, exact counts once they do not
    used, exact = 0, False
    kept: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or _plain(cell.get("cell_type")) != "code":
            continue
        code_cells += 1
        if code_cells > MAX_CODE_CELLS:
            notices.append(
                Notice(
                    NoticeKind.TOO_LARGE,
                    f"more than {MAX_CODE_CELLS:,} code cells: cells {number} and later not analysed; the key scan still ran",
                    path,
                    bisect.bisect_right(starts, getattr(cell, "start", 0)),
                )
            )
            break
        if not _is_python(_cell_language(cell)):
            continue  # a cell of another language in a polyglot notebook
        source = cell.get("source", cell.get("input"))
        if source is None:
            continue
        try:
            lines = _cell_lines(source, text, starts)
        except NotebookError as exc:
            where = source.start if isinstance(source, (_Obj, _Arr)) else getattr(cell, "start", 0)
            notices.append(
                Notice(
                    NoticeKind.BAD_NOTEBOOK, f"cell {number} skipped: {exc}", path, bisect.bisect_right(starts, where)
                )
            )
            continue
        for ln in lines:
            if ln.text.endswith("\r"):
                ln.text = ln.text[:-1]
        # IPython drops leading blank lines and a common leading indent
        while lines and not lines[0].text.strip():
            lines.pop(0)
        if not lines:
            continue
        indent = lines[0].text[: len(lines[0].text) - len(lines[0].text.lstrip())]
        if indent:
            for ln in lines:
                if ln.text.startswith(indent):
                    ln.text = ln.text[len(indent) :]
                    ln.dedent = len(indent)
                    if ln.item is not None:
                        ln.column = _raw_offsets(text, ln.item, [ln.offset + ln.dedent])[0] - starts[ln.line - 1]
        code = [ln.text for ln in lines]
        magic = _cell_magic(code[0])
        if magic is not None:
            if not _is_python_cell_magic(code[0]):
                continue  # %%bash, %%sql, %%html …: not Python
            code[0] = "pass"
        code = _neutralise(code)
        joined = "\n".join(code)
        n = exact_token_count(joined) if exact else token_bound(joined)
        if not exact and used + n > MAX_PYTHON_TOKENS:
            exact = True
            used = sum(exact_token_count(c) for c in kept)
            n = exact_token_count(joined)
        used += n
        kept.append(joined)
        why = (
            too_costly(joined)
            if used <= MAX_PYTHON_TOKENS
            else f"the notebook's code is over {MAX_PYTHON_TOKENS:,} tokens"
        )
        if why is not None:
            notices.append(
                Notice(
                    NoticeKind.TOO_LARGE,
                    f"cell {number} and later not analysed: {why}; the key scan still ran",
                    path,
                    lines[0].line,
                )
            )
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(joined)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            lineno = getattr(exc, "lineno", None) or 1
            at = lines[min(max(lineno, 1), len(lines)) - 1].line
            msg = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
            if isinstance(exc, (RecursionError, MemoryError)):
                msg = "nesting too deep for the parser"
            elif isinstance(exc, UnicodeError):
                msg = "it holds a character that is not valid Unicode (a lone surrogate)"
            notices.append(
                Notice(
                    NoticeKind.SYNTAX_ERROR,
                    f"cell {number} not parsed: {msg} (line {lineno} of the cell); the other cells were analysed",
                    path,
                    at,
                )
            )
            continue
        for ln, code_line in zip(lines, code):
            out_lines.append(code_line)
            out_refs.append(ln)
            cell_map.append(number)
        # a blank separator line between cells keeps statements apart
        out_lines.append("")
        out_refs.append(None)
        cell_map.append(number)
    return NotebookSource("\n".join(out_lines), out_refs, cell_map, text, starts), notices


# -- where a line of the file is ------------------------------------------------------------


def cell_regions(text: str) -> list[tuple[int, int, int, str]]:
    """``(first line, last line, cell number, part)`` of every cell of a notebook, where
    part is ``"source"``, ``"outputs"`` or ``"cell"`` (the rest of the cell: metadata,
    attachments).  Empty for a file that is not a readable notebook."""
    _data, cells, _ = _parse_notebook("", text)
    if not cells:
        return []
    starts = _line_starts(text)

    def line(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    out: list[tuple[int, int, int, str]] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, _Obj):
            continue
        for part in ("source", "input", "outputs"):
            v = cell.get(part)
            if isinstance(v, (_Str, _Obj, _Arr)):
                end = v.end - 1 if v.end > v.start else v.start
                out.append((line(v.start), line(end), number, "outputs" if part == "outputs" else "source"))
        out.append((line(cell.start), line(max(cell.start, cell.end - 1)), number, "cell"))
    return out


def where_in_notebook(regions: list[tuple[int, int, int, str]], line: int) -> tuple[int, str] | None:
    """``(cell number, part)`` of a line of the file, the most specific region first."""
    best = None
    for first, last, number, part in regions:
        if first <= line <= last and (best is None or (last - first) < (best[1] - best[0])):
            best = (first, last, number, part)
    return (best[2], best[3]) if best else None


class _RegionIndex:
    """:func:`where_in_notebook` by bisection: cells follow each other in the file, so only
    the cells that start at or before a line and are nearest to it can hold it (a finding
    costs O(log cells), not a pass over every cell of a 100,000-cell notebook)."""

    #: cells examined backwards from the nearest one (cells share a line only at their
    #: boundaries, or in a notebook written on very few lines, where labels mean little)
    REACH = 64

    def __init__(self, regions: list[tuple[int, int, int, str]]):
        by_cell: dict[int, list[tuple[int, int, int, str]]] = {}
        for r in regions:
            by_cell.setdefault(r[2], []).append(r)
        self.cells = sorted(by_cell.values(), key=lambda rs: (min(r[0] for r in rs), rs[0][2]))
        self.firsts = [min(r[0] for r in rs) for rs in self.cells]

    def where(self, line: int) -> tuple[int, str] | None:
        i = bisect.bisect_right(self.firsts, line)
        candidates = [r for rs in self.cells[max(0, i - self.REACH) : i] for r in rs]
        return where_in_notebook(candidates, line)


def label_findings(findings: list, text: str) -> list:
    """Name the cell in the message of findings that the text engine made in a notebook
    (``(cell 3)``, ``(output of cell 3)``); the Python engine's findings already do."""
    todo = [f for f in findings if "cell" not in f.properties]
    if not todo:
        return findings
    regions = cell_regions(text)
    if not regions:
        return findings
    index = _RegionIndex(regions)
    out = []
    for f in findings:
        if "cell" not in f.properties:
            where = index.where(f.location.line)
            if where is not None:
                number, part = where
                label = f"output of cell {number}" if part == "outputs" else f"cell {number}"
                props = {**f.properties, "cell": number}
                if part == "outputs":
                    props["cell-part"] = "outputs"
                f = f.with_(message=f"{f.message} ({label})", properties=props)
        out.append(f)
    return out
