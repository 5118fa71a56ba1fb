"""prompt-logged: prompt or response content written to logs, consoles or trace spans."""

from __future__ import annotations

import ast

from .. import phi
from ..analysis import (
    DROPPED,
    LOG,
    PRINT,
    PROMPT,
    RESPONSE,
    SDK_DEBUG,
    TELEMETRY,
    WARNING,
    call_arg,
    maybe_claude_note,
    service_reason,
    tree_nodes,
    unshown_log,
)
from ..model import Confidence, Severity
from ..phi.context import without_adjectives
from ..rule import Rule
from ..rulekit import printing_switches
from ..rulekit.config_values import config_value
from ..rulekit.library import is_library_code
from ..surface import client_class

_SINKS = frozenset({PRINT, LOG, WARNING, TELEMETRY})
LOG_VAR = "ANTHROPIC_LOG"
OTEL_VAR = "ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE"
#: the OpenTelemetry GenAI instrumentations' switch (opentelemetry-instrumentation-genai-anthropic
#: and the other opentelemetry-python-contrib GenAI packages); off by default
GENAI_OTEL_VAR = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
#: ANTHROPIC_LOG values that make the SDK log request bodies. The SDK compares exactly:
#: "debug" logs "Request options: …" (the JSON body); "info" logs method, URL and status only.
_LOG_LEAKS = frozenset({"debug"})
#: GENAI_OTEL_VAR values (compared case-insensitively) that capture message content:
#: SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, and "true" of the first releases; not NO_CONTENT/false
_GENAI_CAPTURE = frozenset({"true", "span_only", "event_only", "span_and_event"})
_DEBUG_LEVELS = frozenset({"DEBUG", "NOTSET", "logging.DEBUG", "logging.NOTSET"})


class PromptLogged(Rule):
    """
    ## What it does
    Follows the content of Claude requests to the places where a program writes text out,
    and finds the switches that make the SDK log or trace that content itself.

    Content is:

    - the prompt: the `messages`, `system` and `prompt` arguments of a Claude request
      (`messages.create`, `.stream`, `.parse`, beta forms, batches, `litellm.completion`
      with a Claude model, a wrapper's `llm.invoke(...)` input), and every variable used
      to build them — through f-strings, `+`, `%`, `.format`, `join`, dict and list
      displays, message classes, `self.history`, helpers of this module and the
      arguments their callers pass; a container written out whole when one of its
      string-keyed items is prompt in the same function (`log.info("Received %s",
      message)` before `chain({"note": message["content"]})`);
    - the response: what a request returns (`response.content`, `.content[0].text`,
      `for block in response.content`, `response.model_dump_json()`), a stream's text
      (`with client.messages.stream(...) as stream`, `for text in stream.text_stream`,
      `event.delta.text`, `stream.get_final_text()`), a wrapper's `.invoke(...)` result
      and its `.content`, litellm's `.choices[0].message.content`, and helpers of this
      module that return them; a function of the module that receives it as a parameter,
      also when called through an attribute that holds it (a chain's output parser,
      `parser: Callable = parse_lines` then `self.parser(raw["text"])`).

    Requests are the ones the shared resolver knows — SDK clients and their wrappers,
    langchain runnables, chains (also called directly: `chain(inputs)`, a legacy
    `llm(prompt)`; also built in another module of the repository) and agent graphs
    (langgraph `create_react_agent`, langchain `create_agent`, a compiled `StateGraph` whose
    node is given the model) on a Claude model, instructor, pydantic-ai, boto3 Bedrock calls with a Claude
    model, raw HTTP to the Messages API (its host written out or a built URL, see
    `eu-residency-unavailable`) — and, in a file that imports `anthropic`,
    `X.messages.create(...)` on a client that comes in as a parameter.  Across modules of
    the repository, a call of a helper (or wrapper-class method) of another module that
    sends its parameter to Claude is a request too: what the caller passes to it is prompt,
    and what it returns is response when the helper returns the response or its text — so a
    route handler that logs `answer = generate_with_claude(question)` is reported at its log
    call.  A dict built around the response is followed per key: with `return {"content":
    text, "usage": ..., "stop_reason": ...}`, the caller's `result["content"]` is response
    and `result["usage"]` is not; with `return {**parsed_reply, "_tokens": n}` every key but
    `_tokens` is.  A helper of another module that returns its argument, whole or through
    string, container or JSON operations (`return json.loads(response_text)`), hands the
    caller's response (or prompt) back.  Values appended to a list that is sent later
    (`messages.append({... user_message ...})`, a tool loop's
    `messages.append(ToolMessage(content=result))`) are prompt, as for `phi-without-zdr`.

    Sinks are logs, wherever they are: `logging` and every logger (`logging.getLogger`,
    `structlog`, `loguru`, names such as `log`, `logger`, `self._logger`; keyword arguments
    of structured loggers such as `log.info("reply", text=reply)` count), `warnings.warn`,
    and telemetry (OpenTelemetry `span.set_attribute(s)`, `span.add_event`, Sentry
    `set_context`, `set_extra`, `capture_message`).

    Console output — `print`, `pprint`, `rich.print`, `click.echo`, `sys.stdout.write`, and
    in notebooks the last expression of a cell, whose value Jupyter displays and saves — is a
    sink only where standard output is a log or keeps health data:

    - in code that runs as a service: a web handler (Flask, FastAPI, Starlette, Quart,
      Sanic, aiohttp, Litestar, Django routes and views, `APIRouter` routes, handlers
      registered with `add_url_rule`/`add_api_route`, class-based views), an AWS Lambda
      handler (`def handler(event, context)`, `lambda_handler`), a Cloud Functions handler
      (`@functions_framework.http`), a worker task (`@app.task`, `@shared_task`,
      `@dramatiq.actor`, rq `@job`), a Bedrock AgentCore entrypoint (`@app.entrypoint`), a
      Slack Bolt listener (`@app.event`, `@app.message`, `@app.command`, … with
      `slack_bolt` imported), and the functions of the same module they call
      (directly or through other functions of the module), plus the module-level code of
      such a module outside `if __name__ == "__main__":`; every line of a module that
      starts a server (`uvicorn.run`, `app.run`, `serve_forever`, `web.run_app`, a Gradio
      `.launch()`), and every line of a Streamlit app (`st.write` is the page and is not
      a sink, but `print` goes to the server's log). Across modules of the repository, a
      function that such service code of another module calls through an imported name (a
      function, through `__init__` re-exports or `module.f()`; a class instantiated or
      referenced there with the method called by name: `GameFillGap()`,
      `AgentRunner().run(messages)`, or `self.critic.critique(text)` on an instance kept in
      an attribute), directly or through other functions and modules, is service code too
      (not a `print` under `if should_print:` of a boolean-default parameter: output its
      callers switch), and so is the module-level code of a module a service module
      imports; a helper that only scripts, CLIs, notebooks or examples import stays console
      output (README, "Service code across modules"); every line of a module a
      `langgraph.json` of the repository names among its `graphs` (the LangGraph server
      runs it), and what it calls or imports;
    - anywhere, when the printed value is health data under the policy (then a notebook's
      saved outputs and a script's captured stdout hold health data): with
      `handles-phi: true` every prompt and response; with `handles-phi: auto` a value that
      comes from a health-data source of the health-data rules (`patient_note`,
      `record.diagnosis`, a FHIR resource, `f"Diagnosis: {x}"`), the prompt or response of
      a request that `phi-without-zdr` finds carrying health data, or of a request whose
      prompt text names health data (`"Analyze the following medical record page"`) and
      that sends something not written in the code (a script printing the answer to
      `chain({"symptom": "abdominal cramps"})` prints no person's data); never with
      `handles-phi: false`.

    Standard-library logging in a program that never shows its records: a top-level
    program — a notebook, a script with `if __name__ == "__main__":`, or a module whose
    module-level code runs it (`main()`, `asyncio.run(main())`, a Claude request at import) —
    that never configures logging keeps the root logger at its default level, WARNING, with
    no handler. There `logging.info`/`debug` (and `log.info` of a `logging.getLogger(...)`
    logger, `logging.log(logging.DEBUG, ...)`) records are dropped: not reported. WARNING and
    above go to logging's last-resort handler, which prints the bare message to stderr:
    console output, reported like `print` (only when the value is health data). "Configures"
    is anything that may lower a level below WARNING or add a handler: `logging.basicConfig`
    (a `basicConfig` with no level or a level of WARNING or above adds a handler but keeps
    INFO dropped), `setLevel` with a level below WARNING or one not known in the file
    (`setLevel(os.environ["LEVEL"])`; `setLevel(logging.WARNING)` on a noisy library is not),
    `addHandler`, `logging.config.dictConfig`/`fileConfig`, an assignment to `.level` or
    `.handlers`, a call of another module's helper named like a logging setup
    (`setup_logging()`, `init_logger()`), the same calls in the module-level code of a
    repository module the program imports (transitively: a shared `logsetup.py`), or an
    import of a package that configures logging (uvicorn, gunicorn,
    Django, Flask and the other web and worker frameworks, Streamlit, Gradio, absl, Hydra,
    Airflow, coloredlogs, structlog, loguru …). Everything else keeps every logging call a
    sink: a module without `__main__` that runs nothing at import (a library or service
    module: the application that imports it may configure INFO, so its `logger.info(prompt)`
    is a log), a package's `__init__.py`, service code, and loggers not known to be the
    standard library's — structlog and loguru print every level by default, and a logger
    that comes in as a parameter may be anything.

    Console output that is reported only because it holds health data (not in service
    code) is one finding per file, at the first such place, with every further print or
    display of health data in the file as a related location: the cause is one decision of
    the program — writing health data to its console — and a medical-records script that
    prints its extraction in twenty places is one finding, not twenty. Logs and service
    stdout are one finding per sink statement, except that the same value written again in
    the same function by the same logger (the same prompt variable —
    `log.info(f"Extracted patient: {name}")` then `log.info(f"Analyzing {name}")` — or the
    same expression of a request's response) is a related location of the first write.

    A `print` in a tutorial, an example, a notebook, a CLI or a test shows Claude's answer
    to the person running it and is not reported. Findings at console sinks have low
    confidence, findings at logs medium. The requests of a model picker count with low
    confidence, the message naming a Claude option: a generic Bedrock langchain chat model
    (`ChatBedrockConverse(model=self._config.bedrock_model_id)`) whose model id is chosen at
    run time, in a module that names Claude model ids on Bedrock outside docstrings (a picker
    over Titan or Llama ids only stays silent).

    Library switches that print prompts are console output too, judged by the same rule
    (reported in service code — a Streamlit app included — and, elsewhere, only with
    `handles-phi: true`; low confidence): a langchain chain or agent built with
    `verbose=True` on a Claude model (`LLMChain`, `ConversationChain` … print each formatted
    prompt; `AgentExecutor`, `initialize_agent` … each step's model output and tool result; of
    the `langchain`, `langchain_community`, `langchain_experimental` packages) — not a chain that
    only wraps one (`StuffDocumentsChain`, `MapReduceDocumentsChain`, `RefineDocumentsChain`,
    `RetrievalQA` and its `from_chain_type`/`from_llm`, `VectorDBQA`): its `verbose=True` prints
    "Entering new … chain" and "Finished chain." only, since langchain does not pass that
    stdout handler to the chain inside — whose own `verbose=True` is reported),
    `set_verbose(True)`/`set_debug(True)` and `langchain.verbose`/`langchain.debug = True`
    in a module that builds a Claude langchain model, and litellm's `litellm.set_verbose =
    True`/`litellm._turn_on_debug()` in a module that sends litellm requests to Claude. A
    generic Bedrock class whose model id is unknown but may be Claude (see
    `region-outside-policy`) counts, and the message says so. The same chains called
    directly (`chain(inputs)`, a legacy `llm(prompt)`) are Claude requests.

    Switches (set in code):

    - `ANTHROPIC_LOG=debug` (`os.environ[...] =`, `setdefault`, `putenv`, `update`, an
      `env={...}` dict, `monkeypatch.setenv`): the SDK then logs every request's options,
      JSON body included. `ANTHROPIC_LOG=info` logs method, URL and status only and is not
      reported; the SDK compares the value exactly, so `"DEBUG"` does nothing;
    - `logging.getLogger("anthropic").setLevel(logging.DEBUG)`: the same effect — except in
      the own code of a library that implements a Claude client (the SDK's implementation of
      its opt-in `ANTHROPIC_LOG` switch; `rulekit.library`), where it is its users' choice;
    - OpenTelemetry content mode: `open_telemetry={"traces": {"content_mode": "content"}}`
      given to a Claude client or `with_options`, the variable
      `ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content`, or a telemetry destination
      created with content mode `content`
      (`client.beta.organization.telemetry_destinations.create(...)`);
    - the OpenTelemetry GenAI instrumentations' switch
      `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` set to `SPAN_ONLY`, `EVENT_ONLY`,
      `SPAN_AND_EVENT` or `true` (`opentelemetry-instrumentation-genai-anthropic` then records
      messages in spans or log events; `NO_CONTENT` and `false` are not reported);
    - LangSmith tracing: `LANGSMITH_TRACING` (also `LANGSMITH_TRACING_V2` and the older
      `LANGCHAIN_TRACING_V2`) set to `true` — LangChain and LangGraph then send every run,
      prompts, tool results and responses included, to LangSmith (`false`, an empty value
      and `${LANGSMITH_TRACING:-false}` are not reported).

    One finding per sink statement, at the value written out: a statement holding two
    sinks of content (`log.info(reply) or print(reply)`) is one finding, the second sink a
    related location. Each sink statement is its own finding — the fix (log ids and counts,
    not text) is made at each of them.

    Switches (set in configuration files): the same variables in a repository that uses
    Claude (a Python file or notebook that mentions it, or a dependency file naming
    `anthropic` or a wrapper), when semgrep is installed — `.env` files (`.env`, `.env.*`,
    `*.env`), Docker Compose, Kubernetes and Helm YAML (`environment:` maps and lists, `env:`
    lists of `name`/`value` pairs, ConfigMap data), GitHub workflow `env:` blocks and `run:`
    lines (`ANTHROPIC_LOG=debug pytest`), Dockerfiles (`ENV`, `ARG`) and Terraform (`.tf`,
    `.tfvars`, `.hcl` environment maps and `env {}` blocks). A compose default
    `${ANTHROPIC_LOG:-debug}` counts; commented-out lines, `ANTHROPIC_LOG=info`/`warn` and
    `ANTHROPIC_LOG_LEVEL` (not the SDK's variable) do not.

    The flow is followed in the order the code runs (a notebook's cells in order): a
    reassignment ends the old value (`messages` rebuilt from literals no longer holds the
    conversation), a comprehension's variable stays inside it, `except ... as e` binds a new
    `e`, and a loop variable over a constant list is not the prompt whose name it reuses.
    Fields are told apart where the code shows them: the key of `for key, value in
    d.items()` holds a key of `d` (a tuple key's element for `for (clinic, day), visits in
    groups.items()`), not the responses stored as its values — when every way `d` gets its
    keys is seen in the file (see `claude_lint.analysis.dictkeys`); and `record["day"]` or
    `record.get("day")` does not read what `record["clinic"] = answer` stored under another
    key. Likewise a container whose prompt is one of its items (`new_message =
    request.data.get("message")`, `body = json.loads(event.get("body"))`) is prompt when
    written out whole (`print(request.data)`, `json.dumps(event)`) or through that item, but
    not through another one (`request.data.get("index_name")`, `event.get("rawPath")`, also
    after `data = request.data`), unless the container also holds a response.

    Not reported: request ids, token counts (`response.usage`, `usage.input_tokens`, and
    `body["usage"]`/`body["stop_reason"]` of a raw response body), `stop_reason`, the model
    name, `type`/`role` of blocks and events, a tool call's `name` and `id` (`block.name`,
    `tu["name"]`, `tu["toolUseId"]`, and a helper's parameter that receives only them:
    `run_tool(block.name, block.input)` then `log.info(f"Tool {name} OK")` — its `input` and
    the tool's result are content), an exception caught with `except ... as e` that a tool
    returns to Claude as its result (`{"error": str(e)}`: the program's error, not the
    conversation), `len(...)` of content, numbers and booleans
    (a page number formatted into a prompt), a prompt or prefill made only of literals
    (`PREFILL = ""`, a constant f-string: source code, not data), a notebook cell ending in a
    call that returns None (`print(...)`, `display(...)`, `list.append(...)`), prompts of other
    providers (OpenAI, Groq clients), log messages that merely contain the word
    "message", and exception messages. Not reported in mocked SDK tests: like every rule
    tagged `traffic`, it does not report in a file under the policy's `test-paths` that looks
    like a test (see README, Test files).

    The root logger at DEBUG (`logging.basicConfig(level=logging.DEBUG)`,
    `logging.getLogger().setLevel(logging.DEBUG)`) lets the SDK's own DEBUG record of every
    request's options (the JSON body, prompt included) through. It is reported (medium
    confidence) where that record reaches a service's log: the call is service code, or its
    module is imported (transitively) by a service module — a shared `config.py` imported by
    every blueprint —, the service's program (the service module and what it imports in the
    repository) imports `anthropic`, and no module of it names the `anthropic` logger or
    `ANTHROPIC_LOG` (a program that sets `logging.getLogger("anthropic").setLevel(logging.INFO)`
    has chosen). In a script, a notebook or a CLI it is the console of the person running it:
    not reported. Only a module that is analysed (one that mentions Claude or imports a
    Claude helper) is looked at.

    ## Why is this bad?
    Prompts and responses carry what your users typed and what Claude said about it:
    personal data, health data, documents, secrets pasted into a chat. Logs, consoles,
    error trackers and trace backends are kept longer, read by more people and shipped to
    more vendors than the API traffic itself, and are outside the Zero Data Retention or
    BAA terms agreed with Anthropic. A prompt in a log file is a copy of the data you
    promised not to keep.

    ## Example
    ```python
    import logging

    import anthropic

    log = logging.getLogger(__name__)
    client = anthropic.Anthropic()

    def answer(question: str) -> str:
        log.info("question: %s", question)
        response = client.messages.create(
            model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": question}]
        )
        log.debug("answer: %s", response.content[0].text)
        return response.content[0].text
    ```
    ```dockerfile
    # Dockerfile
    ENV ANTHROPIC_LOG=debug
    ```

    ## Use instead
    ```python
    import logging

    import anthropic

    log = logging.getLogger(__name__)
    client = anthropic.Anthropic()

    def answer(question: str) -> str:
        response = client.messages.create(
            model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": question}]
        )
        log.info("request %s: %d input, %d output tokens, %s", response._request_id,
                 response.usage.input_tokens, response.usage.output_tokens, response.stop_reason)
        return response.content[0].text
    ```
    ```dockerfile
    ENV ANTHROPIC_LOG=info
    ```

    ## References
    - https://cwe.mitre.org/data/definitions/532.html
    - https://github.com/anthropics/anthropic-sdk-python#logging
    - https://opentelemetry.io/docs/specs/semconv/gen-ai/
    - https://pypi.org/project/opentelemetry-instrumentation-genai-anthropic/
    - CWE-532: Insertion of Sensitive Information into Log File
    """

    id = "prompt-logged"
    summary = "prompt or response content written to a log, console or span"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    tags = ("security", "privacy", "logging", "data-flow", "traffic")
    cwe = (532,)
    fix_hint = (
        "Log request ids, token counts and stop reasons, not prompt or response text; keep ANTHROPIC_LOG off debug."
    )

    # -- sinks -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, ctx) -> None:
        self._sink(node, ctx)
        self._switch_call(node, ctx)
        self._printing_switch(ctx, printing_switches.switch_at_call(ctx, node))

    def visit_Expr(self, node: ast.Expr, ctx) -> None:
        if ctx.source.cell_map:  # a notebook cell's last expression is displayed
            self._sink(node, ctx)

    def _sink(self, node: ast.AST, ctx) -> None:
        facts = ctx.facts
        if isinstance(node, ast.Expr):
            sink = ctx.facts.notebook_display_sink(node, ctx.source.cell)
        else:
            sink = facts.output_sink(node)
        if sink is None or sink.kind not in _SINKS:
            return
        if not facts.memo("prompt-logged.requests", lambda: _has_requests(facts)):
            return
        service: str | None = None  # asked once content reaches the sink (it may search other modules)
        console = sink.kind == PRINT
        unshown = _unshown(ctx, sink.node) if sink.kind == LOG else None
        if unshown == DROPPED:
            return  # a debug/info record of a program that never shows it
        if unshown is not None:  # the last-resort handler prints it to stderr: console output
            console = True
        source = _source_of(facts)
        for value in sink.values:
            if isinstance(value, ast.Constant) or facts.quantity(value):
                continue  # numbers and booleans (a grade, a page number) are not content
            origins: dict[str, ast.AST] = {}
            labels = facts.labels(value, source, stop=facts.content_stop, origins=origins)
            if not labels:
                continue
            if sink.kind == PRINT and service is None:
                service = service_reason(facts, sink.node)
            label = RESPONSE if RESPONSE in labels else PROMPT  # a helper's result: its response
            origin = origins[label]
            request = facts.prompt_request(origin) if label == PROMPT else facts.response_request(origin)
            maybe = _maybe_claude(facts, request)
            of = "the model request" if maybe else "the Claude request"
            if label == PROMPT:
                what = f"the prompt of {of} on line {_line(ctx, request)} ({_short(origin)})"
            else:
                what = f"the response of {of} on line {_line(ctx, request)}"
            where = ""
            if console and service is None:
                # console output: a sink only where it holds health data (module doc)
                health = _health(ctx, value, request)
                if health is None:
                    continue
                where = (
                    f" The value is health data ({health}): a notebook's saved outputs and a script's "
                    "captured output keep it."
                )
                if unshown is not None:
                    where = (
                        " This program never configures logging, so logging's last-resort handler "
                        f"prints the message to stderr.{where}"
                    )
            elif service is not None:
                where = f" Standard output is the service's log here ({service})."
            # one finding per cause (README "One finding per cause"): a later sink of the same
            # cause becomes a related location of the first one's finding
            causes = self._causes(ctx, node, sink, value, what, request, origin, label, console and service is None)
            known = ctx.scratch.setdefault(f"{self.id}.causes", {})
            earlier = next(((known[key], why) for key, why in causes if key in known), None)
            if earlier is not None:
                ctx.relate(earlier[0], value, earlier[1])
                return
            if maybe:
                where += f" {maybe}"
            index = ctx.report(
                value,
                f"{what[0].upper()}{what[1:]} reaches {sink.name}.{where}",
                confidence=Confidence.LOW if console or maybe else None,
                flow=[(origin, what), (value, f"written by {sink.name}")],
            )
            if index is not None:
                known.update((key, index) for key, _why in causes)
            return  # one finding per sink

    @staticmethod
    def _causes(ctx, node, sink, value, what, request, origin, label, health_console) -> list[tuple[tuple, str]]:
        """The causes a sink shares with earlier ones, as (key, label of the related location):
        its statement (a notebook cell's displayed ``print(...)``, ``log.info(x) or print(x)``);
        for console output reported because it holds health data, the program itself; and the
        same prompt value (or the same response expression) written by the same logger in the
        same function (``"Extracted patient name: {name}"`` then ``"Analyzing {name}"``)."""
        stmt = ctx.current_stmt if ctx.current_stmt is not None else ctx.facts.statement(node)
        causes: list[tuple[tuple, str]] = [(("statement", id(stmt)), f"also written by {sink.name}")]
        if health_console:
            causes.append((("console",), f"also prints health data: {what}"))
        scope = ctx.facts.scope(sink.node).node
        writer = sink.name.rsplit(".", 1)[0]  # another logger (another log system) is another sink
        held = _short(origin) if label == PROMPT else _short(value)
        causes.append((("value", id(scope), id(request), writer, label, held), f"writes it again: {what}"))
        return causes

    # -- switches --------------------------------------------------------------------------
    def _printing_switch(self, ctx, switch) -> None:
        """A library switch that prints Claude prompts (``ConversationChain(verbose=True)``,
        ``set_debug(True)``, ``litellm.set_verbose = True``): console output, judged like
        ``print()`` (rulekit.printing_switches)."""
        if switch is None or is_library_code(ctx, switch.node):
            return
        service = service_reason(ctx.facts, switch.node)
        if service is not None:
            where = f"standard output is the service's log here ({service})"
        elif phi.handles_phi(ctx.policy) is True:
            where = "with handles-phi: true every prompt is health data, which saved outputs and captured logs keep"
        else:
            return  # a notebook, a tutorial, a CLI: the console of the person running it
        ctx.report(
            switch.node,
            f"{switch.what} prints {switch.prints} to standard output; {where}.",
            confidence=Confidence.LOW,
            related=[(switch.model, switch.model_label)] if switch.model is not None else (),
        )

    def visit_Assign(self, node: ast.Assign, ctx) -> None:
        self._printing_switch(ctx, printing_switches.switch_at_assign(ctx, node))
        for target in node.targets:
            if isinstance(target, ast.Subscript) and ctx.qualname(target.value) == "os.environ":
                self._env_value(ctx, ctx.string_value(target.slice), node.value)

    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        for k, v in zip(node.keys, node.values):
            if k is not None:
                self._env_value(ctx, ctx.string_value(k), v)

    def _switch_call(self, node: ast.Call, ctx) -> None:
        q = ctx.qualname(node.func) or ""
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else ""
        if q in ("os.environ.setdefault", "os.putenv") or attr == "setenv":
            if len(node.args) >= 2:
                self._env_value(ctx, ctx.string_value(node.args[0]), node.args[1])
            return
        if q == "os.environ.update":
            for kw in node.keywords:
                self._env_value(ctx, kw.arg, kw.value)
            return
        if q == "logging.basicConfig" or (attr == "setLevel" and _root_logger(ctx, func.value)):  # type: ignore[attr-defined]
            self._root_debug(node, ctx)
            return
        if attr == "setLevel" and node.args and self._anthropic_logger(func.value, ctx):  # type: ignore[attr-defined]
            if is_library_code(ctx, node):
                # the SDK's own implementation of its opt-in ANTHROPIC_LOG switch: its users'
                # choice, judged where they set the variable (rulekit.library)
                return
            level = node.args[0]
            text = ctx.qualname(level) or ctx.facts.value_string(level)
            if (text in _DEBUG_LEVELS) or (isinstance(level, ast.Constant) and level.value in (0, 10)):
                ctx.report(
                    level,
                    "The anthropic logger is set to DEBUG: the SDK then logs the options of every "
                    "request, prompt included.",
                    confidence=Confidence.HIGH,
                )
            return
        otel = None
        what = ""
        if client_class(q) is not None:
            otel, what = call_arg(node, "open_telemetry"), f"the {client_class(q).name} client"  # type: ignore[union-attr]
        elif attr in ("with_options", "copy") and ctx.facts.client(func.value) is not None:  # type: ignore[attr-defined]
            otel, what = call_arg(node, "open_telemetry"), f"the {ctx.facts.client(func.value).name} client"  # type: ignore[attr-defined]
        elif attr in ("create", "update") and "telemetry_destinations" in ast.unparse(func.value):  # type: ignore[attr-defined]
            for arg in (*node.args, *(kw.value for kw in node.keywords)):
                found = _content_mode(ctx, arg)
                if found is not None:
                    ctx.report(
                        arg,
                        "A telemetry destination with content_mode 'content' exports the prompts and "
                        "responses of the organisation's Claude requests.",
                        confidence=Confidence.HIGH,
                    )
                    return
            return
        if otel is not None:
            found = _content_mode(ctx, otel)
            if found is not None:
                ctx.report(
                    otel,
                    f"OpenTelemetry content_mode 'content' on {what} records prompts and responses in trace spans.",
                    confidence=Confidence.HIGH,
                )

    def _root_debug(self, node: ast.Call, ctx) -> None:
        """``logging.basicConfig(level=logging.DEBUG)`` (or the root logger's ``setLevel``)
        in a service process that sends Claude requests with the anthropic SDK and leaves the
        SDK's logger alone: its DEBUG record of every request's options (the JSON body,
        prompt included) then reaches the service's log.  The process is found across modules
        (the module is service code, or a service module imports it: a shared ``config.py``);
        a script's, a notebook's or a CLI's DEBUG logging is its user's console."""
        if (ctx.qualname(node.func) or "") == "logging.basicConfig":
            level = next((kw.value for kw in node.keywords if kw.arg == "level"), None)
        else:
            level = node.args[0] if node.args else None
        if level is None or is_library_code(ctx, node):
            return
        text = ctx.qualname(level) or ctx.facts.value_string(level) or ""
        if (
            text not in _DEBUG_LEVELS
            and text.upper() not in _DEBUG_LEVELS
            and not (isinstance(level, ast.Constant) and level.value in (0, 10))
        ):
            return
        ask = getattr(ctx.facts.remote, "service_reach", None)
        if ask is None:
            return
        service = service_reason(ctx.facts, node)
        user = ask(SDK_DEBUG) if service is not None else None
        if user is None:
            return
        ctx.report(
            level,
            f"The root logger is set to DEBUG in a service process ({service}) that sends Claude requests "
            f"with the anthropic SDK ({user}): the SDK then logs the options of every request, prompt "
            "included, to the service's log.",
        )

    def _env_value(self, ctx, name: str | None, value: ast.AST) -> None:
        if name not in _SWITCH_VARS:
            return
        text = ctx.facts.value_string(value)
        if text is None:
            return
        message = switch_message(name, text)
        if message is not None:
            ctx.report(value, message, confidence=Confidence.HIGH)

    # -- configuration files (rules/prompt-logged.yaml) ---------------------------------------
    def judge_config(self, name: str, value: str, policy) -> str | None:
        """A logging or tracing switch set in a configuration file: the message, or None."""

        text = config_value(value)
        return switch_message(name, text) if text is not None else None

    @staticmethod
    def _anthropic_logger(expr: ast.AST, ctx) -> bool:
        def is_anthropic(call: ast.Call) -> bool:
            if ctx.qualname(call.func) != "logging.getLogger" or not call.args:
                return False
            name = ctx.facts.value_string(call.args[0]) or ""
            return name == "anthropic" or name.startswith("anthropic.")

        return ctx.facts.producer(expr, is_anthropic) is not None


#: LangSmith tracing switches: with one of them "true", LangChain and LangGraph (and the
#: langsmith SDK's wrappers) send every run's inputs and outputs to LangSmith
#: (https://docs.smith.langchain.com/observability/how_to_guides/trace_with_langchain;
#: LANGCHAIN_TRACING_V2 is the older name, still read)
LANGSMITH_VARS = frozenset({"LANGSMITH_TRACING", "LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2"})
_SWITCH_VARS = frozenset({LOG_VAR, OTEL_VAR, GENAI_OTEL_VAR, *LANGSMITH_VARS})


def switch_message(name: str, text: str) -> str | None:
    """The finding's message when environment variable ``name`` set to ``text`` makes the SDK
    or an instrumentation record prompts and responses, else None."""
    if name == LOG_VAR and text in _LOG_LEAKS:
        return (
            f"{LOG_VAR} is set to {text!r}: the anthropic SDK then logs the options of every request, prompt included."
        )
    if name == OTEL_VAR and text.strip().lower() == "content":
        return (
            f"{OTEL_VAR} is set to {text!r}: prompts and responses of every Claude request are recorded in trace spans."
        )
    if name in LANGSMITH_VARS and text.strip().lower() == "true":
        return (
            f"{name} is set to {text!r}: LangChain and LangGraph then send every run to LangSmith, "
            "prompts, tool results and responses of Claude requests included."
        )
    if name == GENAI_OTEL_VAR and text.strip().lower() in _GENAI_CAPTURE:
        return (
            f"{GENAI_OTEL_VAR} is set to {text!r}: the OpenTelemetry GenAI instrumentation then records "
            "the prompts and responses of Claude requests in spans or log events."
        )
    return None


def _root_logger(ctx, expr: ast.AST) -> bool:
    """``logging.getLogger()`` (no name, or ``"root"``) or ``logging.root``."""
    if (ctx.qualname(expr) or "") == "logging.root":
        return True
    return (
        isinstance(expr, ast.Call)
        and (ctx.qualname(expr.func) or "") == "logging.getLogger"
        and (not expr.args or ctx.facts.value_string(expr.args[0]) == "root")
        and not expr.keywords
    )


def _health(ctx, value: ast.AST, request: ast.AST | None) -> str | None:
    """Why a printed prompt or response is health data under the policy, or None:
    ``handles-phi: true`` makes all Claude content health data; with ``auto`` the printed
    value itself comes from a health-data source (:class:`claude_lint.phi.PhiSource`), or it
    is the prompt or the response of a request that carries health data (the requests
    ``phi-without-zdr`` judges) or whose prompt text names health data (health data by
    context); ``handles-phi: false`` never."""
    mode = phi.handles_phi(ctx.policy)
    if mode is False:
        return None
    if mode is True:
        return "handles-phi: true"
    facts = ctx.facts
    source = facts.memo(f"prompt-logged.phi-source:{id(ctx.policy)}", lambda: phi.PhiSource(facts, ctx.policy))
    path = facts.trace(value, source)
    if path:
        return path[0][1].removeprefix("health data: ")
    for found in phi.phi_requests(ctx):
        if found.req.call is request:
            return f"the request on line {_line(ctx, request)} carries {found.source_text}"
    if isinstance(request, ast.Call):
        if _literal_content(ctx, request):
            return None  # sample input written in the code (``{"symptom": "abdominal cramps"}``): no person's data
        term = _prompt_mentions(ctx, request)
        if term is not None:
            return f"the prompt of the request on line {_line(ctx, request)} asks about {term.replace('_', ' ')}"
    return None


def _literal_content(ctx, request: ast.Call) -> bool:
    """Whether everything a request sends is written in the code (constants, and names bound
    only to them: :meth:`Facts.literal_only`): its prompt and its response then hold no
    person's data, whatever health words they use."""
    facts = ctx.facts
    info = facts.likely_request(request)
    if info is None:
        return False
    args = list(facts.prompt_arguments(info))
    return bool(args) and all(facts.literal_only(arg) for arg in args)


def _prompt_mentions(ctx, request: ast.Call) -> str | None:
    """The health-data term the literal text of a request's prompt mentions (``"Analyze the
    following medical record page: ..."``): the data sent with it is then health data by
    context.  Follows names to the bindings that reach them, three steps deep."""
    facts = ctx.facts
    info = facts.likely_request(request)
    if info is None:
        return None
    vocab = facts.memo(f"prompt-logged.vocabulary:{id(ctx.policy)}", lambda: phi.Vocabulary.from_policy(ctx.policy))
    texts: list[str] = []
    seen: set[int] = set()

    def collect(expr: ast.AST, depth: int) -> None:
        for node in ast.walk(expr):
            if id(node) in seen or len(texts) > 200:
                continue
            seen.add(id(node))
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value[:2000])
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and depth < 3:
                assigns, iters, _scope, _param = facts.lookup_at(node)
                for v in (*assigns, *iters):
                    collect(v, depth + 1)

    for arg in facts.prompt_arguments(info):
        collect(arg, 0)
    for text in texts:
        term = vocab.mentions(without_adjectives(text))
        if term is not None:
            return term
    return None


def _unshown(ctx, call: ast.AST) -> str | None:
    """Where a stdlib logging call's record goes when the program never shows it as a log
    (:func:`claude_lint.analysis.unshown_log`): never for a package's ``__init__.py`` or a
    library that implements a Claude client, whose importers configure logging."""
    if ctx.path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py" or is_library_code(ctx, call):
        return None
    return unshown_log(ctx.facts, call, notebook=bool(ctx.source.cell_map))


def _maybe_claude(facts, request: ast.AST | None) -> str:
    """For a request on a model that may be Claude (a model picker whose options include
    Claude ids, :meth:`~claude_lint.analysis.clients.ClientsMixin.maybe_model`), the sentence
    saying so (the finding is then low confidence); else ""."""
    info = facts.likely_request(request) if isinstance(request, ast.Call) else None
    return maybe_claude_note(info.client) if info is not None and info.client is not None else ""


def _has_requests(facts) -> bool:
    return any(
        isinstance(n, ast.Call) and (info := facts.likely_request(n)) is not None and info.inference
        for n in tree_nodes(facts.tree)
    )


def _source_of(facts):
    def source(node: ast.AST) -> frozenset[str]:
        return facts.response_source(node) | facts.prompt_source(node)

    return facts.memo("prompt-logged.source", lambda: source)


def _content_mode(ctx, expr: ast.AST | None, depth: int = 0) -> ast.AST | None:
    """The value node of a ``content_mode`` key or keyword equal to "content" inside
    ``expr`` (dicts, calls, names bound once), or None."""
    if expr is None or depth > 8:
        return None
    if isinstance(expr, ast.Name):
        assigns, iters, _scope, param = ctx.facts.lookup(expr.id, ctx.facts.scope(expr))
        if len(assigns) == 1 and not iters and param is None:
            return _content_mode(ctx, assigns[0], depth + 1)
        if not assigns and expr.id in ctx.resolver.constants:
            return _content_mode(ctx, ctx.resolver.constants[expr.id], depth + 1)
        return None
    pairs: list[tuple[str | None, ast.AST]] = []
    if isinstance(expr, ast.Dict):
        pairs = [(ctx.string_value(k) if k is not None else None, v) for k, v in zip(expr.keys, expr.values)]
    elif isinstance(expr, ast.Call):
        pairs = [(kw.arg, kw.value) for kw in expr.keywords]
    for key, value in pairs:
        if key == "content_mode":
            text = ctx.facts.value_string(value)
            if text is not None and text.strip().lower() == "content":
                return value
        else:
            found = _content_mode(ctx, value, depth + 1)
            if found is not None:
                return found
    return None


def _line(ctx, node: ast.AST | None) -> int:
    return ctx.source.file_line(getattr(node, "lineno", 0)) if node is not None else 0


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:39] + "…"
