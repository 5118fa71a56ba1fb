"""Callers in another module."""

import logging

from app.services.llm_service import llm_service

logger = logging.getLogger(__name__)


def verify(transcript: str) -> dict:
    raw = llm_service.invoke_json(system_prompt="Review this triage.", user_message=transcript)
    if raw.get("escalated"):
        # ruleid: prompt-logged
        logger.warning("ESCALATED. Reason: %s", raw.get("escalation_reason"))
    # ok: prompt-logged
    logger.info("tokens used: %s", raw.get("_tokens"))
    return raw


def report(visits_text: str) -> dict:
    response = llm_service.invoke(system_prompt="Build the register as JSON.", user_message=visits_text)
    # ok: prompt-logged
    logger.info("stop reason %s, %s tokens", response["stop_reason"], response["usage"])
    report_data = llm_service.parse_json_response(response["content"])
    if "visits" not in report_data:
        # ruleid: prompt-logged
        logger.error(f"Missing 'visits' key in report_data: {report_data}")
    return report_data
