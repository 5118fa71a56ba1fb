import logging

from services.ai.fast_config import get_llm

logger = logging.getLogger(__name__)


async def geocode(query: str) -> str:
    response = await get_llm().ainvoke(f"Geocode: {query}")
    # ok: prompt-logged
    logger.debug(f"Geocoded {query} to {response.content}")
    return response.content
