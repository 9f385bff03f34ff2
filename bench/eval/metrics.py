"""Rank metrics over the questions: MRR@10, Recall@10, Recall@100."""


def first_relevant_rank(ranking, relevant):
    """1-based rank of the first relevant passage in ranking, 0 if absent."""
    for i, pid in enumerate(ranking, 1):
        if pid in relevant:
            return i
    return 0


def recall_at(ranking, relevant, k):
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def evaluate(questions, rankings):
    """questions: [{"qid", "relevant"}]; rankings: one list of passage ids
    (best first) per question, in the same order. Every question counts,
    answered or not, so engines are averaged over the same 7,569."""
    if len(rankings) != len(questions):
        raise ValueError("%d rankings for %d questions" % (len(rankings), len(questions)))
    rr = r10 = r100 = 0.0
    ranks = []
    for q, ranking in zip(questions, rankings):
        relevant = set(q["relevant"])
        rank = first_relevant_rank(ranking, relevant)
        ranks.append(rank)
        if 0 < rank <= 10:
            rr += 1.0 / rank
        r10 += recall_at(ranking, relevant, 10)
        r100 += recall_at(ranking, relevant, 100)
    n = len(questions)
    return {"mrr10": rr / n, "r10": r10 / n, "r100": r100 / n,
            "answered": sum(1 for r in rankings if r), "ranks": ranks}
