"""One module per engine: an Engine class with rankers, prepare(variant), search(variant, ranker), version()."""
