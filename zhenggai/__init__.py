"""Zhenggai (整改): the working system behind a Party inspection's rectification."""
