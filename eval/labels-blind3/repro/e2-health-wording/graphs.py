"""Instructions in the file that speak of a person's health in consumer wording the context heuristic
does not know (healthcare_hackathon_2025 chatgraph.py:71, dashboardgraph.py:116-128,
questionsgraph.py:92-96; voice-of-care-asha bedrock_service.py:257 "healthcare data analyst ...
Home-Based Newborn Care"; medgraph prompts/entity_extraction.py:18-20 "medical entity extraction ...
CLINICAL information ... health text"). The content is of unknown origin in each (node state,
database rows). Replacing the wording by "the patient's medical history" makes each one reported.
"""

import json

from langchain_aws import ChatBedrockConverse
from langchain_core.messages import HumanMessage, SystemMessage

llm = ChatBedrockConverse(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", region_name="eu-central-1")


def supervisor_agent(state):
    context = (
        "You are a healthcare agent. If the user is scared because of an illness, support them; if they "
        "need to go to the doctor, motivate them; identify potential health issues early. "
        f"User's daily answers: {state['daily_answers']}. Registration info: {state['registration_answers']}."
    )
    # ruleid: phi-without-zdr
    return llm.invoke([SystemMessage(content=context), *state["messages"]])


def widget_agent(state):
    prompt = f"You are a health dashboard assistant. Based on the user's profile data, write 4 tips.\n[User Data]\n{json.dumps(state['user_data'])}"
    # ruleid: phi-without-zdr
    return llm.invoke([SystemMessage(content=prompt)])


def questions_agent(state):
    prompt = f"Recent health summary: {state['summary']}\nGenerate up to 2 additional daily health questions."
    # ruleid: phi-without-zdr
    return llm.invoke([HumanMessage(content=prompt)])


def newborn_register(rows):
    prompt = f"You are a healthcare data analyst. Build the Home-Based Newborn Care visit register (breathing, feeding, jaundice).\n{json.dumps(rows)}"
    # ruleid: phi-without-zdr
    return llm.invoke(prompt)


def service_health(state):
    prompt = (
        f"You are an SRE assistant. Summarise the health check results of our services:\n{json.dumps(state['checks'])}"
    )
    # ok: phi-without-zdr
    return llm.invoke(prompt)


def market_report(state):
    prompt = f"You are a healthcare industry analyst. Summarise these hospital chains' quarterly revenue:\n{json.dumps(state['filings'])}"
    # ok: phi-without-zdr
    return llm.invoke(prompt)
