"""Background jobs (decision 0017): the tasks the worker runs (``tasks``) and the scheduler
tick that enqueues the reminder scan (``schedule``). Tasks are thin: each calls one service in
its own request context, as a CLI command does."""
