"""Requests and clients whose arguments are a dict built, then extended by subscript assignment, then
passed as **kwargs (voice-of-care-asha bedrock_service.py:27-39 and 182-207; medgraph
bedrock_service.py:101-121, vaidya.py:88-108). Today: the dict is not resolved once a subscript
assignment follows it, and the region rules read neither region nor model inside a ** dict.
"""

import logging

import boto3

from app.config import settings

logger = logging.getLogger(__name__)

client_config = {
    "service_name": "bedrock-runtime",
    # ruleid: region-outside-policy
    "region_name": settings.AWS_REGION,
}
if settings.GUARDRAIL_ID:
    client_config["config"] = None
client = boto3.client(**client_config)

s3_config = {"service_name": "s3", "region_name": settings.AWS_REGION}
if settings.GUARDRAIL_ID:
    s3_config["config"] = None
# ok: region-outside-policy
s3 = boto3.client(**s3_config)


def chat(messages: list, system_prompt: str = "", tools: list | None = None) -> dict:
    request = {
        "modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
        "messages": messages,
    }
    if system_prompt:
        request["system"] = [{"text": system_prompt}]
    if tools:
        request["toolConfig"] = {"tools": tools}
    if settings.GUARDRAIL_ID:
        request["guardrailConfig"] = {"guardrailIdentifier": settings.GUARDRAIL_ID}
    # ruleid: phi-without-zdr
    response = client.converse(**request)
    # ok: prompt-logged
    logger.info(f"stop_reason={response.get('stopReason')} usage={response.get('usage', {})}")
    return response


def embed(text: str) -> dict:
    request = {"modelId": "amazon.titan-embed-text-v2:0", "body": text}
    request["accept"] = "application/json"
    # ok: phi-without-zdr
    return client.invoke_model(**request)


def triage(patient_note: str) -> dict:
    return chat([{"role": "user", "content": [{"text": f"Patient note: {patient_note}"}]}])
