"""Claude wrapper whose replies leave the module wrapped in a dict, and whose JSON parser logs the
text it is given (careguideai bedrock_service.py:84-122; voice-of-care-asha bedrock_service.py:113-117,
306-368; demo-builder vertex_llm_client.py:211-246)."""

import json
import logging

import anthropic

logger = logging.getLogger(__name__)
client = anthropic.AnthropicBedrock(aws_region="eu-central-1")
MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"


class LLMService:
    def invoke(self, system_prompt: str, user_message: str) -> dict:
        response = client.messages.create(
            model=MODEL, max_tokens=1024, system=system_prompt, messages=[{"role": "user", "content": user_message}]
        )
        return {
            "content": response.content[0].text,
            "usage": response.usage.output_tokens,
            "stop_reason": response.stop_reason,
        }

    def invoke_json(self, system_prompt: str, user_message: str) -> dict:
        result = self.invoke(system_prompt, user_message)
        parsed = json.loads(result["content"])
        return {**parsed, "_tokens": result["usage"]}

    def parse_json_response(self, response_text: str) -> dict:
        # ruleid: prompt-logged
        logger.debug(f"Parsing Claude response (first 500 chars): {response_text[:500]}")
        # ok: prompt-logged
        logger.debug(f"Parsing a response of {len(response_text)} characters")
        return json.loads(response_text)


llm_service = LLMService()
