"""Claude's extraction response reaches a log inside a nested function (medgraph
pipelines/ingestion_pipeline.py:173, 184-224). The same loop in a plain helper is reported today."""

import json

import structlog
from anthropic import AnthropicBedrock

logger = structlog.get_logger()
client = AnthropicBedrock(aws_region="eu-central-1")


def scrub_entities(entities: dict) -> dict:
    def scrub_list(items: list) -> list:
        cleaned = []
        for item in items:
            if "@" in str(item):
                # ruleid: prompt-logged
                logger.warning("pii_scrubbed_from_entity", entity=str(item)[:50])
                # ok: prompt-logged
                logger.warning("pii_scrubbed_from_entity", entity_length=len(str(item)))
            else:
                cleaned.append(item)
        return cleaned

    return {key: scrub_list(value) for key, value in entities.items()}


def extract(text: str) -> dict:
    reply = client.messages.create(
        model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        max_tokens=2048,
        messages=[{"role": "user", "content": text}],
    )
    return scrub_entities(json.loads(reply.content[0].text))
