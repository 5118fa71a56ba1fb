"""Jupyter notebooks: code cells are linted as Python with every finding mapped back to the
line (and column) of the ``.ipynb`` file, naming the cell; IPython syntax is neutralised;
a broken cell or notebook never stops the rest.

Notebooks are built here at test time; keys come from ``harness.make_key``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harness import make_key

from claude_lint.model import NoticeKind
from claude_lint.notebook import cell_regions, load_notebook, where_in_notebook
from claude_lint.runner import RunOptions, run

CONSUMER = "consumer-credential"
API = "hardcoded-api-key"
COOKIE = 'cookies = {"sessionKey": os.environ["X"]}'
PY_META = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def code(source, outputs=(), metadata=None, **extra) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata or {},
        "outputs": list(outputs),
        "source": source,
        **extra,
    }


def markdown(source) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def stream(*lines: str) -> dict:
    return {"name": "stdout", "output_type": "stream", "text": list(lines)}


def notebook(cells, metadata=PY_META, **kw) -> str:
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1, **kw) + "\n"


def lint(folder: Path, files: dict[str, str | bytes]):
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return run(RunOptions(paths=[folder]))


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the file holding the ``nth`` occurrence of ``needle``."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} occurs {len(hits)} times"
    return hits[nth - 1]


def col_of(text: str, line: int, needle: str) -> int:
    return text.split("\n")[line - 1].index(needle) + 1


def findings(result, rule: str = CONSUMER):
    return sorted((f for f in result.active_findings if f.rule_id == rule), key=lambda f: f.location.line)


def notices(result, kind: NoticeKind | None = None):
    return [n for n in result.notices if kind is None or n.kind is kind]


@pytest.fixture
def nb_dir(in_tmp) -> Path:
    return in_tmp


# -- sources: list form, string form, nbformat 3 --------------------------------------------


def test_list_form_source_maps_to_the_ipynb_line_and_names_the_cell(nb_dir):
    text = notebook(
        [
            markdown(["# Title\n", "text"]),
            code(["import anthropic\n", "import os\n", "\n", COOKIE + "\n", "x = 1"]),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result)
    line = line_of(text, "sessionKey")
    assert f.location.path == "nb.ipynb"
    assert f.location.line == line
    assert f.location.column == col_of(text, line, "os.environ")
    assert f.location.end_column == col_of(text, line, '\\"]}') + len('\\"]')
    assert "(cell 2)" in f.message  # markdown cells count: the notebook's second cell
    assert f.properties["cell"] == 2
    assert not result.notices


def test_string_form_source(nb_dir):
    text = notebook([code("import anthropic\nimport os\n\n" + COOKIE + "\n")])
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result)
    line = line_of(text, "sessionKey")
    assert line == line_of(text, "import anthropic")  # one JSON line holds the whole cell
    # the column is exact even though the line is the cell's fourth and follows escapes
    assert f.location.column == col_of(text, line, "os.environ")
    assert "(cell 1)" in f.message


def test_list_items_that_do_not_end_a_line_are_joined(nb_dir):
    """nbformat joins the list items as they are; an item need not end with a newline."""
    text = notebook([code(["import anthropic, os\n", "cookies = {", '"sessionKey": ', 'os.environ["X"]}\n'])])
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result)
    assert f.location.line == line_of(text, '"cookies = {"')
    assert not result.notices


def test_escaped_characters_keep_columns_exact(nb_dir):
    """``ensure_ascii`` notebooks hold ``\\u00e9`` escapes; tabs are ``\\t``."""
    src = ["import anthropic, os\n", 'note = "café\tthé"; ' + COOKIE + "\n"]
    text = notebook([code(src)], ensure_ascii=True)
    assert "\\u00e9" in text
    (f,) = findings(lint(nb_dir, {"nb.ipynb": text}))
    line = line_of(text, "sessionKey")
    assert f.location.column == col_of(text, line, "os.environ")


def test_raw_line_separators_inside_json_strings(nb_dir):
    """JSON allows a raw U+2028 in a string; it is no line break of the .ipynb file."""
    src = ["import anthropic, os\n", 'x = "a\u2028b"; ' + COOKIE + "\n", COOKIE]
    text = notebook([code(src)], ensure_ascii=False)
    assert "\u2028" in text
    result = lint(nb_dir, {"nb.ipynb": text})
    first, second = findings(result)
    assert first.location.line == second.location.line - 1 == line_of(text, "a\u2028b")
    assert second.location.column == col_of(text, second.location.line, "os.environ")
    assert not result.notices


def test_nbformat_3(nb_dir):
    text = json.dumps(
        {
            "metadata": {"name": "old"},
            "nbformat": 3,
            "nbformat_minor": 0,
            "worksheets": [
                {
                    "cells": [
                        {"cell_type": "heading", "level": 1, "metadata": {}, "source": ["Old notebook"]},
                        {
                            "cell_type": "code",
                            "collapsed": False,
                            "input": ["import anthropic, os\n", COOKIE],
                            "language": "python",
                            "metadata": {},
                            "outputs": [],
                        },
                    ],
                    "metadata": {},
                }
            ],
        },
        indent=1,
    )
    (f,) = findings(lint(nb_dir, {"old.ipynb": text}))
    assert f.location.line == line_of(text, "sessionKey")
    assert "(cell 2)" in f.message


def test_windows_line_endings_and_bom(nb_dir):
    text = notebook([code(["import anthropic, os\n", COOKIE])])
    crlf = text.replace("\n", "\r\n")
    result = lint(nb_dir, {"crlf.ipynb": crlf, "bom.ipynb": b"\xef\xbb\xbf" + text.encode()})
    got = {f.location.path: f for f in findings(result)}
    assert got["crlf.ipynb"].location.line == line_of(text, "sessionKey")
    assert got["bom.ipynb"].location.line == line_of(text, "sessionKey")
    assert got["crlf.ipynb"].location.column == col_of(text, line_of(text, "sessionKey"), "os.environ")
    assert not result.notices


def test_source_lines_with_windows_newlines_inside_the_json(nb_dir):
    text = notebook([code(["import anthropic, os\r\n", "\r\n", COOKIE + "\r\n"])])
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result)
    assert f.location.line == line_of(text, "sessionKey")
    assert not result.notices


# -- IPython syntax ----------------------------------------------------------------------------


MAGIC_CELL = [
    "%matplotlib inline\n",
    "%pip install -q anthropic\n",
    "!pip install requests\n",
    "files = !ls -la\n",
    "a, b = %sx echo 1 2\n",
    "import anthropic, os\n",
    "anthropic.Anthropic?\n",
    "??os.environ\n",
    "os.path.join??\n",
    "%time x = sum(range(10))\n",
    "/print 1\n",
    "for f in files:\n",
    "    !echo $f\n",
    "    %ls \\\n",
    "        -la\n",
    "msg = ('%s'\n",
    "       % files)\n",
    'doc = """\n',
    "!not a shell escape inside a string\n",
    "%not a magic either\n",
    '"""\n',
    COOKIE + "\n",
]


def test_magics_and_shell_escapes_are_neutralised(nb_dir):
    text = notebook([code(MAGIC_CELL)])
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not notices(result), result.notices
    (f,) = findings(result)
    assert f.location.line == line_of(text, "sessionKey")


def test_neutralised_text_keeps_python_and_line_numbers():
    text = notebook([code(MAGIC_CELL)])
    source, found = load_notebook("nb.ipynb", text)
    assert not found
    lines = source.text.splitlines()
    by_original = dict(zip(MAGIC_CELL, lines))
    for magic in (
        "%matplotlib inline\n",
        "!pip install requests\n",
        "files = !ls -la\n",
        "a, b = %sx echo 1 2\n",
        "anthropic.Anthropic?\n",
        "??os.environ\n",
        "os.path.join??\n",
        "%time x = sum(range(10))\n",
        "/print 1\n",
    ):
        assert by_original[magic] == "pass", magic
    assert by_original["    !echo $f\n"] == "    pass"
    assert by_original["    %ls \\\n"] == "    pass"
    assert by_original["        -la\n"] == ""  # the magic's continuation line
    # Python that merely starts with % or ! is left alone: a continued expression, a string
    assert by_original["       % files)\n"] == "       % files)"
    assert by_original["!not a shell escape inside a string\n"] == "!not a shell escape inside a string"
    assert by_original["%not a magic either\n"] == "%not a magic either"
    # every line keeps its .ipynb line
    for i, original in enumerate(MAGIC_CELL, start=1):
        assert source.file_line(i) == line_of(text, json.dumps(original)), original


def test_bash_cell_is_not_python(nb_dir):
    text = notebook(
        [
            code(["%%bash\n", "import anthropic, os\n", COOKIE + "\n", "echo $(ls) | grep -v 'x' && exit 1\n"]),
            code(["import anthropic, os\n", COOKIE]),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not notices(result)
    (f,) = findings(result)  # only the Python cell
    assert "(cell 2)" in f.message
    assert f.location.line == line_of(text, "sessionKey", nth=2)


def test_bash_cell_still_gets_the_key_scan(nb_dir):
    key = make_key("api03")
    text = notebook([code(["%%bash\n", f'curl -H "x-api-key: {key}" https://api.anthropic.com\n'])])
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result, API)
    assert f.location.line == line_of(text, "x-api-key")
    assert "(cell 1)" in f.message
    assert key not in f.message


@pytest.mark.parametrize("magic", ["%%time", "%%timeit -n 1", "%%capture out", "%%script python3"])
def test_python_cell_magics_keep_their_body(nb_dir, magic):
    text = notebook([code([magic + "\n", "import anthropic, os\n", COOKIE])])
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result)
    assert f.location.line == line_of(text, "sessionKey")


@pytest.mark.parametrize("magic", ["%%sql", "%%html", "%%javascript", "%%R", "%%writefile app.py", "%%script bash"])
def test_other_cell_magics_are_skipped(nb_dir, magic):
    text = notebook([code([magic + "\n", "import anthropic, os\n", COOKIE])])
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not findings(result) and not notices(result)


def test_cell_magic_after_blank_lines_and_indented_cell(nb_dir):
    text = notebook(
        [
            code(["\n", "  \n", "%%bash\n", COOKIE + "\n"]),
            code(["    import anthropic, os\n", "    " + COOKIE + "\n"]),  # IPython dedents a whole cell
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not notices(result)
    (f,) = findings(result)
    line = line_of(text, "sessionKey", nth=2)
    assert f.location.line == line
    assert f.location.column == col_of(text, line, "os.environ")


def test_top_level_await_is_fine(nb_dir):
    text = notebook(
        [
            code(
                [
                    "import anthropic, os\n",
                    "client = anthropic.AsyncAnthropic()\n",
                    "models = await client.models.list()\n",
                    COOKIE,
                ]
            )
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not notices(result)
    assert len(findings(result)) == 1


# -- broken cells and notebooks ---------------------------------------------------------------


def test_a_cell_with_a_syntax_error_is_skipped_and_named(nb_dir):
    text = notebook(
        [
            code(["import anthropic, os\n", COOKIE]),
            code(["x = 1\n", "def broken(:\n", "    pass\n"]),
            code(["print 'python 2'\n"]),
            code([COOKIE]),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert [f.properties["cell"] for f in findings(result)] == [1, 4]
    syntax = notices(result, NoticeKind.SYNTAX_ERROR)
    assert len(syntax) == 2
    first, second = sorted(syntax, key=lambda n: n.line)
    assert first.path == "nb.ipynb"
    assert "cell 2" in first.message and "line 2 of the cell" in first.message
    assert first.line == line_of(text, "def broken")
    assert "cell 3" in second.message and second.line == line_of(text, "python 2")
    assert "other cells were analysed" in first.message


def test_syntax_error_notice_is_an_incomplete_scan(nb_dir):
    from click.testing import CliRunner

    from claude_lint.cli import main

    notebook_text = notebook([code(["import anthropic\n", "def broken(:\n"])])
    (nb_dir / "nb.ipynb").write_text(notebook_text, encoding="utf-8")
    plain = CliRunner().invoke(main, ["check", "--no-cache", "."])
    strict = CliRunner().invoke(main, ["check", "--no-cache", "--strict", "."])
    assert plain.exit_code == 0
    assert strict.exit_code == 4
    assert f"notice: nb.ipynb:{line_of(notebook_text, 'def broken')}: cell 1 not parsed" in plain.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"cells": [{"cell_type": "code", "source": ["import anthropic\\n"', "not a readable notebook"),
        ('{"cells": [], } anthropic', "not a readable notebook"),
        ('{"cells": []} {"extra": "anthropic"}', "not a readable notebook"),
        ('["anthropic"]', "top level is not a JSON object"),
        ('{"cells": "anthropic"}', "no list of cells"),
        ('{"anthropic": 1}', "no list of cells"),
        ('{"cells": ' + "[" * 5000 + "]" * 5000 + ', "x": "anthropic"}', "nested too deeply"),
        ('{"cells": [{"cell_type": "code", "source": "x = \\"unterminated}]} anthropic', "not a readable notebook"),
    ],
    ids=["truncated", "trailing-comma", "extra-data", "array", "cells-not-list", "no-cells", "deep", "bad-string"],
)
def test_broken_json_is_a_notice_and_the_key_scan_still_runs(nb_dir, content, message):
    key = make_key("api03")
    result = lint(nb_dir, {"nb.ipynb": content.replace("anthropic", f"anthropic {key}")})
    (n,) = notices(result)
    assert n.kind is NoticeKind.BAD_NOTEBOOK and message in n.message and n.path == "nb.ipynb"
    (f,) = findings(result, API)
    assert key not in f.message


def test_empty_or_unrelated_broken_notebooks_are_not_parsed(nb_dir):
    """A file that cannot concern Claude is never parsed (DESIGN §3), broken or not."""
    result = lint(nb_dir, {"empty.ipynb": "", "broken.ipynb": '{"cells": ['})
    assert result.files_scanned == 2 and not result.notices and not result.findings


def test_odd_cells_are_skipped_one_by_one(nb_dir):
    text = notebook(
        [
            "not a cell",
            {"cell_type": "code"},  # no source
            {"cell_type": "code", "source": 42},
            {"cell_type": "code", "source": ["x = ", 1]},
            {"cell_type": None, "source": COOKIE},
            {"cell_type": "raw", "metadata": {}, "source": [COOKIE]},
            code(["import anthropic, os\n", COOKIE]),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert [f.properties["cell"] for f in findings(result)] == [7]
    bad = sorted(notices(result, NoticeKind.BAD_NOTEBOOK), key=lambda n: n.line)
    assert [n.message.split(":")[0] for n in bad] == ["cell 3 skipped", "cell 4 skipped"]
    assert all(n.line > 0 for n in bad)


@pytest.mark.parametrize(
    "metadata",
    [
        {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}, "language_info": {"name": "R"}},
        {"kernelspec": {"name": "julia-1.10", "display_name": "Julia"}},
        {"language_info": {"name": "scala"}},
    ],
    ids=["r", "julia-kernel-name", "scala"],
)
def test_non_python_kernels(nb_dir, metadata):
    key = make_key("api03")
    text = notebook([code(["import anthropic, os\n", COOKIE + "\n", f'key <- "{key}"'])], metadata=metadata)
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not findings(result) and not notices(result)  # no Python analysis, no syntax notices
    (f,) = findings(result, API)  # but a key is a key in any language
    assert f.location.line == line_of(text, "key <-")


def test_cells_of_other_languages_in_a_polyglot_notebook(nb_dir):
    text = notebook(
        [
            code([COOKIE], metadata={"vscode": {"languageId": "sql"}}),
            code([COOKIE], metadata={"polyglot_notebook": {"kernelName": "csharp"}}),
            code([COOKIE], language="r"),
            code(["import anthropic, os\n", COOKIE], metadata={"vscode": {"languageId": "python"}}),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert [f.properties["cell"] for f in findings(result)] == [4]
    assert not result.notices


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"kernelspec": {"name": "conda-env-claude-py", "display_name": "Python (claude)"}},
        {"language_info": {"name": "python", "version": "3.12"}},
        {"kernelspec": None},
        {"language_info": {"name": 3}},
    ],
    ids=["none", "custom-kernel-name", "language-info", "null-kernelspec", "odd-language"],
)
def test_python_is_assumed_unless_stated_otherwise(nb_dir, metadata):
    text = notebook([code(["import anthropic, os\n", COOKIE])], metadata=metadata)
    assert len(findings(lint(nb_dir, {"nb.ipynb": text}))) == 1


# -- outputs ------------------------------------------------------------------------------------


def test_outputs_that_look_like_code_are_not_analysed(nb_dir):
    text = notebook(
        [
            code(
                ["import anthropic\n", "print(source)"],
                outputs=[
                    stream("import os\n", COOKIE + "\n", "def broken(:\n"),
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/plain": [COOKIE], "text/x-python": COOKIE},
                    },
                    {
                        "output_type": "error",
                        "ename": "SyntaxError",
                        "evalue": "x",
                        "traceback": ['  File "<x>"\n', COOKIE],
                    },
                ],
            ),
            markdown(["```python\n", COOKIE + "\n", "```"]),
            {"cell_type": "raw", "metadata": {}, "source": [COOKIE]},
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not findings(result)
    assert not notices(result)


def test_keys_in_outputs_are_reported_at_their_line(nb_dir):
    key, other = make_key("api03"), make_key("sid01")
    text = notebook(
        [
            code(
                ["import anthropic\n", "client = anthropic.Anthropic()\n", "client.api_key"],
                outputs=[
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/plain": [f"'{key}'"]},
                    },
                ],
            ),
            markdown([f"session: {other}"]),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    (f,) = findings(result, API)
    assert f.location.line == line_of(text, key)
    assert f.location.column == col_of(text, f.location.line, key)
    assert "(output of cell 1)" in f.message and f.properties == {"cell": 1, "cell-part": "outputs"}
    assert key not in f.message
    (s,) = findings(result, CONSUMER)
    assert s.location.line == line_of(text, other) and "(cell 2)" in s.message


def test_cell_regions():
    text = notebook([markdown(["# x"]), code(["a = 1\n", "b = 2"], outputs=[stream("out\n")])])
    regions = cell_regions(text)
    assert where_in_notebook(regions, line_of(text, '"b = 2"')) == (2, "source")
    assert where_in_notebook(regions, line_of(text, '"out')) == (2, "outputs")
    assert where_in_notebook(regions, line_of(text, '"# x"')) == (1, "source")
    assert where_in_notebook(regions, line_of(text, '"nbformat"')) is None
    assert cell_regions("not json") == []


# -- suppressions -------------------------------------------------------------------------------


def test_suppression_comment_inside_a_cell(nb_dir):
    key = make_key("api03")
    text = notebook(
        [
            code(
                [
                    "import anthropic, os\n",
                    COOKIE + "  # claude-lint: ignore[consumer-credential] replaying a recorded session\n",
                    f'KEY = "{key}"  # claude-lint: ignore[hardcoded-api-key] revoked test key\n',
                    "x = 1  # claude-lint: ignore[consumer-credential] nothing here\n",
                    COOKIE,
                ]
            ),
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    active = [(f.rule_id, f.location.line) for f in result.active_findings]
    suppressed = sorted(
        (f.rule_id, f.location.line, f.suppression.justification) for f in result.findings if f.suppression
    )
    assert suppressed == [
        (CONSUMER, line_of(text, "replaying"), "replaying a recorded session"),
        (API, line_of(text, "revoked"), "revoked test key"),
    ]
    assert (CONSUMER, line_of(text, "sessionKey", nth=2)) in active
    assert ("unused-suppression", line_of(text, "nothing here")) in active
    assert not any(r == API for r, _ in active)


def test_suppression_on_any_line_of_a_multi_line_statement_in_a_cell(nb_dir):
    text = notebook(
        [
            code(
                [
                    "import anthropic, os\n",
                    "cookies = {  # claude-lint: ignore[consumer-credential] recorded fixture\n",
                    '    "sessionKey": os.environ["X"],\n',
                    "}\n",
                ]
            )
        ]
    )
    result = lint(nb_dir, {"nb.ipynb": text})
    assert not findings(result)
    assert [f.rule_id for f in result.findings if f.suppression] == [CONSUMER]


# -- the fixture notebooks ---------------------------------------------------------------------


def test_fixture_notebooks_name_cells(fixture_run):
    _dst, _generated, result = fixture_run
    got = [f for f in result.active_findings if f.location.path.endswith(".ipynb")]
    by_path: dict[str, list] = {}
    for f in got:
        by_path.setdefault(f.location.path, []).append(f)
    assert len(by_path["hardcoded-api-key/notebook.ipynb"]) >= 5
    assert any("output of cell" in f.message for f in by_path["hardcoded-api-key/notebook.ipynb"])
    assert len(by_path["consumer-credential/notebook.ipynb"]) >= 4
    assert all("cell " in f.message and f.properties.get("cell") for f in got)
    notebook_notices = [n for n in result.notices if n.path.endswith(".ipynb")]
    assert not notebook_notices, notebook_notices
