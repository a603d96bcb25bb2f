"""Use cases: the only code that changes stored state. One function per change, each in one
transaction that also writes its audit row."""
