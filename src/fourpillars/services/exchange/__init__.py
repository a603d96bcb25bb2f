"""Cross-border exchange between national nodes (decision 0020): this node's keys,
its directory of peers, the outbox (``outbox.enqueue``), the inbox (``inbox.handler``,
``inbox.receive``), sending and the operator's reads and actions."""
