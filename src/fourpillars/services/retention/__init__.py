"""Retention review of closed cases ([MOPI-2005]; decision 0030): the policy in force
(``policy``), the co-ordinator's reviews due and decisions (``reviews``), and the deletion of
a case's personal data in one transaction with its audit stub (``erasure``).

Adapters import the module they need (``from fourpillars.services.retention import
reviews``); the case services import ``policy`` while they are being imported themselves.
"""
