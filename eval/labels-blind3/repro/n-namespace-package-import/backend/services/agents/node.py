"""A module in a folder without __init__.py (nalamap backend/services/agents/nala_map_ai.py:5, 21-24).
Its absolute import `services.ai.llm` is resolved from none of the folders tried today (the folder
above the outermost package - there is none -, its own folder, the repository root, src/), so
get_llm() is unknown; with an empty services/agents/__init__.py the request is seen."""

import logging

from services.ai.llm import get_llm

logger = logging.getLogger(__name__)


async def query_ai(state: dict) -> dict:
    response = await get_llm().ainvoke(state["messages"])
    # ruleid: prompt-logged
    logger.info(f"reply: {response.content}")
    return {"messages": [response]}
