"""Caller in another module (careguideai agents/symptom_extractor.py:130)."""

from app.services.bedrock_service import bedrock_service

SYSTEM_PROMPT = "You are a medical intake assistant. Extract structured symptom information."


def run(transcript: str) -> dict:
    # ruleid: phi-without-zdr
    return bedrock_service.invoke(system_prompt=SYSTEM_PROMPT, user_message=f"Patient transcript:\n{transcript}")


def index(transcript: str) -> list:
    # ok: phi-without-zdr
    return bedrock_service.embed(f"Patient transcript:\n{transcript}")
