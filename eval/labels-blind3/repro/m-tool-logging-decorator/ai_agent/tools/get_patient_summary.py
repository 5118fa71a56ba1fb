from langchain_core.tools import tool

from ai_agent.tools._logging import logged_tool


@logged_tool
async def _get_patient_summary_impl(patient_uuid: str) -> dict:
    return {"active_problems": ["..."], "patient_uuid": patient_uuid}


@tool
async def get_patient_summary(patient_uuid: str) -> dict:
    """Retrieve a patient's active problems, medications and allergies."""
    return await _get_patient_summary_impl(patient_uuid=patient_uuid)
