"""Documents rendered as PDF: the RoSH summary and the risk management plan."""
