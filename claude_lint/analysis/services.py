"""Service code: where a program's standard output is a log.

``print()`` in a tutorial script or a notebook shows a value to the person running it; the
same ``print()`` in a web handler, a Lambda or a queue worker writes to the service's log
(the container's stdout, CloudWatch, Cloud Logging), which is retained and shipped like any
log.  :func:`service_code` decides, per module, which code runs as a service:

* **entry points** — functions decorated as web routes or views (``@app.route``,
  ``@app.get``/``post``/…, ``@router.<method>``, ``@bp.route``, ``@app.websocket``,
  ``@api_view``) in a module that imports a web framework (Flask, FastAPI, Starlette,
  Quart, Sanic, aiohttp, Litestar, Django, Django REST framework); functions registered as
  handlers (``add_url_rule(..., view_func=f)``, ``add_api_route(path, f)``,
  ``Route(path, f)``, ``path(..., f)``); methods of class-based views (a class whose base
  ends in ``View``, ``ViewSet``, ``Resource`` or ``HTTPEndpoint``); Django function views
  (first parameter ``request`` in a module that imports Django); AWS Lambda handlers
  (a module-level function whose first two parameters are ``event`` and ``context``, or a
  function named ``lambda_handler``); Cloud Functions (``@functions_framework.http``,
  ``@functions_framework.cloud_event``); worker tasks (``@app.task``, ``@shared_task``,
  ``@celery.task``, ``@dramatiq.actor``, ``@job`` of rq, ``@huey.task``,
  ``@broker.task``); the ``@app.entrypoint`` of a Bedrock AgentCore app; Slack Bolt
  listeners (``@app.event``, ``@app.message``, ``@app.command``, ``@app.action``, … in a
  module that imports ``slack_bolt``);
* **whole modules** — a module that starts a server (``uvicorn.run``, ``app.run`` of a web
  framework or of a Bedrock AgentCore app,
  ``serve_forever``, ``web.run_app``, ``waitress.serve``, ``hypercorn``, a Gradio
  ``.launch()``), anywhere in it, ``__main__`` block included; and a Streamlit app (a module
  that imports ``streamlit``): ``st.write`` is the page, but ``print`` goes to the server's
  log (``streamlit run``'s stdout, Streamlit Cloud's logs);
* **what they call in the same module** — module functions and methods reached from an
  entry point through the module's call graph (a helper called from a route is service
  code), nested functions of service code, and the module-level code of a module that has
  entry points (it runs in the server process at import), except its
  ``if __name__ == "__main__":`` block.

Everything else — scripts, notebooks, examples, CLI tools — writes its standard output to
the person who runs it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .syntax import terminal_name, tree_nodes

if TYPE_CHECKING:
    from .scopes import ScopesMixin

#: top-level packages whose route decorators make a function a web entry point
WEB_FRAMEWORKS = frozenset(
    {
        "flask",
        "fastapi",
        "starlette",
        "quart",
        "sanic",
        "aiohttp",
        "litestar",
        "django",
        "rest_framework",
        "falcon",
        "bottle",
        "tornado",
        "fasthtml",
        "robyn",
        "chalice",
    }
)
#: top-level packages of task queues and serverless frameworks
WORKER_FRAMEWORKS = frozenset(
    {
        "celery",
        "dramatiq",
        "rq",
        "huey",
        "arq",
        "taskiq",
        "functions_framework",
        "aws_lambda_powertools",
        "mangum",
        "bedrock_agentcore",
    }
)
#: decorator methods that register a route or view
ROUTE_DECORATORS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "websocket",
        "api_route",
        "websocket_route",
        "api_view",
        "view",
        "endpoint",
        "trace",
    }
)
#: decorator names that register a worker task or a serverless function
TASK_DECORATORS = frozenset(
    {
        "task",
        "shared_task",
        "actor",
        "job",
        "periodic_task",
        "cron",
        "http",
        "cloud_event",
        "lambda_handler",
        "handler",
        "entrypoint",  # ``@app.entrypoint`` of a Bedrock AgentCore app (``BedrockAgentCoreApp``)
    }
)
#: Slack Bolt listener decorators (``@app.event("app_mention")``, ``@app.message(...)``,
#: ``@app.command("/ask")``): the handlers of a bot process, in a module that imports
#: ``slack_bolt`` (https://tools.slack.dev/bolt-python/concepts/event-listening)
SLACK_LISTENERS = frozenset({"event", "message", "command", "action", "shortcut", "view", "options"})
#: calls that register a function given as an argument as a handler
REGISTRATIONS = frozenset(
    {
        "add_url_rule",
        "add_api_route",
        "add_websocket_route",
        "add_route",
        "Route",
        "WebSocketRoute",
        "path",
        "re_path",
        "url",
        "add_get",
        "add_post",
        "add_api_websocket_route",
    }
)
#: calls that start a server (the receiver is not checked for ``run``: a module that calls
#: ``app.run()`` of a web framework; see :func:`_starts_server`)
SERVER_FUNCTIONS = frozenset(
    {
        "uvicorn.run",
        "hypercorn.asyncio.serve",
        "waitress.serve",
        "aiohttp.web.run_app",
        "gunicorn.app.wsgiapp.run",
        "socketserver.TCPServer",
        "http.server.HTTPServer",
        "http.server.ThreadingHTTPServer",
        "wsgiref.simple_server.make_server",
    }
)
_VIEW_BASES = ("View", "ViewSet", "Resource", "HTTPEndpoint", "WebSocketEndpoint", "Consumer")
_LAMBDA_NAMES = frozenset({"lambda_handler", "handler"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

#: what :func:`service_reason` asks the project (``facts.remote.service_reach``) about a
#: module's own module-level code: whether a service module imports the module
MODULE = "<module>"
#: ... and whether the service process that runs the module sends Claude requests with the
#: anthropic SDK whose logger nobody configures (the answer: the module importing the SDK)
SDK_DEBUG = "<anthropic-sdk>"


@dataclass
class ServiceCode:
    """Which code of one module runs as a service (see :func:`service_code`)."""

    #: the whole module is service code (a server or a Streamlit app)
    whole_module: bool = False
    #: why, for messages: "a Flask route", "a Lambda handler", "a module that starts a server"
    reason: str = ""
    #: functions (by id) that are service code, with the reason
    functions: dict[int, str] = field(default_factory=dict)
    #: the module-level statements (outside ``if __name__ == "__main__":``) are service code
    module_level: bool = False


def _imported_roots(facts: ScopesMixin) -> set[str]:
    roots: set[str] = set()
    for q in facts.r.aliases.values():
        roots.add(q.split(".", 1)[0])
    for node in facts.tree.body:
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".", 1)[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".", 1)[0])
    return roots


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    parts = [stmt.test.left, *stmt.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    consts = {p.value for p in parts if isinstance(p, ast.Constant)}
    return "__name__" in names and "__main__" in consts


def _decorator_kind(facts: ScopesMixin, deco: ast.expr, roots: set[str]) -> str | None:
    """What a decorator makes of the function: "route", "task" or None."""
    target = deco.func if isinstance(deco, ast.Call) else deco
    q = facts.r.qualname(target) or ""
    name = terminal_name(target) or ""
    root = q.split(".", 1)[0] if q else ""
    if root in WORKER_FRAMEWORKS or name in ("shared_task", "actor", "periodic_task"):
        return "task" if name in TASK_DECORATORS or name in ("actor",) else None
    if name in TASK_DECORATORS and isinstance(target, ast.Attribute) and roots & WORKER_FRAMEWORKS:
        return "task"
    if name in SLACK_LISTENERS and "slack_bolt" in roots and isinstance(target, ast.Attribute):
        return "slack"
    if (
        name in ROUTE_DECORATORS
        and (roots & WEB_FRAMEWORKS)
        and (isinstance(target, ast.Attribute) or root in WEB_FRAMEWORKS)
    ):
        return "route"
    return None


def _params(fn: FunctionNode) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]


def _is_lambda_handler(fn: FunctionNode) -> bool:
    params = _params(fn)
    if fn.name == "lambda_handler" and params:
        return True
    return len(params) >= 2 and params[0] in ("event", "_event") and params[1] in ("context", "_context", "ctx")


def _starts_server(facts: ScopesMixin, roots: set[str]) -> bool:
    for node in tree_nodes(facts.tree):
        if not isinstance(node, ast.Call):
            continue
        q = facts.r.qualname(node.func) or ""
        if q in SERVER_FUNCTIONS or q.endswith(".serve_forever") or q.endswith(".run_app"):
            return True
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "serve_forever":
                return True
            if (
                func.attr in ("run", "run_server")
                and roots & (WEB_FRAMEWORKS | {"dash", "bedrock_agentcore"})
                and isinstance(func.value, ast.Name)
                and func.value.id in ("app", "application", "server")
            ):
                return True
            if func.attr == "launch" and "gradio" in roots:
                return True
    return False


def service_code(facts: ScopesMixin) -> ServiceCode:
    """Which code of the module runs as a service (memoized per file; see the module doc)."""
    found = facts.memo("services.code", lambda: _service_code(facts))
    assert isinstance(found, ServiceCode)
    return found


def _service_code(facts: ScopesMixin) -> ServiceCode:
    roots = _imported_roots(facts)
    if "streamlit" in roots:
        return ServiceCode(whole_module=True, reason="a Streamlit app")
    if _starts_server(facts, roots):
        return ServiceCode(whole_module=True, reason="a module that starts a server")
    out = ServiceCode()
    entry: dict[int, tuple[ast.AST, str]] = {}
    registered: set[str] = set()
    for node in tree_nodes(facts.tree):
        if (
            isinstance(node, ast.Call)
            and terminal_name(node.func) in REGISTRATIONS
            and roots & (WEB_FRAMEWORKS | WORKER_FRAMEWORKS)
        ):
            for a in (*node.args, *(kw.value for kw in node.keywords)):
                if isinstance(a, ast.Name):
                    registered.add(a.id)
    for node in tree_nodes(facts.tree):
        if isinstance(node, ast.ClassDef):
            bases = [terminal_name(b) or "" for b in node.bases]
            if roots & WEB_FRAMEWORKS and any(b.endswith(_VIEW_BASES) for b in bases):
                for stmt in node.body:
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        entry[id(stmt)] = (stmt, f"a method of the view class {node.name}")
            continue
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        kinds = {k for d in node.decorator_list if (k := _decorator_kind(facts, d, roots)) is not None}
        if "route" in kinds:
            entry[id(node)] = (node, f"the web handler {node.name}()")
        elif "task" in kinds:
            entry[id(node)] = (node, f"the worker task {node.name}()")
        elif "slack" in kinds:
            entry[id(node)] = (node, f"the Slack event handler {node.name}()")
        elif node.name in registered:
            entry[id(node)] = (node, f"the web handler {node.name}()")
        elif node in facts.tree.body and _is_lambda_handler(node):
            entry[id(node)] = (node, f"the Lambda handler {node.name}()")
        elif "django" in roots and node in facts.tree.body and _params(node)[:1] == ["request"]:
            entry[id(node)] = (node, f"the Django view {node.name}()")
    if not entry:
        return out
    out.module_level = True
    # the module's call graph from the entry points (and the module-level code)
    work: list[tuple[ast.AST, str]] = list(entry.values())
    body = [
        s
        for s in facts.tree.body
        if not _is_main_guard(s) and not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    for stmt in body:
        for fn in callees(facts, [stmt]):
            work.append((fn, "called by the module-level code of a service module"))
    while work:
        fn, why = work.pop()
        if id(fn) in out.functions:
            continue
        out.functions[id(fn)] = why
        name = getattr(fn, "name", "")
        for callee in callees(facts, getattr(fn, "body", [])):
            if id(callee) not in out.functions:
                work.append((callee, f"called from {name}(), {why}" if "called from" not in why else why))
    return out


def callees(facts: ScopesMixin, stmts: Iterable[ast.AST]) -> Iterable[ast.AST]:
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call):
                fn = facts.callee(node)
                if fn is not None:
                    yield fn
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in facts.functions:
                yield facts.functions[node.id]  # passed as a callback (executor.submit(f), Thread(target=f))


def service_reason(facts: ScopesMixin, node: ast.AST) -> str | None:
    """Why ``node`` runs as a service (its standard output is then a log), or None: service
    code of this module, or a function of it that service code of another module of the
    repository calls (asked of ``facts.remote``, see :mod:`claude_lint.project.services`)."""
    code = service_code(facts)
    if code.whole_module:
        return code.reason
    scope = facts.scope(node)
    fn: ast.AST | None = None
    s = scope
    while s is not None and s.parent is not None:  # innermost function, then its enclosing ones
        if id(s.node) in code.functions:
            return code.functions[id(s.node)]
        fn = s.node
        s = s.parent
    ask = getattr(facts.remote, "service_reach", None)
    if fn is None:  # module level: outside the __main__ guard
        stmt = facts.statement(node)
        guard = next((s for s in facts.tree.body if _is_main_guard(s)), None)
        if guard is not None and stmt is not None and _inside(stmt, guard):
            return None
        if code.module_level:
            return "the module-level code of a service module"
        return ask(MODULE) if ask is not None else None  # imported by a service module
    if ask is None or _switched(facts, node, scope.node):
        return None
    owner = _owner(facts, node)
    return ask(owner) if owner is not None else None


def _switched(facts: ScopesMixin, node: ast.AST, fn: ast.AST) -> bool:
    """Whether ``node`` runs only under ``if flag:`` where ``flag`` is a parameter of its
    function with a boolean default (``def get_response(self, should_print=True)``): output
    its callers switch on or off, which is not followed across modules (so not claimed as a
    service's log there)."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults) :]], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    switches = {n for n, d in defaults.items() if isinstance(d, ast.Constant) and isinstance(d.value, bool)}
    if not switches:
        return False
    stmt = facts.statement(node)
    if stmt is None:
        return False
    return any(
        isinstance(sub, ast.If)
        and isinstance(sub.test, ast.Name)
        and sub.test.id in switches
        and any(_inside(stmt, b) for b in sub.body)
        for sub in ast.walk(fn)
    )


def _owner(facts: ScopesMixin, node: ast.AST) -> str | None:
    """The top-level function or method of a top-level class holding ``node``: "f", "C.m"."""
    found: str | None = None
    s: Any = facts.scope(node)
    while s is not None and s.parent is not None:
        n = s.node
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if n in facts.tree.body:
                found = n.name
            elif s.klass is not None and n in s.klass.body and s.klass in facts.tree.body:
                found = f"{s.klass.name}.{n.name}"
        s = s.parent
    return found


def _inside(stmt: ast.stmt, outer: ast.stmt) -> bool:
    start, end = outer.lineno, getattr(outer, "end_lineno", outer.lineno) or outer.lineno
    return start <= stmt.lineno <= end


# ------------------------------------------------------------------ logging the program never shows
# (added for prompt-logged; general: any rule may ask whether a stdlib logging call writes a log)

#: where a stdlib logging call's record goes in a program that never configures logging
DROPPED, STDERR = "dropped", "stderr"

#: stdlib logging levels by name
_LEVELS = {"CRITICAL": 50, "FATAL": 50, "ERROR": 40, "WARNING": 30, "WARN": 30, "INFO": 20, "DEBUG": 10, "NOTSET": 0}
#: the level of each stdlib logging method (``log`` takes it as its first argument)
_METHOD_LEVELS = {
    "debug": 10,
    "info": 20,
    "warning": 30,
    "warn": 30,
    "error": 40,
    "exception": 40,
    "critical": 50,
    "fatal": 50,
}
#: top-level packages that configure logging when imported or when they run the program
#: (servers and frameworks — uvicorn, gunicorn, Django's LOGGING, Flask's app logger —,
#: task runners, and logging helpers), on top of the web and worker frameworks
LOGGING_CONFIGURERS = (
    WEB_FRAMEWORKS
    | WORKER_FRAMEWORKS
    | frozenset(
        {
            "uvicorn",
            "gunicorn",
            "hypercorn",
            "daphne",
            "waitress",
            "streamlit",
            "gradio",
            "absl",
            "hydra",
            "airflow",
            "prefect",
            "dagster",
            "scrapy",
            "ray",
            "coloredlogs",
            "colorlog",
            "logzero",
            "loguru",
            "structlog",
            "logging_tree",
            "pythonjsonlogger",
            "google.cloud.logging",
        }
    )
)
#: helpers of other modules that set logging up (``setup_logging()``, ``init_logger()``, ``configure_logs``)
_SETUP_HELPER = re.compile(
    r"(?i)(setup|set_up|config|init|install|enable)_?(the_)?log|log(ging|ger|s)?_?(setup|config|init)"
)
_STDLIB_LOGGER_FACTORIES = frozenset({"logging.getLogger", "logging.getLoggerClass", "logging.Logger"})


@dataclass(frozen=True)
class LoggingSetup:
    """What a module does to the stdlib logging configuration (see :func:`logging_setup`)."""

    #: the module is a top-level program: a notebook, a script with ``if __name__ ==
    #: "__main__":``, or one whose module-level code runs it (``main()``, a Claude request)
    program: bool
    #: something may lower a level below WARNING: ``basicConfig(level=...)`` or
    #: ``setLevel(...)`` below WARNING (or a level not known here), ``logging.config``, an
    #: assignment to ``.level``, a package that configures logging
    lowered: bool
    #: something may add a handler: ``basicConfig``, ``addHandler``, ``logging.config``,
    #: ``.handlers``, a package that configures logging
    handlers: bool


def logging_setup(facts: ScopesMixin, notebook: bool = False) -> LoggingSetup:
    """How the module configures stdlib logging (memoized per file; ``notebook`` — the file
    is a notebook, whose kernel is the program)."""
    found = facts.memo(f"services.logging:{notebook}", lambda: _logging_setup(facts, notebook))
    assert isinstance(found, LoggingSetup)
    return found


def _level(facts: ScopesMixin, expr: ast.AST | None) -> int | None:
    """A logging level's number: ``logging.INFO``, ``20``, ``"INFO"``; None when unknown."""
    if expr is None:
        return None
    q = facts.r.qualname(expr) or ""
    if q.startswith("logging.") and q[8:] in _LEVELS:
        return _LEVELS[q[8:]]
    if isinstance(expr, ast.Constant):
        if isinstance(expr.value, int) and not isinstance(expr.value, bool):
            return expr.value
        if isinstance(expr.value, str):
            return _LEVELS.get(expr.value.upper())
    return None


def _is_program(facts: ScopesMixin, notebook: bool) -> bool:
    if notebook:
        return True
    for stmt in facts.tree.body:
        if _is_main_guard(stmt):
            return True
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            continue
        if isinstance(stmt, ast.Expr):
            call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            if isinstance(call, ast.Call):
                inner = call.args[0] if call.args and isinstance(call.args[0], ast.Call) else None
                if facts.callee(call) is not None or (inner is not None and facts.callee(inner) is not None):
                    return True  # main(), asyncio.run(main())
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and facts.likely_request(node) is not None:  # type: ignore[attr-defined]
                return True  # a request at import: nobody imports this as a library
    return False


def _logging_setup(facts: ScopesMixin, notebook: bool) -> LoggingSetup:
    program = _is_program(facts, notebook)
    roots = _imported_roots(facts)
    modules = set(facts.r.aliases.values())
    configurer = bool(roots & LOGGING_CONFIGURERS) or any(
        m == c or m.startswith(c + ".") for m in modules for c in LOGGING_CONFIGURERS if "." in c
    )
    if configurer:
        return LoggingSetup(program, lowered=True, handlers=True)
    lowered, handlers = _explicit_setup(facts, tree_nodes(facts.tree))
    if program and not (lowered and handlers):
        # a module of the repository it imports may configure logging when imported (a
        # shared ``config.py`` calling ``basicConfig(level=logging.INFO)``)
        ask = getattr(facts.remote, "imported_logging", None)
        if ask is not None:
            more = ask()
            lowered, handlers = lowered or more[0], handlers or more[1]
    return LoggingSetup(program, lowered=lowered, handlers=handlers)


def module_logging(facts: ScopesMixin) -> tuple[bool, bool]:
    """What a module's module-level code (outside ``if __name__ == "__main__":``, outside
    functions and classes) does to the logging configuration when the module is imported:
    (may lower a level below WARNING, may add a handler)."""
    body = [
        s
        for s in facts.tree.body
        if not _is_main_guard(s) and not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    return _explicit_setup(facts, (n for stmt in body for n in ast.walk(stmt)))


def _explicit_setup(facts: ScopesMixin, nodes: Iterable[ast.AST]) -> tuple[bool, bool]:
    lowered = handlers = False
    for node in nodes:
        if isinstance(node, ast.Call):
            q = facts.r.qualname(node.func) or ""
            attr = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if q.startswith("logging.config"):
                lowered = handlers = True
            elif q == "logging.basicConfig":
                handlers = True
                level = next((kw.value for kw in node.keywords if kw.arg == "level"), None)
                if level is not None or any(kw.arg is None for kw in node.keywords):
                    n = _level(facts, level)
                    lowered = lowered or n is None or n < 30
            elif attr == "setLevel":
                n = _level(facts, node.args[0] if node.args else None)
                lowered = lowered or n is None or n < 30
            elif attr in ("addHandler", "dictConfig", "fileConfig"):
                handlers = True
                lowered = lowered or attr != "addHandler"
            elif facts.callee(node) is None and _SETUP_HELPER.search(terminal_name(node.func) or ""):
                lowered = handlers = True  # setup_logging() of another module: it may do anything
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr == "level":
                    lowered = True
                elif isinstance(t, ast.Attribute) and t.attr == "handlers":
                    handlers = True
        elif isinstance(node, ast.Attribute) and node.attr == "handlers" and not isinstance(node.ctx, ast.Store):
            handlers = True  # logger.handlers.append(h), root.handlers[:] = ...
    return lowered, handlers


def stdlib_logger_call(facts: ScopesMixin, call: ast.Call) -> bool:
    """Whether ``call`` is a call of the standard library's logging: ``logging.info(...)``
    or a method of a logger known to come from ``logging.getLogger``/``logging.root``
    (followed through assignments and factory functions of this module)."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    q = facts.r.qualname(func) or ""
    if q.startswith("logging.") and q.count(".") == 1:
        return True
    receiver = func.value
    if (facts.r.qualname(receiver) or "") == "logging.root":
        return True

    def made(c: ast.Call) -> bool:
        fq = facts.r.qualname(c.func) or ""
        if fq in _STDLIB_LOGGER_FACTORIES:
            return True
        f = c.func
        return isinstance(f, ast.Attribute) and f.attr == "getChild" and stdlib_receiver(f.value)

    def stdlib_receiver(expr: ast.AST) -> bool:
        return (facts.r.qualname(expr) or "") == "logging.root" or facts.producer(expr, made) is not None

    return stdlib_receiver(receiver)


def call_level(facts: ScopesMixin, call: ast.Call) -> int | None:
    """The level of a stdlib logging call (``info`` → 20, ``log(logging.DEBUG, ...)`` → 10),
    None when unknown."""
    func = call.func
    method = func.attr if isinstance(func, ast.Attribute) else ""
    if method == "log":
        return _level(facts, call.args[0] if call.args else None)
    return _METHOD_LEVELS.get(method)


def unshown_log(facts: ScopesMixin, call: ast.AST, notebook: bool = False) -> str | None:
    """Where a stdlib logging call's record goes when it goes to no log: :data:`DROPPED` —
    a ``debug``/``info`` record in a top-level program that never lowers a level below
    WARNING (the root logger's default; the record is discarded) — or :data:`STDERR` — a
    WARNING-or-above record in a top-level program that adds no handler (logging's
    last-resort handler prints the bare message to stderr: console output).  None when the
    record may reach a log: a module that is not a top-level program (a library or service
    module whose importer may configure logging), service code, a program that configures
    logging or imports a framework or helper that does, a logger that is not known to be
    the standard library's (structlog, loguru and other loggers print by default)."""
    if not isinstance(call, ast.Call) or not stdlib_logger_call(facts, call):
        return None
    setup = logging_setup(facts, notebook)
    if not setup.program:
        return None
    code = service_code(facts)
    if code.whole_module or code.functions:
        return None
    level = call_level(facts, call)
    if level is not None and level < 30 and not setup.lowered:
        return DROPPED
    if not setup.handlers and (level is None or level >= 30):
        return STDERR
    return None
