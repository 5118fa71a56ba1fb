from langchain_anthropic import ChatAnthropic


def get_llm():
    return ChatAnthropic(model="claude-sonnet-4-5")
