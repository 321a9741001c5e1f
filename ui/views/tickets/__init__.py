"""The tickets desk: queues, ticket detail with timeline, the call panel."""
