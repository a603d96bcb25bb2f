"""Cross-border exchange between national nodes (issue 13): the envelope every message travels
in (``envelope``), its content per message type, codes, deadlines and channels."""
