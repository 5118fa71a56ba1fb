import logging

from services.ai.llm_config import get_llm

logger = logging.getLogger(__name__)


async def style(query: str) -> str:
    llm = get_llm()
    response = await llm.ainvoke(f"Suggest a map style for: {query}")
    combined_text = query + " " + response.content
    # ruleid: prompt-logged
    logger.debug(f"Extracting style from: {combined_text}")
    # ok: prompt-logged
    logger.debug(f"Extracted {len(combined_text)} characters")
    return response.content
