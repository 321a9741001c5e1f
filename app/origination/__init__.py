"""Origination: applications, scorecard, decisions, funding and disbursement."""
