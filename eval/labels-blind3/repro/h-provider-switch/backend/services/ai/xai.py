from langchain_xai import ChatXAI


def get_llm(max_tokens: int = 6000):
    return ChatXAI(model="grok-4", max_tokens=max_tokens)
