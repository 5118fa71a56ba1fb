from langchain_anthropic import ChatAnthropic

model = ChatAnthropic(model="claude-sonnet-4-5")


def answer(question: str) -> str:
    return model.invoke(question).content
