"""Story grouping: which story an incoming article belongs to, across ru/kk/en.

An article is read as the mean vector of its lead sentences (the multilingual encoder, no
translation needed) plus the evidence outlets in other languages share: names and places
across scripts, numbers, event days and the published day (`profile`). It is scored against
every story (`score`) and joins the best above a threshold or starts a story of its own
(`assign`); every decision keeps its evidence. Stories made by hand are never merged; moves the
user makes are remembered (`records`, `moves`); `regroup` sorts a workspace again in batch.
"""
