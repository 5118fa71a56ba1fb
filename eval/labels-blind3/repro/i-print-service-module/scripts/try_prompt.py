"""Look-alike: a developer script (not imported by the service); its console is the developer's."""

from langchain_aws import ChatBedrockConverse

llm = ChatBedrockConverse(model="eu.anthropic.claude-3-7-sonnet-20250219-v1:0", region_name="eu-central-1")

if __name__ == "__main__":
    prompt = input("prompt: ")
    # ok: prompt-logged
    print(llm.invoke(prompt).content)
