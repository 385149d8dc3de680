"""Ingestion: decode, extract, detect language, segment. `add.add_article` stores the result."""
