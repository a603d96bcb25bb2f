"""Web views, one module per screen (a module is split when it holds two responsibilities):
search, cases, persons, sharing, audit, admin, auth. Views are adapters: they parse forms, call
services and render."""
