"""Pure domain core: MAPPA rules, identifiers, names, access policy, audit chain.

Nothing in this package imports Django, an ORM or a web framework; a test enforces it.
"""
