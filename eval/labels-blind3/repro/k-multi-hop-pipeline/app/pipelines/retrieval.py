"""A pipeline class whose run() puts the query into a langgraph state; a node sends it through the
wrapper of a third module (medgraph pipelines/retrieval_pipeline.py:46, 73-101, 174-185). Two limits
meet: the summary of run() does not follow graph.ainvoke(state) into the nodes, and a method that
sends through a helper imported from a third module is not known as sending."""

from langgraph.graph import END, StateGraph

from app.services.llm import LLMService


class RetrievalPipeline:
    def __init__(self) -> None:
        self.llm = LLMService()
        graph = StateGraph(dict)
        graph.add_node("answer", self._invoke_llm)
        graph.set_entry_point("answer")
        graph.add_edge("answer", END)
        self.graph = graph.compile()

    async def run(self, patient_id: str, query: str) -> dict:
        return await self.graph.ainvoke({"patient_id": patient_id, "query": query})

    async def _invoke_llm(self, state: dict) -> dict:
        # ruleid: phi-without-zdr (reported today)
        answer = self.llm.invoke(
            "Answer about the patient's records.", f"{state['query']} (patient {state['patient_id']})"
        )
        return {"response": answer}
