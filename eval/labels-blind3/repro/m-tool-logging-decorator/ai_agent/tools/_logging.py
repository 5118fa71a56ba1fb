"""A logging decorator applied to every tool implementation (agentforge ai_agent/tools/_logging.py:121-142).
No Claude in this module: the kwargs are arguments Claude chose (response content) and the result is
the tool output that goes back to Claude (prompt content) - known only from the modules that bind the
tools to a Claude model. The key-based sanitiser makes these debatable (see DIAGNOSIS.md)."""

import logging
from functools import wraps

logger = logging.getLogger("ai_agent.tools")


def logged_tool(func):
    @wraps(func)
    async def wrapper(*args, **kwargs):
        # ruleid: prompt-logged
        logger.info("tool_call_start", extra={"tool": func.__name__, "input": kwargs})
        result = await func(*args, **kwargs)
        # ruleid: prompt-logged
        logger.info("tool_call_end", extra={"tool": func.__name__, "output_summary": str(result)[:200]})
        # ok: prompt-logged
        logger.info("tool_call_end", extra={"tool": func.__name__, "output_chars": len(str(result))})
        return result

    return wrapper
