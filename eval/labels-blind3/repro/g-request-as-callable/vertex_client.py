"""The SDK method handed to a thread pool as a callable (demo-builder vertex_llm_client.py:178-191).
Today `asyncio.to_thread(client.messages.create, ...)` is no request, so neither its content nor
its response is followed; a lambda around the call (medgraph routers/vaidya.py:107-108) works.
"""

import asyncio
import functools
import logging

from anthropic import AnthropicVertex
from openai import OpenAI

logger = logging.getLogger(__name__)
claude = AnthropicVertex(region="europe-west1", project_id="demo")
openai_client = OpenAI()


async def generate(prompt: str) -> str:
    response = await asyncio.to_thread(
        claude.messages.create,
        model="claude-sonnet-4-5@20250929",
        max_tokens=1024,
        messages=[{"role": "user", "content": prompt}],
    )
    text = response.content[0].text
    # ruleid: prompt-logged
    logger.error(f"Response text (first 500 chars): {text[:500]}")
    return text


async def generate_partial(prompt: str) -> str:
    loop = asyncio.get_running_loop()
    call = functools.partial(
        claude.messages.create,
        model="claude-sonnet-4-5@20250929",
        max_tokens=1024,
        messages=[{"role": "user", "content": prompt}],
    )
    response = await loop.run_in_executor(None, call)
    # ruleid: prompt-logged
    logger.error(f"Reply: {response.content[0].text}")
    return response.content[0].text


async def generate_openai(prompt: str) -> str:
    response = await asyncio.to_thread(
        openai_client.chat.completions.create, model="gpt-4o", messages=[{"role": "user", "content": prompt}]
    )
    text = response.choices[0].message.content
    # ok: prompt-logged
    logger.error(f"Reply: {text}")
    return text
