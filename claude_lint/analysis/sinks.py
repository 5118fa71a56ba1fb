"""Sinks: where values leave the program as text (print, logging, warnings, raised
exceptions, telemetry, a notebook cell's displayed value)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from .imports import Resolver
from .propagation import PropagationMixin
from .scopes import MUTATORS
from .syntax import callee_text, terminal_name

# ---------------------------------------------------------------------------- output sinks
#: kinds of :class:`Sink`
PRINT, LOG, WARNING, EXCEPTION, TELEMETRY = "print", "log", "warning", "exception", "telemetry"


@dataclass(frozen=True)
class Sink:
    """A place where values leave the program as text (see :meth:`Facts.output_sink`)."""

    node: ast.AST  # the call (or the raised call, or the assert message)
    kind: str  # PRINT | LOG | WARNING | EXCEPTION | TELEMETRY
    name: str  # how a message names it: "print()", "logger.info()", "the message of the ValueError raised here"
    values: tuple[ast.expr, ...]  # the expressions whose content is written


#: methods of stdlib, structlog and loguru loggers that write a record
LOG_METHODS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "msg",
        "trace",
        "success",
        "adebug",
        "ainfo",
        "awarning",
        "aerror",
        "aexception",
        "acritical",
        "alog",
        "amsg",
    }
)


#: keyword arguments of logging calls that control the record rather than fill it
_LOG_CONTROL_KWARGS = frozenset({"exc_info", "stack_info", "stacklevel"})


_LOGGER_OBJECTS = frozenset({"loguru.logger", "logging.root", "structlog", "logfire", "absl.logging"})


_LOGGER_FACTORIES = frozenset(
    {
        "logging.getLogger",
        "logging.LoggerAdapter",
        "logging.Logger",
        "logging.getLoggerClass",
        "structlog.get_logger",
        "structlog.getLogger",
        "structlog.stdlib.get_logger",
        "structlog.wrap_logger",
        "structlog.stdlib.BoundLogger",
        "loguru.logger.bind",
        "loguru.logger.opt",
        "loguru.logger.patch",
        "logbook.Logger",
        "logzero.setup_logger",
        "absl.logging.get_absl_logger",
    }
)


_LOGGER_DERIVATIONS = frozenset({"bind", "new", "opt", "patch", "getChild", "get_child"})


_LOGGER_NAME = re.compile(r"(?i)^_*(log|logger|lgr)$|_(log|logger)$")


_LOGGER_NAME_CASED = re.compile(r"[a-z0-9](Log|Logger)$")


_PRINT_FUNCTIONS = frozenset(
    {
        "pprint.pprint",
        "pprint.pp",
        "rich.print",
        "rich.pretty.pprint",
        "click.echo",
        "click.secho",
        "typer.echo",
        "typer.secho",
        "sys.stdout.write",
        "sys.stderr.write",
        "sys.stdout.writelines",
        "sys.stderr.writelines",
        "builtins.print",
        "icecream.ic",
    }
)


#: OpenTelemetry span methods: any receiver
_SPAN_METHODS = frozenset({"set_attribute", "set_attributes", "add_event"})


#: Sentry / ddtrace scope and span methods: on sentry_sdk or a receiver named like a span or scope
_SCOPE_METHODS = frozenset(
    {"set_tag", "set_tags", "set_data", "set_extra", "set_context", "capture_message", "add_breadcrumb", "set_user"}
)


_TELEMETRY_RECEIVER = re.compile(r"(?i)span|scope|trace|sentry")


class SinksMixin(PropagationMixin):
    """The sinks part of :class:`~claude_lint.analysis.facts.Facts`."""

    def __init__(self, tree: ast.Module, resolver: Resolver) -> None:
        super().__init__(tree, resolver)
        self._sink_cache: dict[int, Sink | None] = {}

    # ------------------------------------------------------------------ output sinks
    # (added for credential-logged and prompt-logged; general: any rule may ask where a
    # value leaves the program as text — a console, a log, an exception, a trace span)
    def output_sink(self, node: ast.AST) -> Sink | None:
        """The sink ``node`` writes values to, if it is one: ``print``/``pprint``/``rich``/
        ``click.echo``/``sys.stdout.write`` (PRINT); ``logging.*``, a logger's methods —
        ``logging.getLogger(...)``, ``structlog.get_logger()``, ``loguru.logger``, a
        ``LoggerAdapter``, ``.bind(...)`` of one, or a name such as ``log``, ``logger``,
        ``self._logger``, ``audit_log`` — with their keyword arguments (structured loggers)
        (LOG); ``warnings.warn`` (WARNING); the arguments of an exception raised here and an
        ``assert`` message (EXCEPTION); OpenTelemetry span attributes and events, Sentry
        context, tags, extras and messages (TELEMETRY).  ``Sink.values`` are the expressions
        whose content is written."""
        cache = self._sink_cache
        key = id(node)
        if key not in cache:
            cache[key] = self._output_sink(node)
        return cache[key]

    def _output_sink(self, node: ast.AST) -> Sink | None:
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            exc = node.exc
            values = tuple(a for a in (*exc.args, *(kw.value for kw in exc.keywords)))
            if values:
                return Sink(exc, EXCEPTION, f"the message of the {callee_text(exc.func)} raised here", values)
            return None
        if isinstance(node, ast.Assert) and node.msg is not None:
            return Sink(node.msg, EXCEPTION, "the message of this assert", (node.msg,))
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        q = self.r.qualname(func) or ""
        args = tuple(a.value if isinstance(a, ast.Starred) else a for a in node.args)
        kwvals = tuple(kw.value for kw in node.keywords)
        # print-like
        if (
            isinstance(func, ast.Name)
            and func.id == "print"
            and func.id not in self.r.aliases
            and func.id not in self.functions
        ):
            return Sink(node, PRINT, "print()", args)
        if q in _PRINT_FUNCTIONS:
            return Sink(
                node, PRINT, f"{q}()", args + tuple(kw.value for kw in node.keywords if kw.arg in ("message", "msg"))
            )
        if q in ("warnings.warn", "warnings.warn_explicit"):
            msg = node.args[0] if node.args else next((kw.value for kw in node.keywords if kw.arg == "message"), None)
            return Sink(node, WARNING, f"{q}()", (msg,)) if msg is not None else None
        if not isinstance(func, ast.Attribute):
            return None
        method = func.attr
        receiver = func.value
        # logging
        if method in LOG_METHODS and ((q.startswith("logging.") and q.count(".") == 1) or self.is_logger(receiver)):
            values = args + tuple(kw.value for kw in node.keywords if kw.arg not in _LOG_CONTROL_KWARGS)
            return Sink(node, LOG, f"{callee_text(func)}()", values)
        if (
            method in ("print", "log", "print_json", "out")
            and self.producer(
                receiver, lambda c: self.r.qualname(c.func) in ("rich.console.Console", "rich.get_console")
            )
            is not None
        ):
            return Sink(node, PRINT, f"{callee_text(func)}()", args)
        # telemetry
        telemetry = method in _SPAN_METHODS or (
            method in _SCOPE_METHODS
            and (q.startswith("sentry_sdk.") or _TELEMETRY_RECEIVER.search(terminal_name(receiver) or ""))
        )
        if telemetry:
            if method in ("set_attributes", "set_tags", "set_user", "capture_message"):
                values = args + kwvals
            elif method == "add_breadcrumb":
                values = args + tuple(kw.value for kw in node.keywords if kw.arg in ("message", "data", None))
            else:  # (key, value) forms: the key is a name, the value is written
                values = args[1:] + tuple(kw.value for kw in node.keywords if kw.arg not in ("key", "name"))
            return Sink(node, TELEMETRY, f"{callee_text(func)}()", values) if values else None
        return None

    def is_logger(self, expr: ast.AST | None, _depth: int = 0) -> bool:
        """Whether ``expr`` is a logger: ``loguru.logger``, the result of
        ``logging.getLogger``/``structlog.get_logger``/``LoggerAdapter``/``.bind(...)``,
        a name or attribute that holds one (followed through assignments, ``self.x`` and
        factory functions of this module), or a name that says so (``log``, ``logger``,
        ``_LOG``, ``audit_log``, ``requestLogger``)."""
        if expr is None or _depth > 8:
            return False
        q = self.r.qualname(expr)
        if q in _LOGGER_OBJECTS:
            return True
        if isinstance(expr, ast.Call):
            fq = self.r.qualname(expr.func) or ""
            if fq in _LOGGER_FACTORIES:
                return True
            f = expr.func
            if isinstance(f, ast.Attribute) and f.attr in _LOGGER_DERIVATIONS:
                return self.is_logger(f.value, _depth + 1)
            fn = self.called_function(expr)
            if fn is not None:
                return any(self.is_logger(r, _depth + 1) for r in self.scopes[fn].returns)
            return False
        name = terminal_name(expr)
        if name and (_LOGGER_NAME.search(name) or _LOGGER_NAME_CASED.search(name)):
            return True
        if isinstance(expr, ast.Name):
            assigns, _iters, _scope, _param = self.lookup(expr.id, self.scope(expr))
            return any(self.is_logger(v, _depth + 1) for v in assigns)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            klass = self.scope(expr).klass
            if klass is not None:
                return any(
                    self.is_logger(v, _depth + 1) for v, _s in self.class_attrs.get(klass, {}).get(expr.attr, [])
                )
        return False

    def notebook_display_sink(self, node: ast.AST, cell_of: Callable[[int], int | None]) -> Sink | None:
        """For a notebook: the expression statement that ends a code cell, whose value Jupyter
        displays and saves in the ``.ipynb`` (a PRINT sink); ``cell_of(line)`` gives the cell
        of a (virtual) line, None outside notebooks.  The position of each top-level statement
        is indexed once per file (a search per statement made a 120k-cell notebook quadratic)."""
        if not isinstance(node, ast.Expr) or cell_of(node.lineno) is None:
            return None
        body = self.tree.body
        index = cast(
            "dict[int, int]", self.memo("sinks.body-index", lambda: {id(stmt): k for k, stmt in enumerate(body)})
        )
        i = index.get(id(node))
        if i is None:
            return None
        if i + 1 < len(body) and cell_of(body[i + 1].lineno) == cell_of(node.lineno):
            return None
        value = node.value
        if isinstance(value, ast.Constant):
            return None
        if isinstance(value, ast.Call) and self._returns_none(value):
            return None  # displays nothing (a print or a log call is a sink of its own)
        return Sink(value, PRINT, "the output of this notebook cell", (value,))

    def _returns_none(self, call: ast.Call) -> bool:
        """Whether a call returns None, so a cell ending with it displays nothing: ``print``,
        ``display``, ``pprint``, log calls, methods that change their receiver in place
        (``list.append``, ``dict.update`` …), ``time.sleep``, ``plt.show``, and functions of
        this module without a ``return`` of a value."""
        func = call.func
        if not isinstance(func, (ast.Name, ast.Attribute)):
            return False
        name = func.id if isinstance(func, ast.Name) else func.attr
        if name in ("print", "display", "pprint", "pp", "sleep", "show", "clear_output") or name in LOG_METHODS:
            return True
        if isinstance(func, ast.Attribute) and name in MUTATORS | {"sort", "reverse", "clear", "remove", "write"}:
            return True
        if self.output_sink(call) is not None:
            return True
        fn = self.callee(call)
        if fn is not None and not isinstance(fn, ast.Lambda) and getattr(fn, "name", "") != "__init__":
            return not self.scopes[fn].returns
        return False
