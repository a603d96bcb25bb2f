"""Web views, one module per screen (DESIGN convention 1): search, cases, persons, sharing,
audit, admin, auth. Views are adapters: they parse forms, call services and render."""
