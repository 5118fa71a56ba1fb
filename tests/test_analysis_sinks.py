"""claude_lint.analysis.sinks: where values leave the program as text."""

import ast

from analysis_snippets import call, facts_of

from claude_lint.analysis import LOG, PRINT, WARNING


def test_print_log_and_warning_sinks():
    f = facts_of("""
        import logging, warnings
        log = logging.getLogger(__name__)
        print(a)
        log.info("x %s", b, exc_info=True)
        warnings.warn(c)
        other.info(d)
    """)
    assert f.output_sink(call(f, "print(")).kind == PRINT
    s = f.output_sink(call(f, "log.info("))
    assert s.kind == LOG and [ast.unparse(v) for v in s.values] == ["'x %s'", "b"]
    assert f.output_sink(call(f, "warnings.warn(")).kind == WARNING
    assert f.is_logger(call(f, "log.info(").func.value)
    assert not f.is_logger(call(f, "other.info(").func.value)


def test_notebook_display_sink_is_the_last_expression_of_a_cell():
    f = facts_of("a = 1\nresponse\nx\nprint(y)\n'doc'\n")
    cells = {1: 0, 2: 0, 3: 1, 4: 2, 5: 3}  # line -> cell
    exprs = [s for s in f.tree.body if isinstance(s, ast.Expr)]
    found = [f.notebook_display_sink(e, cells.get) for e in exprs]
    assert found[0] is not None and found[0].kind == PRINT  # `response` ends cell 0
    assert found[1] is not None  # `x` alone in cell 1
    assert found[2] is None and found[3] is None  # print() is its own sink; a constant shows nothing
    assert all(f.notebook_display_sink(e, lambda line: None) is None for e in exprs)  # not a notebook


class _CountingBody(list):
    """A module body that counts the statements handed out by iteration."""

    def __init__(self, items):
        super().__init__(items)
        self.handed_out = 0

    def __iter__(self):
        for item in super().__iter__():
            self.handed_out += 1
            yield item


def test_notebook_display_sink_is_linear_in_the_number_of_cells():
    """A 10 MB notebook with 120k cells took 296 s: each expression statement searched the
    module body for itself.  The body is now indexed once per file."""
    cells = 20_000
    f = facts_of("\n".join(f"value_{i}" for i in range(cells)))
    body = _CountingBody(f.tree.body)
    f.tree.body = body
    found = sum(f.notebook_display_sink(stmt, lambda line: line) is not None for stmt in list(body))
    assert found == cells
    assert body.handed_out <= 2 * cells + 2  # quadratic: ~cells**2 / 2 = 2e8


def test_a_cell_ending_in_a_call_that_returns_none_displays_nothing():
    f = facts_of("""
def show(x):
    print(x)
def get(x):
    return x
out = []
show(reply)
out.append(reply)
get(reply)
""")
    exprs = [s for s in f.tree.body if isinstance(s, ast.Expr)]
    cell_of = lambda line: line  # noqa: E731  every line its own cell
    assert f.notebook_display_sink(exprs[0], cell_of) is None  # show() returns None
    assert f.notebook_display_sink(exprs[1], cell_of) is None  # list.append returns None
    assert f.notebook_display_sink(exprs[2], cell_of) is not None  # get() returns its argument


def test_service_code_web_handlers_lambda_tasks_and_their_helpers():
    from claude_lint.analysis import service_reason

    f = facts_of("""
from flask import Flask
app = Flask(__name__)
def helper(x):
    print(x)
def unused(x):
    print(x)
@app.route("/")
def index():
    helper(1)
if __name__ == "__main__":
    print("cli")
""")
    prints = [c for c in ast.walk(f.tree) if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "print"]
    reasons = [service_reason(f, p) for p in sorted(prints, key=lambda c: c.lineno)]
    assert reasons[0] is not None and "index" in reasons[0]  # helper called from the route
    assert reasons[1] is None  # not reached from a route
    assert reasons[2] is None  # the __main__ block of a module that starts no server
    lam = facts_of("def lambda_handler(event, context):\n    print(event)\n")
    assert service_reason(lam, lam.tree.body[0].body[0].value) is not None
    script = facts_of("import anthropic\ndef main():\n    print(1)\nmain()\n")
    assert service_reason(script, script.tree.body[1].body[0].value) is None
    st = facts_of("import streamlit as st\nprint(1)\n")
    assert service_reason(st, st.tree.body[1].value) is not None
    celery = facts_of("from celery import Celery\napp = Celery()\n@app.task\ndef job(x):\n    print(x)\n")
    assert service_reason(celery, celery.tree.body[2].body[0].value) is not None


def test_unshown_log_info_dropped_and_warning_on_stderr_in_an_unconfigured_program():
    from claude_lint.analysis import DROPPED, STDERR, unshown_log

    script = facts_of("""
import logging
log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)
def main(x):
    log.info(x)
    logging.debug(x)
    log.log(logging.INFO, x)
    log.error(x)
    logging.log(level, x)
if __name__ == "__main__":
    main(1)
""")
    assert unshown_log(script, call(script, "log.info")) == DROPPED
    assert unshown_log(script, call(script, "logging.debug")) == DROPPED
    assert unshown_log(script, call(script, "log.log")) == DROPPED
    assert unshown_log(script, call(script, "log.error")) == STDERR
    assert unshown_log(script, call(script, "logging.log")) == STDERR  # unknown level: dropped or stderr
    # a notebook is a program; a module whose top level runs main() too
    nb = facts_of("import logging\nlogging.info(q)\n")
    assert unshown_log(nb, call(nb, "logging.info")) is None  # a module: its importer may configure logging
    assert unshown_log(nb, call(nb, "logging.info"), notebook=True) == DROPPED
    runs = facts_of("import logging\ndef main():\n    logging.info(1)\nmain()\n")
    assert unshown_log(runs, call(runs, "logging.info")) == DROPPED


def test_unshown_log_none_where_logging_is_configured_or_not_stdlib():
    from claude_lint.analysis import DROPPED, unshown_log

    def verdict(src: str, text: str = "log.info") -> str | None:
        f = facts_of(src)
        return unshown_log(f, call(f, text))

    head = "import logging\nlog = logging.getLogger(__name__)\n"
    main = "if __name__ == '__main__':\n    log.info(1)\n"
    assert verdict(head + main) == DROPPED
    assert verdict(head + "logging.basicConfig(level=logging.INFO)\n" + main) is None
    assert verdict(head + "logging.basicConfig(level='DEBUG')\n" + main) is None
    assert verdict(head + "logging.basicConfig(level=LEVEL)\n" + main) is None  # unknown level
    assert verdict(head + "logging.basicConfig(filename='x.log')\n" + main) == DROPPED  # still WARNING
    assert verdict(head + "log.setLevel(logging.INFO)\n" + main) is None
    assert verdict(head + "log.setLevel(os.environ['LEVEL'])\n" + main) is None
    assert verdict(head + "logging.config.dictConfig(CONFIG)\n" + main) is None
    assert verdict(head + "import uvicorn\n" + main) is None  # a server configures logging
    assert verdict(head + "from django.conf import settings\n" + main) is None
    assert (
        verdict(head + "from utils import setup_logging\nsetup_logging()\n" + main) is None
    )  # another module's helper
    assert verdict(head + "import wandb\nwandb.log({'a': 1})\n" + main) == DROPPED  # not a logging setup
    assert verdict("from loguru import logger as log\n" + main) is None  # loguru prints every level
    assert verdict("import structlog\nlog = structlog.get_logger()\n" + main) is None
    assert verdict("def f(log):\n    log.info(1)\n" + main.replace("log.info(1)", "f(x)")) is None  # unknown logger
    # library module: no __main__, nothing runs at import
    assert verdict(head + "def f(x):\n    log.info(x)\n") is None
    # service code: a Lambda handler's records go to CloudWatch (its level is set outside the code)
    assert (
        verdict(
            head
            + "def handler(event, context):\n    log.info(event)\n"
            + "if __name__ == '__main__':\n    handler(1, 2)\n"
        )
        is None
    )


def test_unshown_log_warning_goes_to_a_configured_handler():
    from claude_lint.analysis import STDERR, unshown_log

    f = facts_of(
        "import logging\nlogging.basicConfig(filename='run.log')\nlogging.warning(1)\nmain()\ndef main(): pass\n"
    )
    assert unshown_log(f, call(f, "logging.warning")) is None  # the file handler writes it
    g = facts_of("import logging\nlogging.warning(1)\nif __name__ == '__main__':\n    pass\n")
    assert unshown_log(g, call(g, "logging.warning")) == STDERR
