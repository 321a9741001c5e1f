"""Documents rendered with reportlab: pure functions from plain data to PDF bytes."""
