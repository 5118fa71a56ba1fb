"""Precision precondition (no label is missed because of it, but widening request recognition
exposes it): the metadata of a boto3 converse() reply is reported as response content, while the
same metadata of an SDK reply (`r.stop_reason`, `r.usage`) is not. Flagged today at the two
`# ok` lines below. In blind3 this would hit the look-alike voice-of-care-asha
bedrock_service.py:208 (must_not_flag) once VC-3's request is recognised, and medgraph
bedrock_service.py:137-143 (guardrail `action` from response["trace"]) once MG-5..8's are."""

import logging

import boto3

logger = logging.getLogger(__name__)
client = boto3.client("bedrock-runtime", region_name="eu-central-1")


def ask(question: str) -> str:
    response = client.converse(
        modelId="eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        messages=[{"role": "user", "content": [{"text": question}]}],
    )
    # ok: prompt-logged
    logger.info(f"converse() stop_reason={response.get('stopReason')} usage={response.get('usage', {})}")
    trace = response.get("trace", {}).get("guardrail", {})
    # ok: prompt-logged
    logger.warning("guardrail_intervened action=%s", trace.get("action", "INTERVENED"))
    text = response["output"]["message"]["content"][0]["text"]
    # ruleid: prompt-logged
    logger.info(f"reply: {text[:200]}")
    return text
