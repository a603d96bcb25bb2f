"""SOA 2003 Part 2 notification records (``records``), the risk notifications that travel
abroad proposes (``proposals``, pre-filled by ``prefill``), requests to transfer supervision
abroad (``transfers``, with its inbox handler) and conviction notices to states of nationality
(``convictions``); decision 0022. Adapters import the module they need."""
