"""Received information (decision 0023): what other states send, applied by the inbox
handlers (``handlers``, ``receiving``), matched to a person (``matching``), read for a purpose
(``consulting``), the queues (``reads``), and requests for a person's criminal record
(``requests``).
"""
