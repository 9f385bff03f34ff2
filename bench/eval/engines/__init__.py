"""One module per engine, each with an Engine(ctx) class: rankers (a list of
(engine label, ranker label)), prepare(variant) (index, or reuse a cached
index, and say which), search(variant, ranker) (one list of passage ids per
question, best first; piaf_eval.measure times it) and, for the peers, version()."""
