"""Prompt builders and system prompts in their own module (voice-of-care-asha bedrock_service.py:214-305
format_hbnc_report_prompt; medgraph app/prompts/entity_extraction.py:18, 72-86)."""

import json

EXTRACTION_SYSTEM_PROMPT = "You extract the diagnoses and medications from the patient's medical record."


def build_visit_prompt(visits: list) -> str:
    return f"Summarise each patient's home visits into the register.\n\nVisit data:\n{json.dumps(visits)}"


def build_extraction_prompt(text: str) -> str:
    return f"Extract the diagnoses and medications from this medical record:\n<record>\n{text}\n</record>"


def build_faq_prompt(question: str) -> str:
    return f"Answer this question about using the hospital's booking portal:\n{question}"
