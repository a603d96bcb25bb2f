"""SOA 2003 Part 2 notification requirements (``requirements``) and the risk notifications
that travel abroad proposes (``proposals``); pure rules, versioned data."""
