"""Where work runs: a corpus of shards scored part by part, in this process or on Ray, with the same results."""
