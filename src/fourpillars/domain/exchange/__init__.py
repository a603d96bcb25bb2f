"""Cross-border exchange between national nodes (decision 0020): the envelope every message travels
in (``envelope``), its content per message type, codes, deadlines and channels."""
