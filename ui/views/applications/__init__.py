"""The underwriter's desk: queue, detail, intake, decisions, documents."""
