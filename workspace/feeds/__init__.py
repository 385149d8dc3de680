"""Following the coverage: feeds (RSS/Atom), re-fetching articles, and their versions.

`registry` keeps the list of feeds (feeds.toml); `parse` reads feeds safely; `http` and
`polite` fetch with add's limits, conditional GET, robots.txt and a per-host delay; `watch`
polls feeds and takes new items; `refresh` re-fetches an article and `versions` keeps its
earlier texts as files; `versiondiff` and `facts` say what changed and whether it matters;
`changes` shows a story's changes since the user last looked, outlet against outlet.
"""
