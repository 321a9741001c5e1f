"""The customer page: one panel every view shows a customer with."""
