"""Collections: cases from end of day, claimed queues, compliant contact, promises to
pay, arrangements, escalation, letters and payment files."""
