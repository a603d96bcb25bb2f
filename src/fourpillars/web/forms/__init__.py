"""Django forms for the web UI: they carry what the user typed; the services hold the rules.

Fields are deliberately lenient (mostly optional text) so that every rule is checked once, in
``domain/``, and its field-level errors come back through ``errors.apply_domain_errors``.
"""
