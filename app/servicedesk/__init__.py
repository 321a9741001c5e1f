"""The support desk: tickets, SLA clocks on the business calendar, call logs,
complaints, and dispute holds that pause collections."""
