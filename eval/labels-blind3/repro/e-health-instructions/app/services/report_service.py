"""The request and the content are here; the clinical wording is in app/prompts or a YAML file.
Today only wording in this file counts as instructions."""

import anthropic
from sqlalchemy import text

from app.config_data.loader import get_prompts
from app.prompts.report import EXTRACTION_SYSTEM_PROMPT, build_extraction_prompt, build_faq_prompt, build_visit_prompt

client = anthropic.AnthropicBedrock(aws_region="eu-central-1")
MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"


def visit_report(db) -> str:
    visits = [dict(row) for row in db.execute(text("SELECT * FROM visits")).mappings()]
    # ruleid: phi-without-zdr
    reply = client.messages.create(
        model=MODEL, max_tokens=4096, messages=[{"role": "user", "content": build_visit_prompt(visits)}]
    )
    return reply.content[0].text


def extract(document_text: str) -> str:
    # ruleid: phi-without-zdr
    reply = client.messages.create(
        model=MODEL,
        max_tokens=4096,
        system=EXTRACTION_SYSTEM_PROMPT,
        messages=[{"role": "user", "content": build_extraction_prompt(document_text)}],
    )
    return reply.content[0].text


def assistant(conversation: list) -> str:
    # ruleid: phi-without-zdr
    reply = client.messages.create(
        model=MODEL, max_tokens=1024, system=get_prompts().agent_system_prompt, messages=conversation
    )
    return reply.content[0].text


def faq(question: str) -> str:
    # ok: phi-without-zdr
    reply = client.messages.create(
        model=MODEL, max_tokens=512, messages=[{"role": "user", "content": build_faq_prompt(question)}]
    )
    return reply.content[0].text


def faq_bot(conversation: list) -> str:
    # ok: phi-without-zdr
    reply = client.messages.create(
        model=MODEL, max_tokens=512, system=get_prompts().faq_system_prompt, messages=conversation
    )
    return reply.content[0].text
