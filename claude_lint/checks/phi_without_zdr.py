"""phi-without-zdr: health data reaches a Claude request that the policy's ZDR and BAA do not cover."""

from __future__ import annotations

from .. import phi
from ..analysis import maybe_claude_note
from ..model import Confidence, Severity
from ..rule import Rule


class PhiWithoutZdr(Rule):
    """
    ## What it does
    Follows health data (PHI) through the file into Claude requests and reports each request
    that carries it while the policy does not cover that route:

    - first-party API (`Anthropic`, `AsyncAnthropic`, `AnthropicAWS`, `AnthropicGoogleCloud`,
      langchain `ChatAnthropic`, litellm `anthropic/…`, pydantic-ai `anthropic:…`, dspy,
      instructor, `claude_agent_sdk`, raw HTTP to the Messages API — see
      `eu-residency-unavailable` for how a built URL is recognised): needs both `zdr: true`
      and a BAA with `anthropic` (`baa: true` or a list naming it); when the policy lists
      `zdr-key-env`, the client must also be built from one of those key variables
      (`api_key=os.environ["HIPAA_ANTHROPIC_KEY"]`); a client that reads its key implicitly
      from `ANTHROPIC_API_KEY` counts only if that variable is listed;
    - Amazon Bedrock (`AnthropicBedrock`, Mantle, boto3 `invoke_model`/`converse` with a
      Claude `modelId` or an `invoke_model` body that carries `anthropic_version` (the model
      id read from settings), also passed as `**kwargs`; langchain-aws, litellm `bedrock/…`):
      a BAA with `aws`;
      Vertex AI: a BAA with `google`; Microsoft Foundry: a BAA with `azure`.

    **Sinks** are the content arguments of every request: `messages`, `system`, `tools`,
    `prompt`, batch `requests`, `files.upload(file=...)`, Managed Agents `events`,
    `initial_events` and `system`, wrapper calls (`llm.invoke(...)`, chains built with `|`,
    `bind_tools`, `with_structured_output`, `agent.run(...)`, dspy `lm(...)` and modules,
    instructor `chat.completions.create`), litellm `messages`, raw HTTP `json=`, boto3
    `body=`/`messages=`. What is called is resolved, not guessed from names: a helper named
    `_call_claude` that calls OpenAI or Groq is not a Claude request. A model picker counts
    with low confidence (the message names a Claude option): the `invoke`/`stream`/`batch`
    calls of a generic Bedrock langchain chat model (`ChatBedrockConverse`, `ChatBedrock` …)
    whose model id is chosen at run time, in a module that names Claude model ids on Bedrock
    outside docstrings; a picker over Titan or Llama ids only, or a concrete non-Claude model,
    is silent.

    **Sources** (package `claude_lint/phi/`): names of variables, parameters, attributes,
    dict keys, subscripts, `.get()` keys, keyword arguments and DataFrame columns that
    denote health data, matched by word parts against the vocabulary — patient, diagnosis,
    mrn, medical_record, date_of_birth/dob, ssn, icd10/icd_10, prescription, medication,
    lab_result, clinical_note, discharge_summary, health_record, ehr/emr, allergies, vitals,
    symptoms, insurance_id/member_id and more; objects from FHIR/HL7 libraries
    (`fhir.resources`, `fhirclient`, `hl7`, `hl7apy`); files read from paths named so
    (`open("patient_notes.txt")`); PDF and office documents (`PdfReader`, `pdfplumber.open`,
    `fitz.open`, `docx.Document`) read from a path whose folder or file name matches
    (`os.path.join(root, "Medical", name)`, `*medical-record*.pdf`), their pages' text
    included; values formatted after a label such as
    `f"Diagnosis: {x}"`. `impatient` does not match `patient`. Counts are not health data:
    `patient_count = len(patients)` (and any name ending in a quantity word, or assigned
    only counts) is silent; so are constants (`PATIENT_PROMPT = "..."`, also imported from another
    module of the repository: `from .prompts import CLINICAL_CHAT_SYSTEM_PROMPT` is instructions,
    which can make the request clinical by context — then the finding names the non-constant
    content it carries, with the instructions as a related location) and code objects
    (`patient_schema`, `medical_client`). The policy adjusts the vocabulary with
    `phi-names: {add: [...], remove: [...]}`.

    **Flow**: assignments, augmented assignment, f-strings, `%`, `.format`, `+`, `join`,
    list/dict/tuple literals, `.append`/`.extend`/`.update`, comprehensions, `str()`,
    `json.dumps()`, attributes and subscripts of tainted objects, return values of
    functions and methods of the same module, parameters of helpers that call Claude
    themselves (`ask_claude(patient_note)`), class attributes (`self.note` set in
    `__init__`), notebook cells in order. The finding carries the path from source to
    request (SARIF `codeFlows`; a `path:` line in text output).

    **Health data by context** (`handles-phi: auto`, package `claude_lint/phi/context.py`):
    a request no named source reaches still carries health data when both hold:

    1. its *instructions* — the string literals that reach its content (system prompt,
       message text, f-string and `.format` templates, a `**template` dict, class attributes,
       prompt-building helpers of the file; a parameter is not widened to every caller's
       literals) — name a person's clinical information: `patient` (the noun, not "be
       patient"), `medical record`, `health record`, `medical history`, `clinical note` /
       `documentation` / `encounter` / `summary`, `chief complaint`, `discharge summary`,
       `progress note`, `SOAP note`, `care gap`, `HEDIS`, `medical scribe`, `diagnose` /
       `diagnosis` (not "diagnose the bug"), a person's symptoms ("describes their
       symptoms", "your symptoms"), a visit or encounter transcript; and
    2. it carries *content not written in the code*: a parameter of a function none of whose
       callers is in the file (low confidence: a route handler's argument, a helper called
       from another module, a langgraph node's `state`, also when the node writes its result
       into it and returns it), user input (`input()`, `sys.stdin`, streamlit `text_input` /
       `chat_input` / `session_state`, flask `request`, `click`/`typer` prompts), or content
       produced at run time by a call the file does not define (`page.extract_text()` of a
       PDF, `cursor.fetchone()`, `pd.read_csv(path)`).

    Silent look-alikes: a medical *knowledge* question ("What are the symptoms of flu?"
    written in the code, or a user's question under instructions about medicine in general,
    which name no person); a clinical system prompt whose content is all literals (a course
    notebook's fictional record; a value made only of literals is source code, not data);
    dates, counts, identifiers, paths, environment reads and prompt files read from a literal
    path; aggregate wording ("how many patients were seen"); a helper whose callers in the
    file pass constants; the same request to another provider. The finding names the
    content and the phrase, with the instructions' literal as a related location.
    **Across modules** of the repository (README, "Engines and architecture"): a helper or a
    wrapper-class method of another module that sends its parameter to Claude
    (`generate_with_claude(patient_text)` called from a route handler,
    `self.bedrock_client.invoke_with_retry(prompt=...)` on a `BedrockClient` defined
    elsewhere) is a request at the call: the finding is at the call, where the health data
    enters the helper, with the helper's request as a related location; when the helper's
    parameter is itself named as health data (`summarise_patient(patient_record)`), its own
    module reports the request and its callers are not reported again. A client passed as a
    parameter is the one the call sites pass (an OpenAI or Groq client passes nothing),
    in the file or in another module that builds the class or calls the function with it
    (`ChatGraph(LLM().llm)` in a composition root: the graph's module reports its requests).

    `handles-phi: false` turns the rule off; `handles-phi: true` treats all content of every
    Claude request as health data; `auto` (default) uses the data flow. Findings are
    reported at the request call.

    One finding per request (the place to change: its client or its content), however many
    health fields reach it; the path from the health data to the request is its code flow.

    ## Why is this bad?
    Protected health information may go to Claude only through an organisation that has
    signed a Business Associate Agreement and, for the first-party API, has Zero Data
    Retention on the keys used. Without them the prompts are retained and processed outside
    the agreement HIPAA requires.

    ## Example
    ```python
    import anthropic

    client = anthropic.Anthropic()

    def summarise(patient):
        note = f"Summarise: {patient.clinical_note}"
        return client.messages.create(model="claude-sonnet-4-5", max_tokens=512,
                                      messages=[{"role": "user", "content": note}])
    ```

    ## Use instead
    ```yaml
    # claude-lint.yaml, once ZDR and a BAA are in place for the organisation's keys
    policy:
      zdr: true
      baa: [anthropic]
      zdr-key-env: [HIPAA_ANTHROPIC_API_KEY]
    ```
    ```python
    import os

    import anthropic

    client = anthropic.Anthropic(api_key=os.environ["HIPAA_ANTHROPIC_API_KEY"])

    def summarise(patient):
        note = f"Summarise: {patient.clinical_note}"
        return client.messages.create(model="claude-sonnet-4-5", max_tokens=512,
                                      messages=[{"role": "user", "content": note}])
    ```

    ## References
    - https://privacy.claude.com/en/articles/8956058-i-have-a-zero-data-retention-agreement-with-anthropic-what-products-does-it-apply-to
    - https://privacy.claude.com/en/articles/8114513-business-associate-agreements-baa-for-commercial-customers
    - https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/business-associates/index.html
    - CWE-359: Exposure of Private Personal Information to an Unauthorized Actor
    """

    id = "phi-without-zdr"
    summary = "health data sent to Claude without ZDR and a BAA covering the route"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    tags = ("security", "privacy", "compliance", "hipaa", "phi", "traffic")
    cwe = (359,)
    fix_hint = (
        "Send health data only through a route the policy covers (zdr: true and baa: [anthropic] for the "
        "first-party API; a BAA with aws/google/azure for Bedrock/Vertex/Foundry), or keep it out of the prompt."
    )
    policy = "handles-phi not false"

    def finish(self, ctx) -> None:
        for item in phi.phi_requests(ctx):
            if item.elsewhere:
                continue  # reported where the helper of another module sends it (one finding per cause)
            cov = phi.coverage(ctx.facts, item.req, ctx.policy)
            if cov.covered:
                continue
            label = phi.request_label(ctx.facts, item.req)
            if item.declared:
                what = f"content sent as `{item.arg}` to {label} is health data (handles-phi: true)"
            else:
                src = item.path[0][0]
                what = (
                    f"health data reaches Claude{' by context' if item.context else ''}: {item.source_text} "
                    f"on line {phi.line_of(ctx, src)} is sent as `{item.arg}` to {label}{item.context_text(ctx)}"
                )
            confidence = Confidence.HIGH if item.declared else item.confidence
            if cov.uncertain:
                confidence = Confidence.LOW
            maybe = maybe_claude_note(item.req.client) if item.req.client is not None else ""
            if maybe:
                confidence = Confidence.LOW
            phi.report(
                ctx,
                item.req.call,
                f"{what}, but {cov.missing}; {cov.needed}{'. ' + maybe if maybe else ''}",
                flow=item.path,
                confidence=confidence,
                related=item.related,
                req=item.req,
            )
